package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import dev.atrium.web.dashboard.DashboardFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stolen refresh tokens of public applications (issue 9 point 8, RFC 9700 §4.14.2). A public application
 * (single-page, native, or {@code token_endpoint_auth_method: none}) cannot keep a secret, so its refresh
 * token is the only credential: new ones rotate (a stolen token replayed after the app used it revokes
 * the family) and expire, whether created through the Management API, the dashboard or dynamic
 * registration. Confidential applications keep Auth0's non-rotating default.
 */
class PublicClientRefreshTokenTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD), clock);
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static void rotatesAndExpires(JsonNode client) {
        JsonNode rt = client.get("refresh_token");
        assertThat(rt.get("rotation_type").asString()).as(client.toString()).isEqualTo("rotating");
        assertThat(rt.get("expiration_type").asString()).isEqualTo("expiring");
        assertThat(rt.get("infinite_token_lifetime").asBoolean()).isFalse();
        assertThat(rt.get("infinite_idle_token_lifetime").asBoolean()).isFalse();
        assertThat(rt.get("token_lifetime").asLong()).isPositive();
    }

    @Test
    void publicApplicationsFromTheManagementApiRotateAndExpire() {
        rotatesAndExpires(ok(atrium.mgmt("POST", "/clients", "{\"name\":\"SPA\",\"app_type\":\"spa\"}")));
        rotatesAndExpires(ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Native\",\"app_type\":\"native\"}")));
        rotatesAndExpires(ok(atrium.mgmt("POST", "/clients", "{\"name\":\"None\",\"token_endpoint_auth_method\":\"none\"}")));
        // a partial setting is completed towards safety rather than read as non-rotating
        rotatesAndExpires(ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partial\",\"app_type\":\"spa\",\"refresh_token\":{\"leeway\":5}}")));
        JsonNode web = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Confidential\",\"app_type\":\"regular_web\"}"));
        assertThat(web.get("refresh_token").get("rotation_type").asString()).isEqualTo("non-rotating");
    }

    @Test
    void publicApplicationsFromTheDashboardRotateAndExpire() {
        TestBrowser browser = DashboardFixture.admin(atrium);
        TestBrowser.Page form = browser.open("/dashboard/applications/new");
        TestBrowser.Page created = DashboardFixture.submit(browser, form, "form[data-form=create]",
                Map.of("name", "Dashboard SPA", "app_type", "spa"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(created.location()).startsWith("/dashboard/applications/");
        String id = created.location().substring("/dashboard/applications/".length()).replaceAll("[?#].*", "");
        rotatesAndExpires(ok(atrium.mgmt("GET", "/clients/" + id, null)));
    }

    @Test
    void publicApplicationsFromDynamicRegistrationRotateAndExpire() {
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true,"
                + "\"third_party_permissive_mode_eligible\":true},\"dynamic_client_registration_security_mode\":\"permissive\"}").status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"CLI\",\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],\"token_endpoint_auth_method\":\"none\"}")).build());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        rotatesAndExpires(ok(atrium.mgmt("GET", "/clients/" + r.json().get("client_id").asString(), null)));
    }

    /** A refresh token for the fixture's single-page application, through the browser and PKCE. */
    static String spaRefreshToken() {
        String verifier = "r".repeat(64);
        String url = "/authorize?response_type=code&client_id=" + f.spaId + "&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK)
                + "&scope=" + enc("openid offline_access") + "&state=s&code_challenge=" + SignInFixture.s256(verifier)
                + "&code_challenge_method=S256";
        String code = f.code(new TestBrowser(atrium.baseUrl()), url);
        JsonNode tokens = ok(atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(SignInFixture.SPA_CALLBACK) + "&client_id=" + f.spaId + "&code_verifier=" + verifier));
        assertThat(tokens.get("refresh_token")).as(tokens.toString()).isNotNull();
        return tokens.get("refresh_token").asString();
    }

    static TestAtrium.Response refresh(String token) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + enc(token) + "&client_id=" + f.spaId);
    }

    @Test
    void aStolenRefreshTokenReplayedAfterRotationRevokesTheFamily() {
        String stolen = spaRefreshToken();
        String rotated = ok(refresh(stolen)).get("refresh_token").asString();
        assertThat(rotated).isNotEqualTo(stolen);
        assertError(refresh(stolen), 403, "invalid_grant", "Unknown or invalid refresh token.");
        assertError(refresh(rotated), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    @Test
    void aPublicApplicationsRefreshTokenExpires() {
        String token = spaRefreshToken();
        clock.advance(Duration.ofDays(31));
        try {
            assertError(refresh(token), 403, "invalid_grant", "Unknown or invalid refresh token.");
        } finally {
            clock.advance(Duration.ofDays(-31));
        }
    }
}
