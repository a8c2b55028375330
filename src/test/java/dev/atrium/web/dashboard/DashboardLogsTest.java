package dev.atrium.web.dashboard;

import dev.atrium.config.AtriumConfig;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.function.Supplier;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, point 5: the Logs page and its filters, an event's detail with its explanation, a user's and an
 * organization's recent events, the 30-day activity charts drawn as inline SVG (no script needed), and the
 * log streams with their health.
 */
class DashboardLogsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD)
            .withLogs(new AtriumConfig.Logs(true, 30, true, 100, 2)));
    static TestBrowser browser;

    @BeforeAll
    static void signIn() {
        // one refused sign-in first: its entry must explain itself
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page wrong = DashboardFixture.signIn(other, "/dashboard", DashboardFixture.ADMIN, "Not-The-Passw0rd");
        assertThat(wrong.status()).isEqualTo(401);
        browser = DashboardFixture.admin(atrium);
    }

    static TestBrowser.Page eventually(Supplier<TestBrowser.Page> open, String mustContain) {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            TestBrowser.Page p = open.get();
            if (p.body().contains(mustContain)) {
                return p;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("never showed " + mustContain + ": " + p.body());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theLogsPageFiltersAndAnEntryExplainsTheRefusal() {
        TestBrowser.Page failed = eventually(() -> browser.get("/dashboard/logs?q=" + enc("type:fp")), "Wrong email or password.");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.doc().select("table tbody tr")).isNotEmpty();
        assertThat(failed.doc().select("table tbody tr").text()).doesNotContain("seccft");
        Element link = failed.doc().selectFirst("table tbody tr a[href^=/dashboard/logs/]");
        TestBrowser.Page detail = browser.get(link.attr("href"));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains("Why").contains("wrong_password").contains("The password did not match.");
        assertThat(detail.doc().select("pre[data-pre]").text()).contains("\"reason\"");
        assertThat(detail.body()).doesNotContain("Not-The-Passw0rd").doesNotContain(DashboardFixture.PASSWORD);

        TestBrowser.Page bad = browser.get("/dashboard/logs?q=" + enc("password:x"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("The filter was not understood");
        assertThat(browser.get("/dashboard/logs/123").status()).isEqualTo(404);
    }

    @Test
    void theOverviewChartsTheLast30DaysWithoutScript() {
        TestBrowser.Page home = eventually(() -> browser.get("/dashboard"), "data-series=\"Sign-ins\">1<");
        Element svg = home.doc().selectFirst("section.chart svg[role=img]");
        assertThat(svg).isNotNull();
        assertThat(svg.select("polyline")).hasSize(4);
        assertThat(svg.selectFirst("polyline").attr("points").split(" ")).hasSize(30);
        assertThat(home.doc().selectFirst("[data-series=Failed sign-ins]").text()).isEqualTo("1");
        assertThat(Long.parseLong(home.doc().selectFirst("[data-series=Tokens issued]").text())).isGreaterThanOrEqualTo(1);
        assertThat(home.doc().select("section.chart details table tbody tr")).hasSize(30);
    }

    @Test
    void aUsersAndAnOrganizationsPagesShowTheirRecentEvents() {
        String admin = DashboardFixture.mgmt(atrium, "/users-by-email?email=" + enc(DashboardFixture.ADMIN)).get(0).get("user_id").asString();
        TestBrowser.Page user = eventually(() -> browser.get("/dashboard/users/" + enc(admin)), "Recent events");
        assertThat(user.body()).contains("Success Login");

        var org = atrium.mgmt("POST", "/organizations", "{\"name\":\"dash-logs\"}").json();
        String orgId = org.get("id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + orgId + "/members", "{\"members\":[\"" + admin + "\"]}").status()).isEqualTo(204);
        TestBrowser.Page page = eventually(() -> browser.get("/dashboard/organizations/" + orgId), "organization_member_added");
        assertThat(page.doc().select("section.chart svg polyline")).hasSize(4);
    }

    @Test
    void logStreamsShowTheirHealthAndCanBeResumed() {
        var created = atrium.mgmt("POST", "/log-streams", "{\"name\":\"Nowhere\",\"type\":\"http\",\"sink\":{\"httpEndpoint\":"
                + "\"http://127.0.0.1:9/unreachable\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET, atrium.server().managementAudience(), null);
        TestBrowser.Page streams = eventually(() -> browser.get("/dashboard/log-streams"), "suspended");
        assertThat(streams.body()).contains("Nowhere").contains("unreachable");
        TestBrowser.Page posted = DashboardFixture.submit(browser, streams, "form[action$=/resume]", Map.of());
        assertThat(posted.status()).isEqualTo(303);
        TestBrowser.Page resumed = browser.open(posted.location());
        assertThat(resumed.doc().select("[data-flash=success]").text()).contains("active again");
        assertThat(atrium.mgmt("GET", "/log-streams/" + created.json().get("id").asString(), null).json().get("status").asString())
                .isIn("active", "suspended");
    }
}
