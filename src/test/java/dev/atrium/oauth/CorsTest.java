package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api-contract.md §A.1, CORS: single-page applications call {@code /oauth/token}, {@code /oauth/revoke}
 * and {@code /userinfo} from their own origin; only origins an application lists get CORS headers, and
 * the discovery documents may be read from anywhere.
 */
class CorsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String ORIGIN = "https://spa-" + System.nanoTime() + ".example.com";

    @BeforeAll
    static void spa() {
        var r = atrium.mgmt("POST", "/clients", "{\"name\":\"CORS SPA\",\"app_type\":\"spa\",\"callbacks\":[\"" + ORIGIN
                + "/cb\"],\"web_origins\":[\"" + ORIGIN + "\"]}");
        assertThat(r.status()).isEqualTo(201);
    }

    static TestAtrium.Response preflight(String path, String origin) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, auth0-client")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void preflightFromAListedOriginIsAnsweredForThatOriginOnly() {
        for (String path : new String[]{"/oauth/token", "/oauth/revoke", "/userinfo"}) {
            var r = preflight(path, ORIGIN);
            assertThat(r.status()).as(path).isBetween(200, 204);
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isEqualTo(ORIGIN);
            assertThat(r.header("Access-Control-Allow-Methods")).as(path).contains("POST");
            assertThat(r.header("Access-Control-Allow-Headers")).as(path).contains("auth0-client");
        }
    }

    @Test
    void anOriginNoApplicationListsGetsNoCorsHeaders() {
        var r = preflight("/oauth/token", "https://evil.example.net");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        var token = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Origin", "https://evil.example.net").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertThat(token.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theActualRequestCarriesTheOriginToo() {
        var r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Origin", ORIGIN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    }

    @Test
    void discoveryDocumentsAreReadableFromAnyOrigin() {
        assertThat(atrium.get("/.well-known/openid-configuration").header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(atrium.get("/.well-known/jwks.json").header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
