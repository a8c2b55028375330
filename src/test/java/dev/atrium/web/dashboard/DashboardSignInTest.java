package dev.atrium.web.dashboard;

import dev.atrium.Atrium;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, sign-in: the dashboard is a first-party application that signs in through /authorize with
 * PKCE, state and nonce, admits only administrators, and guards every form with a CSRF token.
 */
class DashboardSignInTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();

    @Test
    void without_a_session_the_dashboard_redirects_to_authorize_with_pkce_state_and_nonce() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.get("/dashboard/applications");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/authorize?response_type=code&client_id=" + Atrium.DASHBOARD_CLIENT_ID)
                .contains("redirect_uri=" + TestAtrium.enc(atrium.issuer() + "dashboard/callback"))
                .contains("code_challenge_method=S256").contains("&code_challenge=").contains("&state=").contains("&nonce=");
    }

    @Test
    void the_administrator_gets_in_and_returns_to_the_page_asked_for() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = DashboardFixture.signIn(browser, "/dashboard/apis", DashboardFixture.ADMIN, DashboardFixture.PASSWORD);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/dashboard/apis");
        assertThat(page.doc().selectFirst("h1").text()).isEqualTo("APIs");
        assertThat(page.doc().selectFirst("[data-admin]").text()).isEqualTo(DashboardFixture.ADMIN);
        assertThat(browser.get("/dashboard").status()).isEqualTo(200);
    }

    @Test
    void a_user_who_is_not_an_administrator_gets_a_403_page() {
        String email = "mallory-" + System.nanoTime() + "@example.com";
        assertThat(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + email
                + "\",\"password\":\"Mall0ry-Passw0rd!\"}").status()).isEqualTo(201);
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = DashboardFixture.signIn(browser, "/dashboard", email, "Mall0ry-Passw0rd!");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.doc().selectFirst("h1").text()).isEqualTo("Administrators only");
        // no dashboard session was created: the next visit starts a sign-in again
        assertThat(browser.get("/dashboard").status()).isEqualTo(302);
    }

    @Test
    void a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
        TestBrowser browser = DashboardFixture.admin(atrium);
        TestBrowser.Page missing = browser.post(atrium.baseUrl() + "/dashboard/applications/new",
                Map.of("name", "CSRF victim", "app_type", "regular_web"));
        assertThat(missing.status()).isEqualTo(403);
        TestBrowser.Page forged = browser.post(atrium.baseUrl() + "/dashboard/applications/new",
                Map.of("_csrf", "forged", "name", "CSRF victim", "app_type", "regular_web"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.doc().selectFirst("h1").text()).isEqualTo("This form has expired");
        assertThat(atrium.mgmt("GET", "/clients", null).body()).doesNotContain("CSRF victim");
    }

    @Test
    void a_callback_without_the_sign_in_cookie_is_refused() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.get("/dashboard/callback?code=abc&state=xyz");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.doc().selectFirst("h1").text()).isEqualTo("Sign-in expired");
    }

    @Test
    void sign_out_ends_the_dashboard_session_and_the_sso_session() {
        TestBrowser browser = DashboardFixture.admin(atrium);
        TestBrowser.Page home = browser.get("/dashboard");
        TestBrowser.Page out = DashboardFixture.submit(browser, home, "form[action=/dashboard/signout]", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.location()).startsWith("/v2/logout?client_id=" + Atrium.DASHBOARD_CLIENT_ID);
        TestBrowser.Page signedOut = browser.follow(browser.get(out.location()));
        assertThat(signedOut.doc().selectFirst("h1").text()).isEqualTo("You are signed out");
        // both sessions ended: /dashboard goes to /authorize, which shows the login page again
        TestBrowser.Page again = browser.follow(browser.get("/dashboard"));
        assertThat(again.screen()).isEqualTo("login");
    }

    @Test
    void start_up_ensures_the_dashboard_application_enabled_on_the_administrators_connection() {
        JsonNode app = atrium.mgmt("GET", "/clients/" + Atrium.DASHBOARD_CLIENT_ID, null).json();
        assertThat(app.get("name").asString()).isEqualTo("Atrium Dashboard");
        assertThat(app.get("is_first_party").asBoolean()).isTrue();
        assertThat(app.get("app_type").asString()).isEqualTo("regular_web");
        assertThat(app.get("callbacks").get(0).asString()).isEqualTo(atrium.issuer() + "dashboard/callback");
        JsonNode conns = atrium.mgmt("GET", "/clients/" + Atrium.DASHBOARD_CLIENT_ID + "/connections", null).json();
        assertThat(conns.toString()).contains("Username-Password-Authentication");
    }
}
