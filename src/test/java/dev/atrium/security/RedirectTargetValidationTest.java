package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.web.dashboard.DashboardFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile redirect targets (issue 9 point 9, and the redirect half of point 16): {@code javascript:},
 * {@code data:}, wildcard, user-info, fragment and plain-http URLs in {@code callbacks},
 * {@code allowed_logout_urls}, {@code initiate_login_uri} and {@code web_origins} are refused by the
 * Management API, the dashboard and dynamic registration alike (one rule, common/RedirectTargets), and the
 * logout endpoints never redirect to a stored URL that fails the rule, even one written before it existed.
 */
class RedirectTargetValidationTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static SignInFixture f;

    static final List<String> HOSTILE_CALLBACKS = List.of("javascript:alert(document.cookie)", "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "https://*.example.com/cb", "*", "https://user:pw@app.example.com/cb",
            "https://app.example.com@evil.example.net/cb", "https://app.example.com/cb#frag", "http://app.example.com/cb",
            "//evil.example.net/cb", "/relative/cb", "https://app.example.com\\@evil.example.net/", "vbscript:msgbox(1)",
            "file:///etc/passwd", "not a url");

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static String json(Object o) {
        return JsonMapper.shared().writeValueAsString(o);
    }

    static void refusedByManagementApi(TestAtrium.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode body = r.json();
        assertThat(body.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body.get("error").asString()).isEqualTo("Bad Request");
        assertThat(body.get("message").asString()).contains(field);
    }

    @Test
    void theManagementApiRefusesHostileUrlsOnCreate() {
        for (String url : HOSTILE_CALLBACKS) {
            String name = "Hostile " + System.nanoTime();
            refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"" + name + "\",\"app_type\":\"regular_web\","
                    + "\"callbacks\":[" + json(url) + "]}"), "callbacks");
            refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"" + name + "\",\"app_type\":\"regular_web\","
                    + "\"allowed_logout_urls\":[" + json(url) + "]}"), "allowed_logout_urls");
            refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"" + name + "\",\"app_type\":\"regular_web\","
                    + "\"initiate_login_uri\":" + json(url) + "}"), "initiate_login_uri");
            refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"" + name + "\",\"app_type\":\"spa\","
                    + "\"web_origins\":[" + json(url) + "]}"), "web_origins");
            assertThat(atrium.mgmt("GET", "/clients", null).body()).as("nothing half-written").doesNotContain(name);
        }
        refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"Origin with path\",\"app_type\":\"spa\","
                + "\"web_origins\":[\"https://app.example.com/path\"]}"), "web_origins");
        refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"Plain http login\",\"app_type\":\"regular_web\","
                + "\"initiate_login_uri\":\"http://localhost:3000/login\"}"), "initiate_login_uri");
    }

    @Test
    void theManagementApiRefusesHostileUrlsOnUpdate() {
        String id = f.webClient("Patched " + System.nanoTime(), "").get("client_id").asString();
        refusedByManagementApi(atrium.mgmt("PATCH", "/clients/" + id, "{\"callbacks\":[\"javascript:alert(1)\"]}"), "callbacks");
        refusedByManagementApi(atrium.mgmt("PATCH", "/clients/" + id, "{\"allowed_logout_urls\":[\"data:text/html,x\"]}"),
                "allowed_logout_urls");
        refusedByManagementApi(atrium.mgmt("PATCH", "/clients/" + id, "{\"web_origins\":[\"https://*.example.com\"]}"), "web_origins");
        JsonNode kept = atrium.mgmt("GET", "/clients/" + id, null).json();
        assertThat(kept.get("callbacks").toString()).isEqualTo("[" + json(SignInFixture.WEB_CALLBACK) + "]");
        refusedByManagementApi(atrium.mgmt("PATCH", "/tenants/settings", "{\"allowed_logout_urls\":[\"javascript:alert(1)\"]}"),
                "allowed_logout_urls");
    }

    @Test
    void goodUrlsPass_includingLoopbackAndANativeAppsOwnScheme() {
        TestAtrium.Response web = atrium.mgmt("POST", "/clients", "{\"name\":\"Good web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"https://app.example.com/cb?x=1\",\"http://localhost:8080/cb\",\"http://127.0.0.1:9/cb\"],"
                + "\"allowed_logout_urls\":[\"https://app.example.com/\"],\"initiate_login_uri\":\"https://app.example.com/login\","
                + "\"web_origins\":[\"https://app.example.com\",\"http://localhost:3000\"]}");
        assertThat(web.status()).as(web.toString()).isEqualTo(201);
        TestAtrium.Response nativeApp = atrium.mgmt("POST", "/clients", "{\"name\":\"Good native\",\"app_type\":\"native\","
                + "\"callbacks\":[\"com.example.app:/callback\",\"com.example.app://login.example.com/ios/callback\"],"
                + "\"allowed_logout_urls\":[\"com.example.app:/signed-out\"]}");
        assertThat(nativeApp.status()).as(nativeApp.toString()).isEqualTo(201);
        // a private-use scheme is for native applications only, and never for origins
        refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"SPA scheme\",\"app_type\":\"spa\","
                + "\"callbacks\":[\"com.example.app:/callback\"]}"), "callbacks");
        refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"Native origin\",\"app_type\":\"native\","
                + "\"web_origins\":[\"com.example.app:/x\"]}"), "web_origins");
        // a scheme that is not a reverse domain name is not a private-use scheme
        refusedByManagementApi(atrium.mgmt("POST", "/clients", "{\"name\":\"Bare scheme\",\"app_type\":\"native\","
                + "\"callbacks\":[\"myapp:/callback\"]}"), "callbacks");
    }

    @Test
    void theDashboardRefusesHostileUrls() {
        String id = f.webClient("Dashboard edited " + System.nanoTime(), "").get("client_id").asString();
        TestBrowser browser = DashboardFixture.admin(atrium);
        for (String field : List.of("callbacks", "allowed_logout_urls", "web_origins")) {
            TestBrowser.Page detail = browser.open("/dashboard/applications/" + id);
            TestBrowser.Page refused = DashboardFixture.submit(browser, detail, "form[data-form=settings]",
                    Map.of(field, "javascript:alert(1)"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains(field + " value");
        }
        TestBrowser.Page detail = browser.open("/dashboard/applications/" + id);
        TestBrowser.Page refused = DashboardFixture.submit(browser, detail, "form[data-form=settings]",
                Map.of("initiate_login_uri", "https://user:pw@app.example.com/login"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/clients/" + id, null).json().get("callbacks").toString())
                .isEqualTo("[" + json(SignInFixture.WEB_CALLBACK) + "]");
    }

    @Test
    void dynamicRegistrationRefusesUserInfoAndSchemesItCannotServe() {
        atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}");
        for (String url : List.of("https://user:pw@agent.example/cb", "https://agent.example@evil.example.net/cb",
                "javascript:alert(1)", "data:text/html,x")) {
            TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[" + json(url) + "]}")).build());
            assertThat(r.status()).as(url + " " + r).isIn(400, 429);
            if (r.status() == 400) {
                assertThat(r.json().get("error").asString()).isEqualTo("invalid_redirect_uri");
            }
        }
    }

    @Test
    void logoutNeverRedirectsToAHostileUrl_evenOneStoredBeforeTheRule() throws Exception {
        String id = f.webClient("Legacy " + System.nanoTime(), "").get("client_id").asString();
        String hostile = "javascript:alert(document.domain)";
        // written straight into the database, as a value stored by an older version would be
        try (Connection c = DriverManager.getConnection(atrium.server().config().databaseUrl(), "", "")) {
            try (PreparedStatement s = c.prepareStatement("update clients set doc = replace(doc, ?, ?) where client_id = ?")) {
                s.setString(1, json(SignInFixture.WEB_LOGOUT));
                s.setString(2, json(hostile));
                s.setString(3, id);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement s = c.prepareStatement("update cache_versions set version = version + 1 where kind = 'clients'")) {
                s.executeUpdate();
            }
        }
        for (int i = 0; i < 50 && !atrium.mgmt("GET", "/clients/" + id, null).body().contains("javascript:"); i++) {
            Thread.sleep(100);
        }
        assertThat(atrium.mgmt("GET", "/clients/" + id, null).json().get("allowed_logout_urls").get(0).asString()).isEqualTo(hostile);

        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page explicit = browser.get("/v2/logout?client_id=" + id + "&returnTo=" + enc(hostile));
        assertThat(explicit.status()).isEqualTo(400);
        assertThat(explicit.location()).isNull();
        TestBrowser.Page implicit = browser.get("/v2/logout?client_id=" + id);
        assertThat(implicit.location()).as("the first listed URL is not followed either").isNull();
        assertThat(implicit.status()).isEqualTo(200);
        TestBrowser.Page oidc = browser.get("/oidc/logout?client_id=" + id + "&post_logout_redirect_uri=" + enc(hostile));
        assertThat(oidc.location()).isNull();
        TestAtrium.Response raw = atrium.get("/v2/logout?client_id=" + id + "&returnTo=" + enc(hostile));
        assertThat(raw.header("Location")).isNull();
    }
}
