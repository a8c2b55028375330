package dev.atrium.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.common.Json;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.support.Stalls;
import dev.atrium.support.StoppablePostgres;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 against a real PostgreSQL that the test stops, starts and slows down, under three Atrium
 * nodes on one database ({@code A} and {@code B} with the default 60 s staleness bound, {@code C} with
 * 6 s): client credentials keep answering from the caches through a ten-second outage, everything that
 * needs the database answers a fast 503 in its API's shape, acknowledged writes survive, a sign-in
 * started before the outage completes after it, connections cut by {@code pg_terminate_backend} and a
 * database slowed by a lock cost only bounded 503s, and the nodes agree on a key rotated right after
 * recovery. Every request is timed: none may take a second (the slow-database test allows the
 * statement timeout plus the pool wait) of the time this process was running; moments when the loaded
 * machine ran none of its threads ({@link Stalls}) are not counted, a wait on the database always is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DatabaseOutageIT {
    private static final String DATABASE = "atrium_outage";
    private static final String ISSUER = "http://outage.atrium.test/";
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(1000);
    private static final long FAST_MILLIS = 1000;
    /** Node C's staleness bound: shorter than the outage, longer than stopping the database takes. */
    private static final Duration C_STALENESS = Duration.ofSeconds(6);

    private static StoppablePostgres pg;
    private static TestAtrium a;
    private static TestAtrium b;
    private static TestAtrium c;
    private static String api;
    private static String m2mId;
    private static String m2mSecret;
    private static Stalls stalls;

    /**
     * One timed request: which node, what, when it started (nanos), how long it took while this process
     * was running ({@link Stalls}: the bounds are about waits on the database, not about a loaded
     * machine descheduling the whole process), how long it took on the wall clock, and the answer.
     */
    record Sample(String node, String what, long startedAt, long millis, long wallMillis, int status, String body,
                  String retryAfter) {
        @Override
        public String toString() {
            return node + " " + what + " " + status + " in " + millis + " ms (" + wallMillis + " ms on the wall clock): "
                    + (body == null ? "" : body.substring(0, Math.min(160, body.length())));
        }
    }

    @BeforeAll
    static void start() {
        CryptoProviders.install();
        stalls = Stalls.start();
        pg = StoppablePostgres.startNew();
        pg.createDatabase(DATABASE);
        a = node(Duration.ofSeconds(60)).start();
        b = node(Duration.ofSeconds(60)).start();
        c = node(C_STALENESS).start();
        api = "https://ledger-" + System.nanoTime() + ".example.com/";
        assertThat(a.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Ledger\","
                + "\"scopes\":[{\"value\":\"read:ledger\"}]}").status()).isEqualTo(201);
        var client = a.mgmt("POST", "/clients", "{\"name\":\"Ledger job\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}");
        assertThat(client.status()).isEqualTo(201);
        m2mId = client.json().get("client_id").asString();
        m2mSecret = client.json().get("client_secret").asString();
        assertThat(a.mgmt("POST", "/client-grants", "{\"client_id\":\"" + m2mId + "\",\"audience\":\"" + api + "\","
                + "\"scope\":[\"read:ledger\"]}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        for (TestAtrium n : new TestAtrium[] {a, b, c}) {
            if (n != null) {
                n.close();
            }
        }
        if (pg != null) {
            pg.close();
        }
        if (stalls != null) {
            stalls.close();
        }
    }

    private static TestAtrium node(Duration staleness) {
        return new TestAtrium(cfg -> cfg.withDatabase(pg.url(DATABASE), pg.user(), "").withIssuer(ISSUER)
                .withOutageBounds(STATEMENT_TIMEOUT, staleness));
    }

    @Test
    @Order(1)
    void client_credentials_run_from_the_caches_through_a_ten_second_outage_and_writes_are_refused_fast_then_kept()
            throws Exception {
        for (TestAtrium n : List.of(a, b, c)) {
            assertThat(token(n).status()).isEqualTo(200);
            assertThat(n.managementToken()).isNotBlank();
        }
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            acknowledged.add(SignInFixture.ok(createRole(a, "before-" + i)).get("id").asString());
        }

        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        Map<String, TestAtrium> nodes = Map.of("A", a, "B", b, "C", c);
        for (int t = 0; t < 3; t++) {
            load.submit(() -> {
                while (running.get()) {
                    nodes.forEach((name, n) -> samples.add(timed(name, "token", () -> token(n))));
                    // the other reads served from the caches: keys and discovery
                    samples.add(timed("A", "jwks", () -> a.get("/.well-known/jwks.json")));
                    samples.add(timed("B", "discovery", () -> b.get("/.well-known/openid-configuration")));
                }
                return null;
            });
        }
        AtomicInteger writes = new AtomicInteger();
        load.submit(() -> {
            while (running.get()) {
                int i = writes.incrementAndGet();
                TestAtrium n = i % 2 == 0 ? a : b;
                Sample s = timed(i % 2 == 0 ? "A" : "B", "write", () -> createRole(n, "during-" + i));
                samples.add(s);
                if (s.status() == 200) {
                    acknowledged.add(Json.parseObject(s.body()).get("id").asString());
                }
                Thread.sleep(100);
            }
            return null;
        });

        Thread.sleep(1000);
        long stopping = System.nanoTime();
        pg.stop();
        long stopped = System.nanoTime();
        Thread.sleep(10_000);
        long restarting = System.nanoTime();
        pg.start();
        long restarted = System.nanoTime();
        // every node serves writes and health again within five seconds of the database's return
        for (TestAtrium n : List.of(a, b, c)) {
            assertThat(eventually(() -> n.get("/health").status(), 200, Duration.ofSeconds(5)))
                    .as("health after recovery").isEqualTo(200);
        }
        assertThat(eventually(() -> createRole(b, "after").status(), 200, Duration.ofSeconds(5))).isEqualTo(200);
        assertThat(Duration.ofMillis(stalls.runningMillis(restarted, System.nanoTime()))).isLessThan(Duration.ofSeconds(5));
        Thread.sleep(500);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        List<Sample> all;
        synchronized (samples) {
            all = List.copyOf(samples);
        }
        assertThat(all).allSatisfy(s -> {
            assertThat(s.status()).as(s.toString()).isIn(200, 201, 503);
            assertThat(s.millis()).as(s.toString()).isLessThan(FAST_MILLIS);
            if (s.status() == 503) {
                assertThat(s.retryAfter()).as(s.toString()).isNotBlank();
                JsonNode body = Json.parseObject(s.body());
                if (s.what().equals("write")) {
                    assertThat(body.get("statusCode").asInt()).isEqualTo(503);
                    assertThat(body.get("errorCode").asString()).isEqualTo("temporarily_unavailable");
                    assertThat(body.get("message").asString()).isNotBlank();
                } else {
                    assertThat(body.get("error").asString()).isEqualTo("temporarily_unavailable");
                    assertThat(body.get("error_description").asString()).isNotBlank();
                }
            }
        });
        // the requests that started after the database had stopped and ended before it was being started again
        List<Sample> outage = all.stream().filter(s -> s.startedAt() > stopped && s.startedAt() + s.wallMillis() * 1_000_000 < restarting)
                .toList();
        // A and B: every token from the caches, the bound (60 s) being far away
        assertThat(outage.stream().filter(s -> s.what().equals("token") && !s.node().equals("C")))
                .isNotEmpty().allSatisfy(s -> assertThat(s.status()).as(s.toString()).isEqualTo(200));
        // keys and discovery keep answering from the caches too
        for (String what : List.of("jwks", "discovery")) {
            assertThat(outage.stream().filter(s -> s.what().equals(what)))
                    .isNotEmpty().allSatisfy(s -> assertThat(s.status()).as(s.toString()).isEqualTo(200));
        }
        // C: tokens while its bound lasts (its last good poll began at most about a second before the stop),
        // then 503 until the database is back (no poll can succeed once the stop began)
        assertThat(outage.stream().filter(s -> s.node().equals("C")
                        && s.startedAt() < stopping + C_STALENESS.minusMillis(2500).toNanos()))
                .isNotEmpty().allSatisfy(s -> assertThat(s.status()).as(s.toString()).isEqualTo(200));
        assertThat(outage.stream().filter(s -> s.node().equals("C")
                        && s.startedAt() > stopping + C_STALENESS.plusMillis(1500).toNanos()))
                .isNotEmpty().allSatisfy(s -> assertThat(s.status()).as(s.toString()).isEqualTo(503));
        // writes during the outage are refused
        assertThat(outage.stream().filter(s -> s.what().equals("write")))
                .isNotEmpty().allSatisfy(s -> assertThat(s.status()).isEqualTo(503));
        // and C trusts its caches again once a poll succeeded
        assertThat(token(c).status()).isEqualTo(200);

        // nothing acknowledged was lost
        assertThat(acknowledged).hasSizeGreaterThan(3);
        for (String id : acknowledged) {
            assertThat(a.mgmt("GET", "/roles/" + id, null).status()).as("role " + id).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void a_sign_in_started_before_the_outage_completes_after_it_and_a_refresh_refused_during_it_still_works() throws Exception {
        SignInFixture f = new SignInFixture(a);
        String authorize = f.authorizeWeb("openid profile offline_access", "&audience=" + TestAtrium.enc(f.api)
                + "&nonce=n-outage");
        JsonNode first = SignInFixture.ok(f.exchangeWeb(f.webCode(authorize)));
        String refresh = first.get("refresh_token").asString();

        TestBrowser browser = new TestBrowser(a.baseUrl());
        TestBrowser.Page login = browser.open(authorize);
        assertThat(login.screen()).isEqualTo("login");
        String state = login.doc().selectFirst("input[name=state]").attr("value");

        String retry;
        pg.stop();
        try {
            long t0 = System.nanoTime();
            TestBrowser.Page refused = browser.submit(login, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD));
            assertThat(stalls.runningMillis(t0, System.nanoTime())).isLessThan(FAST_MILLIS);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("temporarily_unavailable");
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at dev.atrium");
            retry = refused.doc().selectFirst("a#retry").attr("href");
            assertThat(retry).isEqualTo("/u/login?state=" + TestAtrium.enc(state));

            // a new sign-in needs the database too: the hosted page, with Retry-After and the same URL to retry
            var fresh = a.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + authorize)).GET().build());
            assertThat(fresh.status()).isEqualTo(503);
            assertThat(fresh.header("Retry-After")).isNotBlank();
            assertThat(fresh.header("Content-Type")).startsWith("text/html");
            assertThat(fresh.body()).contains("id=\"retry\"").contains("nonce=n-outage");

            var refreshed = f.refreshWeb(refresh);
            assertThat(refreshed.status()).isEqualTo(503);
            assertThat(refreshed.json().get("error").asString()).isEqualTo("temporarily_unavailable");
            assertThat(refreshed.header("Retry-After")).isNotBlank();
        } finally {
            pg.start();
        }
        assertThat(eventually(() -> a.get("/health").status(), 200, Duration.ofSeconds(5))).isEqualTo(200);

        TestBrowser.Page again = browser.open(retry);
        assertThat(again.screen()).isEqualTo("login");
        TestBrowser.Page back = browser.follow(browser.submit(again, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        if ("consent".equals(back.screen())) {
            back = browser.follow(browser.submit(back, "form", Map.of("action", "accept")));
        }
        assertThat(back.status()).isEqualTo(302);
        Map<String, String> q = SignInFixture.query(back.location());
        assertThat(back.location()).startsWith(SignInFixture.WEB_CALLBACK);
        assertThat(q).containsEntry("state", "st-1").containsKey("code");
        JsonNode tokens = SignInFixture.ok(f.exchangeWeb(q.get("code")));
        new IDTokenValidator(new Issuer(ISSUER), new ClientID(f.webId), JWSAlgorithm.RS256, jwks(a))
                .validate(JWTParser.parse(tokens.get("id_token").asString()), new com.nimbusds.openid.connect.sdk.Nonce("n-outage"));

        // the refresh refused during the outage rotated nothing: the token still works once, and only once
        JsonNode rotated = SignInFixture.ok(f.refreshWeb(refresh));
        assertThat(rotated.get("refresh_token").asString()).isNotEqualTo(refresh);
        assertThat(f.refreshWeb(refresh).status()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void connections_cut_by_pg_terminate_backend_cost_at_most_fast_503s_and_recover_at_once() throws Exception {
        // the restart that ended the previous test may still cost a node one fast 503: a pooled connection
        // used just before it is not validated again on its next use, fails, and the node recovers at once
        assertThat(eventually(() -> a.mgmt("GET", "/roles", null).status(), 200, Duration.ofSeconds(5))).isEqualTo(200);
        assertThat(eventually(() -> b.mgmt("GET", "/roles", null).status(), 200, Duration.ofSeconds(5))).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(a.mgmt("GET", "/roles", null).status()).isEqualTo(200);
            assertThat(b.mgmt("GET", "/roles", null).status()).isEqualTo(200);
        }
        // the token path's records in A's cache (the sign-in test's writes on A dropped its copies)
        assertThat(token(a).status()).isEqualTo(200);
        int cut;
        try (Connection own = pg.connect(DATABASE); Statement s = own.createStatement();
             var rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                     + "where datname = '" + DATABASE + "' and pid <> pg_backend_pid()")) {
            rs.next();
            cut = rs.getInt(1);
        }
        assertThat(cut).as("Atrium's pooled connections were cut").isGreaterThan(0);

        List<Sample> samples = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            samples.add(timed("A", "read", () -> a.mgmt("GET", "/roles", null)));
            samples.add(timed("B", "write", () -> createRole(b, "cut")));
            samples.add(timed("A", "token", () -> token(a)));
        }
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.status()).as(s.toString()).isIn(200, 201, 503);
            assertThat(s.millis()).as(s.toString()).isLessThan(FAST_MILLIS);
        });
        assertThat(samples.stream().filter(s -> s.what().equals("token"))).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
        // within a second of the cut everything answers again
        long settled = samples.get(0).startedAt() + Duration.ofSeconds(1).toNanos();
        assertThat(samples.stream().filter(s -> s.startedAt() > settled))
                .isNotEmpty().allSatisfy(s -> assertThat(s.status()).as(s.toString()).isIn(200, 201));
    }

    @Test
    @Order(4)
    void a_slow_database_costs_bounded_503s_and_never_the_token_path() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try (Connection locker = pg.connect(DATABASE); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("lock table users in access exclusive mode");
            List<Future<Sample>> slow = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                slow.add(pool.submit(() -> timed("A", "users", () -> a.mgmt("GET", "/users?per_page=1", null))));
            }
            List<Sample> tokens = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                tokens.add(timed("A", "token", () -> token(a)));
            }
            for (Future<Sample> f : slow) {
                Sample r = f.get(10, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                // the statement timeout (1 s) plus at most one pool wait (0.5 s) and the overhead of a busy machine
                assertThat(r.millis()).as(r.toString()).isLessThan(STATEMENT_TIMEOUT.toMillis() * 3);
                assertThat(Json.parseObject(r.body()).get("errorCode").asString()).isEqualTo("temporarily_unavailable");
                assertThat(r.retryAfter()).isNotBlank();
            }
            assertThat(tokens).isNotEmpty().allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(200);
                assertThat(t.millis()).as(t.toString()).isLessThan(FAST_MILLIS);
            });
            locker.rollback();
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventually(() -> a.mgmt("GET", "/users?per_page=1", null).status(), 200, Duration.ofSeconds(2))).isEqualTo(200);
    }

    @Test
    @Order(5)
    void two_nodes_recover_and_agree_on_a_key_rotation_made_right_after_recovery() throws Exception {
        String oldKid = SignedJWT.parse(token(b).json().get("access_token").asString()).getHeader().getKeyID();
        pg.stop();
        Thread.sleep(1500);
        pg.start();
        assertThat(eventually(() -> a.get("/health").status(), 200, Duration.ofSeconds(5))).isEqualTo(200);
        var rotated = a.mgmt("POST", "/keys/signing/rotate", "{}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        String newKid = rotated.json().get("kid").asString();
        assertThat(newKid).isNotEqualTo(oldKid);

        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        String kid = oldKid;
        String signedByB = null;
        while (!kid.equals(newKid) && System.nanoTime() < deadline) {
            signedByB = token(b).json().get("access_token").asString();
            kid = SignedJWT.parse(signedByB).getHeader().getKeyID();
            if (!kid.equals(newKid)) {
                Thread.sleep(50);
            }
        }
        assertThat(kid).as("B signs with the key A rotated to").isEqualTo(newKid);
        JWKSet fromA = JWKSet.parse(a.get("/.well-known/jwks.json").body());
        JWKSet fromB = JWKSet.parse(b.get("/.well-known/jwks.json").body());
        assertThat(fromB.getKeys()).extracting(k -> k.getKeyID())
                .containsExactlyInAnyOrderElementsOf(fromA.getKeys().stream().map(k -> k.getKeyID()).toList())
                .contains(newKid, oldKid);
        DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
        verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(fromA)));
        assertThat(verifier.process(signedByB, null).getAudience()).containsExactly(api);
        String signedByA = token(a).json().get("access_token").asString();
        assertThat(SignedJWT.parse(signedByA).getHeader().getKeyID()).isEqualTo(newKid);
    }

    private static TestAtrium.Response token(TestAtrium n) {
        return n.clientCredentials(m2mId, m2mSecret, api, null);
    }

    private static TestAtrium.Response createRole(TestAtrium n, String prefix) {
        return n.mgmt("POST", "/roles", "{\"name\":\"" + prefix + "-" + System.nanoTime() + "\"}");
    }

    private static Sample timed(String node, String what, Supplier<TestAtrium.Response> call) {
        long t0 = System.nanoTime();
        TestAtrium.Response r = call.get();
        long t1 = System.nanoTime();
        return new Sample(node, what, t0, stalls.runningMillis(t0, t1), (t1 - t0) / 1_000_000, r.status(), r.body(),
                r.header("Retry-After"));
    }

    /** Asks until {@code expected} comes, for at most {@code within} of the time this process was running. */
    private static int eventually(Supplier<Integer> status, int expected, Duration within) throws InterruptedException {
        long started = System.nanoTime();
        int last = status.get();
        while (last != expected && stalls.runningMillis(started, System.nanoTime()) < within.toMillis()) {
            Thread.sleep(50);
            last = status.get();
        }
        return last;
    }

    private static java.net.URL jwks(TestAtrium n) throws Exception {
        return new URI(n.baseUrl() + "/.well-known/jwks.json").toURL();
    }
}
