package dev.atrium.web.management;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 2 point 5: every {@code /api/v2} call checks the bearer token, its audience and its scope. */
class ManagementAuthenticationTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    @Test
    void bootstrapClientGetsManagementTokenWithEveryScope() {
        var r = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                atrium.server().managementAudience(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asInt()).isEqualTo(86400);
        assertThat(r.json().get("scope").asString().split(" ")).contains("read:clients", "update:tenant_settings");
    }

    @Test
    void missingTokenIs401() {
        var r = atrium.mgmt("GET", "/clients", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(401);
        assertThat(r.json().get("error").asString()).isEqualTo("Unauthorized");
        assertThat(r.json().get("message").asString()).isEqualTo("Missing authentication");
    }

    @Test
    void garbledTokenIs401() {
        var r = atrium.mgmt("GET", "/clients", null, "not-a-jwt");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("message").asString()).isEqualTo("Invalid token");
    }

    @Test
    void tokenForAnotherAudienceIs401() {
        String api = "https://orders.example.com/" + System.nanoTime();
        atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"scopes\":[{\"value\":\"read:orders\"}]}");
        atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + TestAtrium.BOOTSTRAP_ID + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:orders\"]}");
        var token = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET, api, null);
        assertThat(token.status()).isEqualTo(200);
        var r = atrium.mgmt("GET", "/clients", null, token.json().get("access_token").asString());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("message").asString()).isEqualTo("Invalid token");
    }

    @Test
    void tokenMissingScopeIs403WithInsufficientScope() {
        var token = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                atrium.server().managementAudience(), "read:users");
        assertThat(token.json().get("scope").asString()).isEqualTo("read:users");
        var r = atrium.mgmt("GET", "/clients", null, token.json().get("access_token").asString());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asString()).isEqualTo("Forbidden");
        assertThat(r.json().get("errorCode").asString()).isEqualTo("insufficient_scope");
        assertThat(r.json().get("message").asString()).contains("read:clients");
    }

    @Test
    void wrongSecretIs401AccessDenied() {
        var r = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, "wrong-secret-wrong-secret", atrium.server().managementAudience(), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asString()).isEqualTo("access_denied");
        assertThat(r.json().get("error_description").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void responsesCarryRateLimitHeaders() {
        var r = atrium.mgmt("GET", "/clients", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-RateLimit-Limit")).isNotNull();
        assertThat(r.header("X-RateLimit-Remaining")).isNotNull();
        assertThat(r.header("X-RateLimit-Reset")).isNotNull();
    }
}
