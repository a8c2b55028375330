package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse of open dynamic client registration (issue 9 point 13, registration part, and point 16): every
 * registration costs a row, so one address gets a small budget of its own beside the tenant-wide five per
 * second, the tenant caps how many dynamically registered applications may exist
 * ({@code atrium_dynamic_client_registration_limit}, default 1000), and a registration may not call itself
 * after Atrium's own applications ("Atrium Dashboard") to borrow their trust on a consent screen. The
 * server's clock is a {@link TestClock}, so the rate windows are crossed without waiting.
 */
class DynamicRegistrationAbuseTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);

    @BeforeAll
    static void open() {
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}").status())
                .isEqualTo(200);
    }

    @BeforeEach
    void freshBudgets() {
        // a full per-address bucket and a fresh tenant second for every test
        clock.advance(Duration.ofSeconds(30));
    }

    static TestAtrium.Response register(String json) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static long dynamicClients() {
        JsonNode all = atrium.mgmt("GET", "/clients?per_page=100", null).json();
        JsonNode list = all.isArray() ? all : all.get("clients");
        long n = 0;
        for (JsonNode c : list) {
            if (c.path("client_metadata").toString().contains("dynamic") || c.path("is_first_party").asBoolean(true) == false) {
                n++;
            }
        }
        return n;
    }

    static void oauthError(TestAtrium.Response r, int status, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        assertThat(r.json().get("error_description").asString()).isNotBlank();
    }

    @Test
    void oneAddressRunsOutOfItsOwnBudgetBeforeTheTenantLimitBites() {
        boolean limitedWithinTheTenantBudget = false;
        for (int second = 0; second < 6 && !limitedWithinTheTenantBudget; second++) {
            clock.advance(Duration.ofSeconds(1));
            // four requests in a fresh second stay under the tenant's five: only the address limit can refuse them
            for (int i = 0; i < 4; i++) {
                TestAtrium.Response r = register("{}");
                if (r.status() == 429) {
                    assertThat(r.json().get("error").asString()).isEqualTo("too_many_requests");
                    limitedWithinTheTenantBudget = true;
                    break;
                }
                assertThat(r.status()).as("admitted, then refused as metadata").isEqualTo(400);
            }
        }
        assertThat(limitedWithinTheTenantBudget).isTrue();
        clock.advance(Duration.ofSeconds(15));
        assertThat(register("{}").status()).as("the budget refills with time").isEqualTo(400);
    }

    @Test
    void theTenantCapsTheNumberOfRegisteredApplications() {
        long before = dynamicClients();
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":" + (before + 2) + "}")
                .status()).isEqualTo(200);
        try {
            for (int i = 0; i < 2; i++) {
                clock.advance(Duration.ofSeconds(2));
                assertThat(register("{\"client_name\":\"Agent " + i + "\",\"redirect_uris\":[\"https://agent.example/cb\"]}").status())
                        .isEqualTo(201);
            }
            clock.advance(Duration.ofSeconds(2));
            TestAtrium.Response refused = register("{\"client_name\":\"One too many\",\"redirect_uris\":[\"https://agent.example/cb\"]}");
            oauthError(refused, 403, "access_denied");
            assertThat(refused.json().get("error_description").asString()).contains("limit");
            assertThat(dynamicClients()).isEqualTo(before + 2);
            assertThat(atrium.mgmt("GET", "/clients?per_page=100", null).body()).doesNotContain("One too many");
        } finally {
            atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":1000}");
        }
    }

    @Test
    void theLimitSettingIsValidated() {
        for (String bad : List.of("-1", "\"many\"", "1.5", "true")) {
            TestAtrium.Response r = atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":" + bad + "}");
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
        }
    }

    @Test
    void namesImitatingAtriumsOwnApplicationsAreRefused() {
        for (String name : List.of("Atrium Dashboard", "atrium dashboard", "  ATRIUM   DASHBOARD ", "Atrium-Dashboard",
                "Atrium Dashboard (official)", "\uFF21trium Dashboard", "Atrium bootstrap")) {
            clock.advance(Duration.ofSeconds(2));
            TestAtrium.Response r = register("{\"client_name\":" + tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(name)
                    + ",\"redirect_uris\":[\"https://agent.example/cb\"]}");
            oauthError(r, 400, "invalid_client_metadata");
        }
        assertThat(atrium.mgmt("GET", "/clients?per_page=100", null).json().toString()).doesNotContain("Dashboard (official)");
        clock.advance(Duration.ofSeconds(2));
        assertThat(register("{\"client_name\":\"Acme Dashboard\",\"redirect_uris\":[\"https://agent.example/cb\"]}").status())
                .isEqualTo(201);
    }

    @Test
    void redirectUrisWithUserInfoAreRefused() {
        for (String url : List.of("https://user:pw@agent.example/cb", "https://agent.example@evil.example.net/cb")) {
            clock.advance(Duration.ofSeconds(2));
            oauthError(register("{\"redirect_uris\":[\"" + url + "\"]}"), 400, "invalid_redirect_uri");
        }
    }
}
