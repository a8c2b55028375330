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
        // the next cache poll drops the kinds these writes moved (this node's own writes too), so the copies are
        // loaded after it: records written less than a poll before an outage are not in the cache (README)
        Thread.sleep(2 * dev.atrium.storage.CacheVersions.POLL.toMillis() + 200);
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

    /**
     * The browser steps and the client authentications the probes above do not reach: a login form posted
     * during the outage gets the hosted page whose "Try again" goes back to the same step with its
     * {@code state} and, once the database is back, the sign-in finishes from there; a logout with a session
     * answers the page and works afterwards; {@code private_key_jwt} is refused fast in the OAuth shape; and
     * Atrium's own access tokens are still verified from the cached keys (a forged one is 401, a good one
     * passes verification and meets the 503 of the Management API's database read).
     */
    @Test
    void a_login_post_and_a_logout_resume_after_the_outage_and_private_key_jwt_is_refused_in_shape() throws Exception {
        String authorize = f.authorizeWeb("openid", "");
        TestBrowser signedIn = new TestBrowser(node.baseUrl());
        f.code(signedIn, authorize);
        TestBrowser halfway = new TestBrowser(node.baseUrl());
        TestBrowser.Page login = halfway.open(authorize);
        assertThat(login.screen()).isEqualTo("login");
        String state = login.doc().selectFirst("form input[name=state]").attr("value");
        assertThat(state).isNotBlank();
        String logout = "/v2/logout?client_id=" + f.webId + "&returnTo=" + TestAtrium.enc(SignInFixture.WEB_LOGOUT);

        java.security.KeyPair keys = PrivateKeyJwtTest.rsa();
        JsonNode signer = SignInFixture.ok(node.mgmt("POST", "/clients", "{\"name\":\"Outage signer\","
                + "\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]}"));
        String signerId = signer.get("client_id").asString();
        SignInFixture.ok(node.mgmt("POST", "/client-grants", "{\"client_id\":\"" + signerId + "\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"]}"));
        String credentialId = SignInFixture.ok(node.mgmt("POST", "/clients/" + signerId + "/credentials",
                "{\"credential_type\":\"public_key\",\"pem\":" + Json.write(tools.jackson.databind.node.JsonNodeFactory.instance
                        .textNode(PrivateKeyJwtTest.pem(keys))) + ",\"alg\":\"RS256\"}")).get("id").asString();
        SignInFixture.ok(node.mgmt("PATCH", "/clients/" + signerId, "{\"token_endpoint_auth_method\":null,"
                + "\"client_authentication_methods\":{\"private_key_jwt\":{\"credentials\":[{\"id\":\"" + credentialId + "\"}]}}}"));
        java.util.function.Supplier<TestAtrium.Response> signed = () -> {
            try {
                com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(signerId).subject(signerId)
                        .audience(node.issuer()).issueTime(new java.util.Date())
                        .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(120)))
                        .jwtID(java.util.UUID.randomUUID().toString()).build();
                com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                        com.nimbusds.jose.JWSAlgorithm.RS256).build(), claims);
                jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(keys.getPrivate()));
                return node.postForm("/oauth/token", "grant_type=client_credentials&audience=" + TestAtrium.enc(f.api)
                        + "&client_id=" + signerId + "&client_assertion_type="
                        + TestAtrium.enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + jwt.serialize());
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(signed.get().status()).as("private_key_jwt before the outage").isEqualTo(200);
        String mgmt = node.managementToken();
        String forged = mgmt.substring(0, mgmt.lastIndexOf('.') + 1) + new StringBuilder(mgmt.substring(mgmt.lastIndexOf('.') + 1)).reverse();

        String retry;
        pg.stop();
        try {
            Thread.sleep(300);
            long t0 = System.nanoTime();
            TestBrowser.Page posted = halfway.submit(login, "form", java.util.Map.of("username", f.email, "password",
                    SignInFixture.PASSWORD));
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(FAST_MILLIS);
            assertThat(posted.status()).as(posted.body()).isEqualTo(503);
            assertThat(posted.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("temporarily_unavailable");
            retry = posted.doc().selectFirst("a#retry").attr("href");
            assertThat(retry).startsWith("/u/login?").contains("state=" + TestAtrium.enc(state));
            assertThat(posted.body()).doesNotContain("Exception");

            TestBrowser.Page out = signedIn.get(logout);
            assertThat(out.status()).as(out.body()).isEqualTo(503);
            assertThat(out.doc().selectFirst("a#retry").attr("href")).isEqualTo(logout);

            TestAtrium.Response pkj = signed.get();
            assertThat(pkj.status()).as(pkj.toString()).isEqualTo(503);
            assertThat(pkj.header("Retry-After")).isNotBlank();
            assertThat(Json.parseObject(pkj.body()).get("error").asString()).isEqualTo("temporarily_unavailable");

            TestAtrium.Response bad = node.mgmt("GET", "/roles", null, forged);
            assertThat(bad.status()).as("a forged token is still refused: " + bad).isEqualTo(401);
            assertThat(node.mgmt("GET", "/roles", null, mgmt).status()).as("a good token passes, the read meets the outage")
                    .isEqualTo(503);
        } finally {
            pg.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (node.get("/health").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        TestBrowser.Page resumed = halfway.get(retry);
        assertThat(resumed.screen()).as(resumed.body()).isEqualTo("login");
        TestBrowser.Page back = halfway.follow(halfway.submit(resumed, "form", java.util.Map.of("username", f.email,
                "password", SignInFixture.PASSWORD)));
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=").contains("state=st-1");
        TestBrowser.Page loggedOut = signedIn.get(logout);
        assertThat(loggedOut.status()).isEqualTo(302);
        assertThat(loggedOut.location()).isEqualTo(SignInFixture.WEB_LOGOUT);
        assertThat(signed.get().status()).isEqualTo(200);
    }
}
