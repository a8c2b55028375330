package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, point 1: a self-registered user running a user flow for the Management API audience with
 * administrative scopes. Like Auth0, the flow yields only the current_user scopes, which act on the
 * token's own user; every other /api/v2 endpoint refuses a user token (403 {@code insufficient_scope});
 * a request that keeps no current_user scope is refused with {@code access_denied}; the Management
 * API's access policy cannot be widened; and a code or refresh token recorded with administrative
 * scopes (by an older version) yields none at the exchange or the refresh.
 */
class ManagementApiEscalationTest {
    static final String PASSWORD = "Sign3d-Up-Passw0rd!";
    static final String ADMIN_SCOPES = "update:users create:clients update:users_app_metadata read:users delete:users "
            + "update:resource_servers create:client_grants update:atrium_admins";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SecurityFixture fx;
    static String mgmt;

    @BeforeAll
    static void tenant() {
        fx = new SecurityFixture(atrium);
        mgmt = atrium.server().managementAudience();
    }

    @Test
    void a_signed_up_user_asking_for_administrator_scopes_gets_only_current_user_scopes() {
        String email = "mallory-" + System.nanoTime() + "@example.com";
        String me = fx.signUp(email, PASSWORD);
        String victim = fx.createUser("victim-" + System.nanoTime() + "@example.com", "Vict1m-Passw0rd!");

        String code = fx.code(new TestBrowser(atrium.baseUrl()), mgmt,
                "openid read:current_user update:current_user_metadata " + ADMIN_SCOPES, email, PASSWORD);
        TestAtrium.Response tokens = fx.exchange(code);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String token = tokens.json().get("access_token").asString();
        List<String> scopes = fx.scopes(token, mgmt);
        assertThat(scopes).containsExactlyInAnyOrder("openid", "read:current_user", "update:current_user_metadata");
        assertThat(tokens.json().get("scope").asString().split(" ")).containsExactlyInAnyOrder(
                "openid", "read:current_user", "update:current_user_metadata");
        assertThat(fx.verify(token, mgmt).getSubject()).isEqualTo(me);

        // every administrative endpoint refuses the user token, in Auth0's shape
        SecurityFixture.assertManagementError(atrium.mgmt("GET", "/clients", null, token), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("POST", "/clients", "{\"name\":\"pwned\"}", token), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("GET", "/users", null, token), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null, token),
                403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("DELETE", "/users/" + TestAtrium.enc(victim), null, token),
                403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("POST", "/users/" + TestAtrium.enc(me) + "/atrium-admin", "{}", token),
                403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(me),
                "{\"app_metadata\":{\"atrium_admin\":true}}", token), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(me),
                "{\"email_verified\":true}", token), 403, "insufficient_scope");
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(me) + "/atrium-admin", null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(victim), null).status()).isEqualTo(200);

        // another user's id: refused, nothing changed
        SecurityFixture.assertManagementError(atrium.mgmt("GET", "/users/" + TestAtrium.enc(victim), null, token), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(victim),
                "{\"user_metadata\":{\"owned\":true}}", token), 403, "insufficient_scope");
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(victim), null).json().path("user_metadata").has("owned")).isFalse();

        // control: the current-user operations work on the token's own user
        TestAtrium.Response own = atrium.mgmt("GET", "/users/" + TestAtrium.enc(me), null, token);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("email").asString()).isEqualTo(email);
        TestAtrium.Response patched = atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(me), "{\"user_metadata\":{\"theme\":\"dark\"}}", token);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(me), null).json().get("user_metadata").get("theme").asString())
                .isEqualTo("dark");
        // removing a key needs update: or delete:current_user_metadata; this token has update:
        assertThat(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(me), "{\"user_metadata\":{\"theme\":null}}", token).status())
                .isEqualTo(200);
    }

    @Test
    void a_user_flow_that_keeps_no_current_user_scope_is_refused_with_access_denied() {
        String email = "eve-" + System.nanoTime() + "@example.com";
        fx.signUp(email, PASSWORD);
        TestBrowser.Page back = fx.authorize(new TestBrowser(atrium.baseUrl()), mgmt, "openid " + ADMIN_SCOPES, email, PASSWORD);
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).startsWith(SecurityFixture.CALLBACK);
        assertThat(SecurityFixture.query(back.location())).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void a_user_grant_on_the_management_api_does_not_widen_a_user_flow() {
        // the tenant administrator adds a user-subject grant with every administrative scope: still only current_user scopes
        TestAtrium.Response grant = atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + fx.appId + "\",\"audience\":\"" + mgmt
                + "\",\"subject_type\":\"user\",\"scope\":[\"update:users\",\"create:clients\",\"read:current_user\"]}");
        String email = "trent-" + System.nanoTime() + "@example.com";
        fx.signUp(email, PASSWORD);
        TestAtrium.Response tokens = fx.exchange(fx.code(new TestBrowser(atrium.baseUrl()), mgmt,
                "read:current_user update:users create:clients", email, PASSWORD));
        assertThat(tokens.status()).as(tokens + " (grant: " + grant + ")").isEqualTo(200);
        assertThat(fx.scopes(tokens.json().get("access_token").asString(), mgmt)).containsExactly("read:current_user");
    }

    @Test
    void the_management_api_access_policies_cannot_be_changed() {
        JsonNode system = atrium.mgmt("GET", "/resource-servers/" + TestAtrium.enc(mgmt), null).json();
        String id = system.get("id").asString();
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/resource-servers/" + id,
                "{\"subject_type_authorization\":{\"user\":{\"policy\":\"allow_all\"},\"client\":{\"policy\":\"require_client_grant\"}}}"),
                403, "operation_not_supported");
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/resource-servers/" + id,
                "{\"skip_consent_for_verifiable_first_party_clients\":true}"), 403, "operation_not_supported");
        SecurityFixture.assertManagementError(atrium.mgmt("PATCH", "/resource-servers/" + id, "{\"allow_offline_access\":true}"),
                403, "operation_not_supported");
        assertThat(atrium.mgmt("GET", "/resource-servers/" + id, null).json()).isEqualTo(system);
        // the system API declares the current_user scopes beside the administrative ones
        assertThat(system.get("scopes").toString()).contains("read:current_user", "update:current_user_metadata", "update:users");
    }

    @Test
    void a_code_recorded_with_administrator_scopes_yields_none_at_the_exchange() {
        String email = "oscar-" + System.nanoTime() + "@example.com";
        String me = fx.signUp(email, PASSWORD);
        String mixed = StoredGrants.plant(atrium, fx.appId, SecurityFixture.CALLBACK, me, fx.connectionId, mgmt,
                List.of("openid", "read:current_user", "update:users", "create:clients"), SecurityFixture.s256(SecurityFixture.VERIFIER));
        TestAtrium.Response r = fx.exchange(mixed);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(fx.scopes(r.json().get("access_token").asString(), mgmt)).containsExactlyInAnyOrder("openid", "read:current_user");

        String adminOnly = StoredGrants.plant(atrium, fx.appId, SecurityFixture.CALLBACK, me, fx.connectionId, mgmt,
                List.of("update:users", "create:clients"), SecurityFixture.s256(SecurityFixture.VERIFIER));
        TestAtrium.Response refused = fx.exchange(adminOnly);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("access_denied");
        assertThat(refused.body()).doesNotContain("access_token");
    }

    @Test
    void a_refresh_token_recorded_with_administrator_scopes_yields_none_at_the_refresh() {
        String email = "rita-" + System.nanoTime() + "@example.com";
        String me = fx.signUp(email, PASSWORD);
        String mixed = StoredGrants.plantRefreshToken(atrium, fx.appId, me, fx.connectionId, mgmt,
                List.of("read:current_user", "update:users", "offline_access"));
        TestAtrium.Response r = fx.refresh(mixed);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(fx.scopes(r.json().get("access_token").asString(), mgmt)).doesNotContain("update:users").contains("read:current_user");
        // asking a refresh for the administrative scope alone is refused
        TestAtrium.Response asked = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token="
                + TestAtrium.enc(r.json().get("refresh_token").asString()) + "&scope=update:users&client_id=" + fx.appId
                + "&client_secret=" + TestAtrium.enc(fx.appSecret));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(403);
        assertThat(asked.body()).doesNotContain("access_token");

        String adminOnly = StoredGrants.plantRefreshToken(atrium, fx.appId, me, fx.connectionId, mgmt,
                List.of("update:users", "create:clients", "offline_access"));
        TestAtrium.Response refused = fx.refresh(adminOnly);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("access_token");
    }

    @Test
    void a_client_credentials_token_carries_no_current_user_scope() {
        String token = fx.managementClient("read:current_user", "read:users");
        assertThat(fx.scopes(token, mgmt)).containsExactly("read:users");
    }
}
