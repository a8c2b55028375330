package dev.atrium;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.saml.SamlOptions;
import dev.atrium.connections.saml.SamlRequests;
import dev.atrium.connections.saml.SamlResponseValidator;
import dev.atrium.enterprise.EnterpriseUsers;
import dev.atrium.enterprise.OidcRelyingParty;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.storage.JdbcAssertionIdStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.FederatedLogout;
import dev.atrium.web.ui.ConnectionTry;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.SamlLoginPages;
import org.jdbi.v3.core.Jdbi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Wiring of enterprise connections (issue 11: SAML sign-in, federated logout), kept out of {@link Atrium}. */
final class EnterpriseWiring {
    private EnterpriseWiring() {
    }

    static SamlLoginPages pages(HostedPages pages, AuthorizeEndpoint authorize, SamlOptions options, EnterpriseUsers users,
                                SecretSealer sealer, Cookies cookies, ConnectionService connections, Jdbi jdbi, String issuer,
                                Clock clock, ConnectionTry connectionTry) {
        SamlRequests requests = new SamlRequests(issuer, options);
        SamlLoginPages saml = new SamlLoginPages(pages, authorize, requests, new SamlResponseValidator(requests,
                new JdbcAssertionIdStore(jdbi)), users, sealer, cookies, connections::findByName, clock).withTry(connectionTry);
        connectionTry.withSaml(saml); // the dashboard's "Try" of a SAML connection runs through the same pages
        return saml;
    }

    /** {@code /v2/logout?federated}: on to the end-session endpoint of the session's OpenID Connect provider. */
    static FederatedLogout federatedLogout(ConnectionService connections, OidcRelyingParty rp) {
        return (connectionId, returnTo) -> connections.find(connectionId).filter(Connection::isOidc)
                .flatMap(c -> rp.endSessionEndpoint(c).map(uri -> {
                    StringBuilder sb = new StringBuilder(uri.toString()).append(uri.getRawQuery() == null ? '?' : '&')
                            .append("client_id=").append(enc(Json.text(c.options(), "client_id", "")));
                    returnTo.ifPresent(r -> sb.append("&post_logout_redirect_uri=").append(enc(r)));
                    return sb.toString();
                }));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
