package dev.atrium.web;

import dev.atrium.web.ui.SamlLoginPages;
import io.javalin.config.RoutesConfig;

/** The routes of SAML connections (issue 11): the SP metadata, the assertion consumer service and its hand-over. */
public final class SamlRoutes {
    private SamlRoutes() {
    }

    public static void register(RoutesConfig r, SamlLoginPages saml) {
        r.get("/samlp/metadata", saml::metadata);
        r.post("/login/callback", saml::acs);
        r.get("/login/callback/samlp", saml::complete);
    }
}
