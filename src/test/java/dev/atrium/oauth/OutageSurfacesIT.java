package dev.atrium.oauth;

import dev.atrium.common.Json;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.support.StoppablePostgres;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.web.dashboard.DashboardFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, the README's list of what answers 503 while the database is down, endpoint by endpoint:
 * with PostgreSQL stopped under one node, every endpoint that needs the database answers 503 within a
 * second, with {@code Retry-After} and in the shape of its API (OAuth JSON on the Authentication API,
 * the Management API's error object under {@code /api/v2}, the hosted page in the browser), while the
 * cached ones (client credentials, keys, discovery, verifying Atrium's own tokens) answer 200. No
 * answer is another 5xx or carries a stack trace. Everything answers again once the database is back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutageSurfacesIT {
    private static final String DATABASE = "atrium_surfaces";
    private static final long FAST_MILLIS = 1000;

    private static StoppablePostgres pg;
    private static TestAtrium node;
    private static SignInFixture f;

    @BeforeAll
    static void start() {
        CryptoProviders.install();
        pg = StoppablePostgres.startNew();
        pg.createDatabase(DATABASE);
        node = new TestAtrium(cfg -> cfg.withDatabase(pg.url(DATABASE), pg.user(), "")
                .withOutageBounds(Duration.ofSeconds(1), Duration.ofSeconds(60))
                .withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD)).start();
        f = new SignInFixture(node);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** One probe: what it is, the API shape expected when it is refused, and the call. */
    record Probe(String what, Shape shape, Supplier<TestAtrium.Response> call) {
    }

    enum Shape { OAUTH, MANAGEMENT, PAGE, CACHED }

    @Test
    void every_endpoint_that_needs_the_database_answers_a_fast_503_in_its_shape_and_the_cached_ones_200() throws Exception {
        String authorize = f.authorizeWeb("openid profile offline_access", "&audience=" + TestAtrium.enc(f.api));
        JsonNode tokens = SignInFixture.ok(f.exchangeWeb(f.webCode(authorize)));
        String accessToken = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();
        String mgmt = node.managementToken();
        String api = f.api;
        // the machine client's records in the node's cache
        var m2m = node.mgmt("POST", "/clients", "{\"name\":\"Surface job\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}").json();
        String m2mId = m2m.get("client_id").asString();
        String m2mSecret = m2m.get("client_secret").asString();
        assertThat(node.mgmt("POST", "/client-grants", "{\"client_id\":\"" + m2mId + "\",\"audience\":\"" + api + "\","
                + "\"scope\":[\"read:orders\"]}").status()).isEqualTo(201);
        assertThat(node.clientCredentials(m2mId, m2mSecret, api, null).status()).isEqualTo(200);

        List<Probe> probes = List.of(
                new Probe("client credentials", Shape.CACHED, () -> node.clientCredentials(m2mId, m2mSecret, api, null)),
                new Probe("jwks", Shape.CACHED, () -> node.get("/.well-known/jwks.json")),
                new Probe("discovery", Shape.CACHED, () -> node.get("/.well-known/openid-configuration")),
                new Probe("authorization code", Shape.OAUTH, () -> f.exchangeWeb("not-a-code-but-needs-the-database")),
                new Probe("refresh", Shape.OAUTH, () -> f.refreshWeb(refresh)),
                new Probe("userinfo", Shape.OAUTH, () -> node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/userinfo"))
                        .header("Authorization", "Bearer " + accessToken).GET().build())),
                new Probe("revoke", Shape.OAUTH, () -> node.postForm("/oauth/revoke", "token=" + TestAtrium.enc(refresh)
                        + "&client_id=" + f.webId + "&client_secret=" + TestAtrium.enc(f.webSecret))),
                new Probe("signup", Shape.OAUTH, () -> node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/dbconnections/signup"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + f.webId + "\",\"connection\":"
                                + "\"Username-Password-Authentication\",\"email\":\"new-" + System.nanoTime()
                                + "@example.com\",\"password\":\"" + SignInFixture.PASSWORD + "\"}")).build())),
                new Probe("register", Shape.OAUTH, () -> node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/oidc/register"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Agent\",\"redirect_uris\":"
                                + "[\"https://agent.example.com/cb\"]}")).build())),
                new Probe("management read", Shape.MANAGEMENT, () -> node.mgmt("GET", "/users?per_page=1", null, mgmt)),
                new Probe("management write", Shape.MANAGEMENT, () -> node.mgmt("POST", "/roles", "{\"name\":\"r-"
                        + System.nanoTime() + "\"}", mgmt)),
                new Probe("authorize", Shape.PAGE, () -> node.get(authorize)));
        TestBrowser admin = DashboardFixture.admin(node);
        assertThat(admin.get("/dashboard/users").status()).isEqualTo(200);

        pg.stop();
        List<String> seen = new ArrayList<>();
        try {
            Thread.sleep(300);
            for (Probe p : probes) {
                long t0 = System.nanoTime();
                TestAtrium.Response r = p.call().get();
                long millis = (System.nanoTime() - t0) / 1_000_000;
                String line = p.what() + ": " + r.status() + " in " + millis + " ms " + r.body().substring(0, Math.min(200, r.body().length()));
                seen.add(line);
                assertThat(millis).as(line).isLessThan(FAST_MILLIS);
                assertThat(r.body()).as(line).doesNotContain("Exception").doesNotContain("at dev.atrium");
                if (p.shape() == Shape.CACHED) {
                    assertThat(r.status()).as(line).isEqualTo(200);
                    continue;
                }
                assertThat(r.status()).as(line).isEqualTo(503);
                assertThat(r.header("Retry-After")).as(line).isNotBlank();
                switch (p.shape()) {
                    case OAUTH -> {
                        JsonNode body = Json.parseObject(r.body());
                        assertThat(body.get("error").asString()).as(line).isEqualTo("temporarily_unavailable");
                        assertThat(body.get("error_description").asString()).as(line).isNotBlank();
                    }
                    case MANAGEMENT -> {
                        JsonNode body = Json.parseObject(r.body());
                        assertThat(body.get("statusCode").asInt()).as(line).isEqualTo(503);
                        assertThat(body.get("error").asString()).as(line).isEqualTo("Service Unavailable");
                        assertThat(body.get("errorCode").asString()).as(line).isEqualTo("temporarily_unavailable");
                    }
                    case PAGE -> {
                        assertThat(r.header("Content-Type")).as(line).startsWith("text/html");
                        assertThat(r.body()).as(line).contains("data-error=\"temporarily_unavailable\"");
                    }
                    default -> {
                    }
                }
            }
            // the dashboard of a signed-in administrator: the hosted page, in the dashboard's words
            long t0 = System.nanoTime();
            TestBrowser.Page page = admin.get("/dashboard/users");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            seen.add("dashboard: " + page.status() + " in " + millis + " ms");
            assertThat(millis).isLessThan(FAST_MILLIS);
            assertThat(page.status()).as(page.body()).isEqualTo(503);
            assertThat(page.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("temporarily_unavailable");
            assertThat(page.doc().selectFirst("a#retry").attr("href")).isEqualTo("/dashboard/users");
            assertThat(page.body()).doesNotContain("Exception");
            assertThat(node.get("/health").status()).isEqualTo(503);
        } finally {
            System.out.println(String.join("\n", seen));
            pg.start();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (node.get("/health").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(node.get("/health").status()).isEqualTo(200);
        var userinfo = node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET().build());
        assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
        assertThat(SignInFixture.ok(f.refreshWeb(refresh)).get("refresh_token").asString()).isNotEqualTo(refresh);
        assertThat(node.mgmt("GET", "/users?per_page=1", null).status()).isEqualTo(200);
        assertThat(admin.get("/dashboard/users").status()).isEqualTo(200);
    }
}
