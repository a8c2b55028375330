package dev.atrium.security;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, point 15 (second half): a password change, a block or a deletion, through the Management
 * API or the dashboard, ends every session of the user and revokes their refresh tokens. The user
 * service does it, so every path does. The checks are made where a stale credential would otherwise
 * come back to life: after an unblock, and after a user is created again with the deleted user's id.
 */
class AccountTerminationTest {
    static final String ADMIN = "admin@example.com";
    static final String ADMIN_PASSWORD = "Adm1n-Passw0rd!";
    static final String PASSWORD = "Us3r-Passw0rd-One!";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(ADMIN, ADMIN_PASSWORD));
    static SecurityFixture fx;

    @BeforeAll
    static void tenant() {
        fx = new SecurityFixture(atrium);
    }

    /** A user with a live SSO session in {@code browser} and a refresh token. */
    record Victim(String hex, String userId, String email, TestBrowser browser, String refreshToken) {
    }

    private static Victim signedIn() {
        String hex = Ids.hex(12);
        String email = "user-" + hex + "@example.com";
        JsonNode u = SecurityFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + SecurityFixture.CONNECTION
                + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"user_id\":\"" + hex + "\"}"));
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = fx.signedInWithRefreshToken(browser, email, PASSWORD);
        Victim v = new Victim(hex, u.get("user_id").asString(), email, browser, tokens.get("refresh_token").asString());
        // control: both work before the change
        assertThat(fx.hasSsoSession(browser)).isTrue();
        TestAtrium.Response r = fx.refresh(v.refreshToken());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Victim(hex, v.userId(), email, browser, r.json().get("refresh_token").asString());
    }

    private static void assertEnded(Victim v) {
        assertThat(fx.hasSsoSession(v.browser())).as("SSO session still live").isFalse();
        TestAtrium.Response r = fx.refresh(v.refreshToken());
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    private static String path(Victim v) {
        return "/users/" + TestAtrium.enc(v.userId());
    }

    @Test
    void a_password_change_through_the_management_api_ends_sessions_and_refresh_tokens() {
        Victim v = signedIn();
        assertThat(atrium.mgmt("PATCH", path(v), "{\"password\":\"N3w-Passw0rd-Two!\"}").status()).isEqualTo(200);
        assertEnded(v);
    }

    @Test
    void a_block_through_the_management_api_ends_them_for_good_even_after_an_unblock() {
        Victim v = signedIn();
        assertThat(atrium.mgmt("PATCH", path(v), "{\"blocked\":true}").status()).isEqualTo(200);
        assertThat(atrium.mgmt("PATCH", path(v), "{\"blocked\":false}").status()).isEqualTo(200);
        assertEnded(v);
    }

    @Test
    void a_deletion_through_the_management_api_ends_them_even_for_a_user_created_again_with_the_same_id() {
        Victim v = signedIn();
        assertThat(atrium.mgmt("DELETE", path(v), null).status()).isEqualTo(204);
        SecurityFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + SecurityFixture.CONNECTION + "\",\"email\":\""
                + v.email() + "\",\"password\":\"" + PASSWORD + "\",\"user_id\":\"" + v.hex() + "\"}"));
        assertEnded(v);
    }

    @Test
    void a_metadata_change_ends_nothing() {
        Victim v = signedIn();
        assertThat(atrium.mgmt("PATCH", path(v), "{\"user_metadata\":{\"k\":1},\"name\":\"Renamed\"}").status()).isEqualTo(200);
        assertThat(fx.hasSsoSession(v.browser())).isTrue();
        assertThat(fx.refresh(v.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void a_password_set_in_the_dashboard_ends_sessions_and_refresh_tokens() {
        Victim v = signedIn();
        TestBrowser admin = admin();
        TestBrowser.Page page = admin.get(userPage(v));
        TestBrowser.Page done = admin.submit(page, "form[data-form=password]", Map.of("password", "Dashb0ard-Set-Passw0rd!"));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertEnded(v);
    }

    @Test
    void a_block_in_the_dashboard_ends_sessions_and_refresh_tokens() {
        Victim v = signedIn();
        TestBrowser admin = admin();
        TestBrowser.Page done = admin.submit(admin.get(userPage(v)), "form[data-form=block]", Map.of());
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(atrium.mgmt("GET", path(v), null).json().get("blocked").asBoolean()).isTrue();
        assertThat(atrium.mgmt("PATCH", path(v), "{\"blocked\":false}").status()).isEqualTo(200);
        assertEnded(v);
    }

    @Test
    void a_deletion_in_the_dashboard_ends_sessions_and_refresh_tokens() {
        Victim v = signedIn();
        TestBrowser admin = admin();
        TestBrowser.Page confirm = admin.submit(admin.get(userPage(v)), "form[data-form=delete]", Map.of());
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        TestBrowser.Page done = admin.submit(confirm, "form[data-form=confirm]", Map.of());
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(atrium.mgmt("GET", path(v), null).status()).isEqualTo(404);
        SecurityFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + SecurityFixture.CONNECTION + "\",\"email\":\""
                + v.email() + "\",\"password\":\"" + PASSWORD + "\",\"user_id\":\"" + v.hex() + "\"}"));
        assertEnded(v);
    }

    private static TestBrowser admin() {
        TestBrowser admin = new TestBrowser(atrium.baseUrl());
        assertThat(SecurityFixture.dashboardSignIn(admin, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
        return admin;
    }

    private static String userPage(Victim v) {
        return "/dashboard/users/" + TestAtrium.enc(v.userId()).replace("+", "%20");
    }
}
