package dev.atrium.agents;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 over HTTP: an onboarding policy with {@code dynamic_registration: initial_access_token} opens
 * {@code POST /oidc/register} only to the bearer of a live initial access token minted through Atrium's own
 * {@code /api/v2/atrium-initial-access-tokens}. Attacks: no token, a wrong one, a revoked one, an expired one, a
 * token in another scheme — each a 401 {@code invalid_token} that creates no application; the plain token is never
 * stored nor listed again; bad minting input is the Management API's 400.
 */
class InitialAccessTokenTest {
    static final TestClock clock = new TestClock();
    static final String DB = "jdbc:h2:mem:iat-" + UUID.randomUUID();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withDatabase(DB, "", ""), clock);
    static final String BODY = "{\"client_name\":\"Agent\",\"redirect_uris\":[\"https://agent.example.com/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\"}";

    @BeforeAll
    static void policy() {
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true},"
                + "\"atrium_onboarding_policy\":{\"dynamic_registration\":\"initial_access_token\"}}").status()).isEqualTo(200);
    }

    @BeforeEach
    void freshBudgets() {
        clock.advance(Duration.ofSeconds(30));
    }

    static TestAtrium.Response register(String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return atrium.send(b.build());
    }

    static JsonNode mint(String body) {
        TestAtrium.Response r = atrium.mgmt("POST", "/atrium-initial-access-tokens", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static int clients() {
        return atrium.mgmt("GET", "/clients?per_page=100", null).json().size();
    }

    static void refused(TestAtrium.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().get("error").asString()).isEqualTo("invalid_token");
        assertThat(r.json().get("error_description").asString()).isNotBlank();
    }

    @Test
    void aLiveTokenRegistersAndTheWrongOnesAreRefused() {
        JsonNode minted = mint("{\"description\":\"vendor X\",\"expires_in\":3600}");
        String token = minted.get("token").asString();
        int before = clients();

        refused(register(null));
        refused(register("Bearer " + token + "x"));
        refused(register("Basic " + token));
        refused(register("Bearer "));
        assertThat(clients()).isEqualTo(before);

        TestAtrium.Response ok = register("Bearer " + token);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("client_id").asString()).isNotBlank();
        clock.advance(Duration.ofSeconds(30));
        // a token serves several registrations until it expires or is revoked
        assertThat(register("Bearer " + token).status()).isEqualTo(201);
        assertThat(clients()).isEqualTo(before + 2);
    }

    @Test
    void aRevokedTokenIsRefused() {
        JsonNode minted = mint("{}");
        String id = minted.get("id").asString();
        assertThat(atrium.mgmt("DELETE", "/atrium-initial-access-tokens/" + id, null).status()).isEqualTo(204);
        refused(register("Bearer " + minted.get("token").asString()));
        TestAtrium.Response again = atrium.mgmt("DELETE", "/atrium-initial-access-tokens/" + id, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("errorCode").asString()).isEqualTo("inexistent_initial_access_token");
    }

    @Test
    void anExpiredTokenIsRefused() {
        JsonNode minted = mint("{\"expires_in\":120}");
        assertThat(register("Bearer " + minted.get("token").asString()).status()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(121));
        refused(register("Bearer " + minted.get("token").asString()));
    }

    @Test
    void theTokenIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        JsonNode minted = mint("{\"description\":\"once\"}");
        String token = minted.get("token").asString();
        assertThat(minted.get("expires_at").asString()).isNotBlank();
        TestAtrium.Response list = atrium.mgmt("GET", "/atrium-initial-access-tokens", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(minted.get("id").asString()).doesNotContain(token);
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(DB, "", "");
             ResultSet rs = c.createStatement().executeQuery("select * from initial_access_tokens")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    stored.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        assertThat(stored).isNotEmpty().noneMatch(v -> v.contains(token) || v.contains(token.substring(6)));
    }

    @Test
    void badMintingInputAndMissingAuthenticationAreRefused() {
        for (String bad : List.of("{\"expires_in\":10}", "{\"expires_in\":\"soon\"}", "{\"expires_in\":99999999999}",
                "{\"description\":7}", "{\"scope\":\"all\"}", "[]")) {
            TestAtrium.Response r = atrium.mgmt("POST", "/atrium-initial-access-tokens", bad);
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).isNotBlank();
        }
        assertThat(atrium.mgmt("POST", "/atrium-initial-access-tokens", "{}", null).status()).isEqualTo(401);
        assertThat(atrium.mgmt("GET", "/atrium-initial-access-tokens", null, "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void thePolicyCanCloseRegistrationAndRejectsUnknownModes() {
        try {
            assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"dynamic_registration\":\"off\"}}")
                    .status()).isEqualTo(200);
            String token = mint("{}").get("token").asString();
            TestAtrium.Response r = register("Bearer " + token);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("error").asString()).isEqualTo("access_denied");
            assertThat(atrium.get("/.well-known/oauth-authorization-server").json().has("registration_endpoint")).isFalse();
            TestAtrium.Response bad = atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"dynamic_registration\":\"maybe\"}}");
            assertThat(bad.status()).isEqualTo(400);
        } finally {
            atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"dynamic_registration\":\"initial_access_token\"}}");
        }
    }
}
