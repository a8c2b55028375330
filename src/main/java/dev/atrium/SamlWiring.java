package dev.atrium;

import dev.atrium.connections.ConnectionService;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.saml.SamlOptions;
import dev.atrium.connections.saml.SamlRequests;
import dev.atrium.connections.saml.SamlResponseValidator;
import dev.atrium.enterprise.EnterpriseUsers;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.storage.JdbcAssertionIdStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.SamlLoginPages;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/** Wiring of SAML 2.0 connections (issue 11), kept out of {@link Atrium}. */
final class SamlWiring {
    private SamlWiring() {
    }

    static SamlLoginPages pages(HostedPages pages, AuthorizeEndpoint authorize, SamlOptions options, EnterpriseUsers users,
                                SecretSealer sealer, Cookies cookies, ConnectionService connections, Jdbi jdbi, String issuer,
                                Clock clock) {
        SamlRequests requests = new SamlRequests(issuer, options);
        return new SamlLoginPages(pages, authorize, requests, new SamlResponseValidator(requests, new JdbcAssertionIdStore(jdbi)),
                users, sealer, cookies, connections::findByName, clock);
    }
}
