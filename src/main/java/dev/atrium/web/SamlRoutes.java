package dev.atrium.web;

import dev.atrium.web.ui.EnterpriseLoginPages;
import io.javalin.config.RoutesConfig;

/**
 * The routes of SAML connections (issue 11): the SP metadata, the assertion consumer service and its hand-over. The
 * posted callback is shared with front-channel OpenID Connect answers; {@link EnterpriseLoginPages#posted} tells them apart.
 */
public final class SamlRoutes {
    private SamlRoutes() {
    }

    public static void register(RoutesConfig r, EnterpriseLoginPages enterprise) {
        r.get("/samlp/metadata", enterprise.saml()::metadata);
        r.post("/login/callback", enterprise::posted);
        r.get("/login/callback/samlp", enterprise.saml()::complete);
    }
}
