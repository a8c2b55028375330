package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, point 12: SSO sessions and dashboard sessions share one table, so the value of one cookie
 * used to open the other. Each session now has a kind, and each cookie accepts only its own: an SSO
 * cookie value replayed as the dashboard cookie opens no dashboard, a dashboard cookie value replayed
 * as the SSO cookie signs nobody in, and /v2/logout with a dashboard value in the SSO cookie ends nothing.
 */
class SessionKindConfusionTest {
    static final String ADMIN = "admin@example.com";
    static final String PASSWORD = "Adm1n-Passw0rd!";
    static final String SSO = "atrium_session";
    static final String DASHBOARD = "atrium_dashboard";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(ADMIN, PASSWORD));
    static SecurityFixture fx;

    @BeforeAll
    static void tenant() {
        fx = new SecurityFixture(atrium);
        // the administrator may use the fixture's application too, so that its SSO session can sign it in
        assertThat(atrium.mgmt("PATCH", "/connections/" + fx.connectionId + "/clients",
                "[{\"client_id\":\"" + fx.appId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    @Test
    void an_sso_cookie_value_replayed_as_the_dashboard_cookie_opens_no_dashboard() {
        TestBrowser admin = new TestBrowser(atrium.baseUrl());
        assertThat(SecurityFixture.dashboardSignIn(admin, ADMIN, PASSWORD).status()).isEqualTo(200);
        String sso = SecurityFixture.cookie(admin, SSO);
        String dashboard = SecurityFixture.cookie(admin, DASHBOARD);
        assertThat(sso).isNotNull().isNotEqualTo(dashboard);
        assertThat(dashboard).isNotNull();

        // control: the dashboard cookie in its own place works
        assertThat(fx.browserWith(DASHBOARD, dashboard).get("/dashboard").status()).isEqualTo(200);
        // attack: the SSO session's value in the dashboard cookie
        TestBrowser.Page replayed = fx.browserWith(DASHBOARD, sso).get("/dashboard");
        assertThat(replayed.status()).isEqualTo(302);
        assertThat(replayed.location()).startsWith("/authorize?");
        TestBrowser forged = fx.browserWith(DASHBOARD, sso);
        TestBrowser.Page post = forged.post(atrium.baseUrl() + "/dashboard/applications/new", Map.of("name", "x", "app_type", "spa"));
        assertThat(post.status()).isEqualTo(403);
    }

    @Test
    void a_dashboard_cookie_value_replayed_as_the_sso_cookie_signs_nobody_in() {
        TestBrowser admin = new TestBrowser(atrium.baseUrl());
        assertThat(SecurityFixture.dashboardSignIn(admin, ADMIN, PASSWORD).status()).isEqualTo(200);
        String sso = SecurityFixture.cookie(admin, SSO);
        String dashboard = SecurityFixture.cookie(admin, DASHBOARD);

        // control: the SSO cookie in its own place signs the administrator in to an application without a login page
        assertThat(fx.hasSsoSession(fx.browserWith(SSO, sso))).isTrue();
        // attack: the dashboard session's value in the SSO cookie
        TestBrowser replay = fx.browserWith(SSO, dashboard);
        assertThat(fx.hasSsoSession(replay)).isFalse();
        assertThat(replay.open(fx.authorizeUrl(null, "openid")).screen()).isEqualTo("login");

        // /v2/logout with the dashboard value in the SSO cookie ends no dashboard session
        fx.browserWith(SSO, dashboard).get("/v2/logout");
        assertThat(fx.browserWith(DASHBOARD, dashboard).get("/dashboard").status()).isEqualTo(200);
    }
}
