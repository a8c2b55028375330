package dev.atrium.agents;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 over HTTP with the test clock: with {@code expire_unused_after_days} set, a self-registered application
 * that is used keeps living, one unused for longer is removed — it answers as an unknown client at {@code /oauth/token}, it is
 * gone from the Management API, and it no longer counts against the self-registration cap. Applications created by
 * hand never expire.
 */
class ApplicationExpiryTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static final String CB = "https://agent.example.com/cb";

    @BeforeAll
    static void policy() {
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true},"
                + "\"atrium_onboarding_policy\":{\"expire_unused_after_days\":30}}").status()).isEqualTo(200);
    }

    @BeforeEach
    void freshBudgets() {
        clock.advance(Duration.ofSeconds(30));
    }

    /** Moves the server's clock; the Management API token of before has expired by then. */
    static void advance(Duration d) {
        clock.advance(d);
        atrium.forgetManagementToken();
    }

    static String register() {
        TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Agent\",\"redirect_uris\":[\"" + CB + "\"],\"token_endpoint_auth_method\":\"none\"}")).build());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("client_id").asString();
    }

    /** A token request naming the client: a use. A live client gets invalid_grant for the made-up code, a removed one the access_denied every unknown client gets. */
    static String tokenError(String clientId) {
        TestAtrium.Response r = atrium.postForm("/oauth/token", "grant_type=authorization_code&client_id=" + enc(clientId)
                + "&code=made-up&redirect_uri=" + enc(CB) + "&code_verifier=" + "v".repeat(43));
        assertThat(r.status()).as(r.body()).isBetween(400, 403);
        return r.json().get("error").asString();
    }

    static int exists(String clientId) {
        return atrium.mgmt("GET", "/clients/" + clientId, null).status();
    }

    @Test
    void aUsedApplicationLivesAndAnUnusedOneIsRemoved() {
        String used = register();
        String unused = register();
        for (int i = 0; i < 3; i++) {
            advance(Duration.ofDays(20));
            assertThat(tokenError(used)).isEqualTo("invalid_grant");
        }
        // 60 days on: the used one lives, the other answers as unknown and is gone
        assertThat(tokenError(unused)).isEqualTo("access_denied");
        assertThat(exists(unused)).isEqualTo(404);
        assertThat(exists(used)).isEqualTo(200);

        advance(Duration.ofDays(31));
        assertThat(tokenError(used)).isEqualTo("access_denied");
        assertThat(exists(used)).isEqualTo(404);
    }

    @Test
    void aNewRegistrationSweepsExpiredOnesAndFreesTheCap() {
        String stale = register();
        long count = atrium.mgmt("GET", "/clients?per_page=100", null).json().size();
        try {
            // the cap is reached only by counting the stale application
            atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":" + selfRegistered() + "}");
            clock.advance(Duration.ofSeconds(30));
            TestAtrium.Response capped = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"redirect_uris\":[\"" + CB + "\"]}")).build());
            assertThat(capped.status()).isEqualTo(403);
            advance(Duration.ofDays(31));
            // nobody looked the stale one up: the registration itself removes it before counting
            String fresh = register();
            assertThat(exists(stale)).isEqualTo(404);
            assertThat(exists(fresh)).isEqualTo(200);
            assertThat(atrium.mgmt("GET", "/clients?per_page=100", null).json().size()).isLessThanOrEqualTo((int) count);
        } finally {
            atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":1000}");
        }
    }

    @Test
    void applicationsCreatedByHandNeverExpire() {
        String id = atrium.mgmt("POST", "/clients", "{\"name\":\"By hand\",\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"]}")
                .json().get("client_id").asString();
        advance(Duration.ofDays(400));
        register();
        assertThat(exists(id)).isEqualTo(200);
    }

    @Test
    void theExpirySettingIsValidated() {
        for (String bad : new String[]{"0", "-1", "3651", "\"30\"", "1.5"}) {
            TestAtrium.Response r = atrium.mgmt("PATCH", "/tenants/settings",
                    "{\"atrium_onboarding_policy\":{\"expire_unused_after_days\":" + bad + "}}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("message").asString()).contains("expire_unused_after_days");
        }
    }

    static long selfRegistered() {
        long n = 0;
        for (var c : atrium.mgmt("GET", "/clients?per_page=100", null).json()) {
            if (!c.path("is_first_party").asBoolean(true)) {
                n++;
            }
        }
        return n;
    }
}
