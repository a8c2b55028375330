package dev.atrium.bench;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Issue 15 goal 6: the same four operations on a small tenant and on one of realistic size, both seeded
 * by {@link ScaleSeed} (so they differ only in size), each served by its own Atrium process, both up at
 * once and measured alternately (small, large, small, large, … for {@code bench.rounds} rounds) so a
 * change in the host's load falls on both:
 *
 * <ul>
 *   <li>{@code scale_client_credentials}: a token for a random one of the seeded applications and a random
 *   one of its ten APIs;</li>
 *   <li>{@code scale_organization_sign_in}: a random seeded user signs in to an application that requires an
 *   organization and prompts for it after the login, and picks the first organization the picker offers
 *   (each user belongs to ten), then the code is exchanged;</li>
 *   <li>{@code scale_members}: {@code GET /api/v2/organizations/{id}/members} of a random organization (100
 *   members each, the first page);</li>
 *   <li>{@code scale_user_search}: {@code GET /api/v2/users?q=email:"…"} for a random seeded user.</li>
 * </ul>
 *
 * <p>The small tenant is a thousandth of the large one (10 organizations of 100 members, 100 users, 5
 * applications), seeded into a temporary H2 database unless {@code bench.scale.small.url} names a seeded
 * one; the large one is seeded into a temporary H2 database (about a minute and a half) unless
 * {@code bench.scale.large.url} names one seeded before. For a database seeded before, give what the seed
 * printed: {@code bench.scale.<size>.key}, {@code .secret}, {@code .fraction}, and for PostgreSQL
 * {@code .user} and {@code .password}.
 */
final class ScaleScenario {
    private static final String CALLBACK = "https://app.scale.example/callback";
    private static final List<String> OPERATIONS = List.of(System.getProperty("bench.scale.operations",
            "client_credentials,organization_sign_in,members,user_search").split(","));
    /**
     * Whether each tenant is asked once for a token of every (application, API) pair before the rounds, so
     * the client-credentials figures are those of a node that has served the tenant for a while (its cache
     * holds the tenant's applications, APIs and grants); {@code -Dbench.scale.prime=false} measures the
     * cache filling instead.
     */
    private static final boolean PRIME = Boolean.parseBoolean(System.getProperty("bench.scale.prime", "true"));

    private ScaleScenario() {
    }

    static void run(Path jar, int clients, int warmup, int seconds, int rounds) throws Exception {
        List<Path> temporary = new ArrayList<>();
        ScaleSeed.Seeded small = seeded("small", 0.001, jar, temporary);
        ScaleSeed.Seeded large = seeded("large", 1, jar, temporary);
        try (Served s = Served.start(jar, small, "small"); Served l = Served.start(jar, large, "large")) {
            if (OPERATIONS.contains("client_credentials") && PRIME) {
                for (Served served : List.of(s, l)) {
                    served.primeTokens(clients);
                }
            }
            Map<String, List<Benchmark.Result>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String op : OPERATIONS) {
                    for (Served served : List.of(s, l)) {
                        System.err.printf(Locale.ROOT, "atrium bench: scale round %d, %s on the %s tenant%n", round, op, served.size);
                        Benchmark.Result r = Benchmark.measure(served.server, clients, warmup, seconds, served.operation(op));
                        results.computeIfAbsent(op + "/" + served.size, k -> new ArrayList<>()).add(r);
                        System.err.println("  " + r.summary(op, "ops/s", clients, seconds).replace("\n", "\n  "));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "scale: small tenant %s; large tenant %s (%s)%n", s.describe(), l.describe(),
                    large.url().startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2");
            for (String op : OPERATIONS) {
                System.out.println(line(op, results.get(op + "/small"), results.get(op + "/large"), seconds));
            }
            System.out.printf(Locale.ROOT, "scale_footprint: RSS after the runs %.0f MiB (small tenant), %.0f MiB (large tenant)%n",
                    s.server.memoryMiB("VmRSS"), l.server.memoryMiB("VmRSS"));
        } finally {
            for (Path p : temporary) {
                Benchmark.delete(p);
            }
        }
    }

    /** One line per operation: each tenant's median rate, p50 and p99 over the rounds, and the large tenant's ratios. */
    static String line(String op, List<Benchmark.Result> small, List<Benchmark.Result> large, int seconds) {
        double sRate = median(small, r -> r.perSecond(seconds));
        double lRate = median(large, r -> r.perSecond(seconds));
        double sP50 = median(small, r -> p(r, 0.50));
        double lP50 = median(large, r -> p(r, 0.50));
        double sP99 = median(small, r -> p(r, 0.99));
        double lP99 = median(large, r -> p(r, 0.99));
        double sSql = median(small, Benchmark.Result::statementsPerOp);
        double lSql = median(large, Benchmark.Result::statementsPerOp);
        long failed = small.stream().mapToLong(Benchmark.Result::failures).sum() + large.stream().mapToLong(Benchmark.Result::failures).sum();
        return String.format(Locale.ROOT, "scale_%s: small %.0f/s (p50 %.1f ms, p99 %.1f ms, %.2f SQL/op); large %.0f/s "
                        + "(p50 %.1f ms, p99 %.1f ms, %.2f SQL/op); large/small: rate %.0f %%, p50 %.0f %%, p99 %.0f %%%s",
                op, sRate, sP50, sP99, sSql, lRate, lP50, lP99, lSql, 100 * lRate / sRate, 100 * lP50 / sP50, 100 * lP99 / sP99,
                failed == 0 ? "" : "; " + failed + " failed (first: " + firstFailure(small, large) + ")");
    }

    private static String firstFailure(List<Benchmark.Result> small, List<Benchmark.Result> large) {
        return java.util.stream.Stream.concat(small.stream(), large.stream()).map(Benchmark.Result::firstFailure)
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    private static double p(Benchmark.Result r, double q) {
        long[] sorted = r.latencies().clone();
        java.util.Arrays.sort(sorted);
        return Benchmark.Result.ms(sorted, q);
    }

    private static double median(List<Benchmark.Result> rs, java.util.function.ToDoubleFunction<Benchmark.Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The tenant named by {@code bench.scale.<size>.*}, or a new one seeded into a temporary H2 database. */
    private static ScaleSeed.Seeded seeded(String size, double defaultFraction, Path jar, List<Path> temporary) throws Exception {
        String prefix = "bench.scale." + size + ".";
        String url = System.getProperty(prefix + "url");
        double fraction = Double.parseDouble(System.getProperty(prefix + "fraction", Double.toString(defaultFraction)));
        if (url == null || url.isBlank()) {
            Path dir = Files.createTempDirectory("atrium-scale-" + size + "-");
            temporary.add(dir);
            System.err.printf(Locale.ROOT, "atrium bench: seeding the %s tenant (%s of issue 15's) into %s%n", size, fraction, dir);
            return ScaleSeed.seed("jdbc:h2:file:" + dir.resolve("atrium").toAbsolutePath(), "", "", fraction,
                    ServerProcess.newEncryptionKey(), jar);
        }
        return new ScaleSeed.Seeded(url, System.getProperty(prefix + "user", ""), System.getProperty(prefix + "password", ""),
                required(prefix + "key"), required(prefix + "secret"), (int) (10_000 * fraction), (int) (100_000 * fraction),
                (int) (5_000 * fraction), 0);
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("-D" + property + " is required with the tenant's url");
        }
        return v;
    }

    /** One seeded tenant served by its own process, with an organization-requiring web application and a Management API token. */
    private static final class Served implements AutoCloseable {
        final String size;
        final ServerProcess server;
        final ScaleSeed.Seeded tenant;
        final Benchmark bench;
        final String base;
        final String token;
        final String webId;
        final String webSecret;
        final long readyMillis;
        final HttpClient http = Benchmark.newClient();
        final SignInFlow flow = new SignInFlow(http);

        private Served(String size, ServerProcess server, ScaleSeed.Seeded tenant, long readyMillis, String bootstrapSecret) {
            this.size = size;
            this.server = server;
            this.tenant = tenant;
            this.readyMillis = readyMillis;
            this.base = "http://127.0.0.1:" + server.port;
            this.bench = new Benchmark(base);
            this.token = bench.managementToken("bench-bootstrap", bootstrapSecret);
            JsonNode web = bench.mgmt(token, "POST", "/clients", "{\"name\":\"Scale web " + Benchmark.random(4) + "\","
                    + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\"],"
                    + "\"token_endpoint_auth_method\":\"client_secret_post\",\"organization_usage\":\"require\","
                    + "\"organization_require_behavior\":\"post_login_prompt\",\"oidc_conformant\":true}");
            this.webId = web.get("client_id").asString();
            this.webSecret = web.get("client_secret").asString();
            JsonNode conns = bench.mgmt(token, "GET", "/connections?name=Username-Password-Authentication", null);
            String connection = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
            bench.mgmt(token, "PATCH", "/connections/" + connection + "/clients", "[{\"client_id\":\"" + webId + "\",\"status\":true}]");
        }

        static Served start(Path jar, ScaleSeed.Seeded tenant, String size) throws Exception {
            Path dir = Files.createTempDirectory("atrium-scale-run-");
            String bootstrap = "bench-" + Benchmark.random(24);
            ServerProcess server = ServerProcess.start(jar, dir, Benchmark.freePort(), tenant.key(), bootstrap, true,
                    Map.of("ATRIUM_DATABASE_URL", tenant.url(), "ATRIUM_DATABASE_USER", tenant.user(),
                            "ATRIUM_DATABASE_PASSWORD", tenant.password()));
            try {
                long ready = server.awaitHealthy(300);
                return new Served(size, server, tenant, ready, bootstrap);
            } catch (Exception | Error e) {
                server.close();
                throw e;
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%d organizations, %d users, %d applications, /health after %d ms",
                    tenant.orgs(), tenant.users(), tenant.clients(), readyMillis);
        }

        Runnable operation(String op) {
            return switch (op) {
                case "client_credentials" -> () -> expect(post("/oauth/token", Map.of("grant_type", "client_credentials",
                        "client_id", ScaleSeed.clientId(ThreadLocalRandom.current().nextInt(tenant.clients())),
                        "client_secret", tenant.appSecret(),
                        "audience", "https://api" + ThreadLocalRandom.current().nextInt(10) + ".scale.example/")));
                case "organization_sign_in" -> this::organizationSignIn;
                case "members" -> () -> expect(get("/api/v2/organizations/"
                        + ScaleSeed.orgId(ThreadLocalRandom.current().nextInt(tenant.orgs())) + "/members"));
                case "user_search" -> () -> {
                    int u = ThreadLocalRandom.current().nextInt(tenant.users());
                    JsonNode found = Json.MAPPER.readTree(expect(get("/api/v2/users?q="
                            + Benchmark.enc("email:\"" + ScaleSeed.email(u) + "\""))).body());
                    if (found.size() != 1) {
                        throw new IllegalStateException("user search for " + ScaleSeed.email(u) + " found " + found.size());
                    }
                };
                default -> throw new IllegalArgumentException(op);
            };
        }

        /** One token for each of the tenant's (application, API) pairs, on {@code clients} threads; every one must be issued. */
        void primeTokens(int clients) throws InterruptedException {
            int pairs = tenant.clients() * 10;
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < pairs && failed.get() == null; i = next.getAndIncrement()) {
                        try {
                            expect(post("/oauth/token", Map.of("grant_type", "client_credentials",
                                    "client_id", ScaleSeed.clientId(i / 10), "client_secret", tenant.appSecret(),
                                    "audience", "https://api" + (i % 10) + ".scale.example/")));
                        } catch (RuntimeException e) {
                            failed.compareAndSet(null, e);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            System.err.printf(Locale.ROOT, "atrium bench: %s tenant primed with a token for each of its %d (application, API) pairs in %.0f s%n",
                    size, pairs, (System.nanoTime() - start) / 1e9);
        }

        private void organizationSignIn() {
            int u = ThreadLocalRandom.current().nextInt(tenant.users());
            String code = flow.code(base + "/authorize?response_type=code&client_id=" + Benchmark.enc(webId)
                    + "&redirect_uri=" + Benchmark.enc(CALLBACK) + "&scope=openid&state=" + Benchmark.random(12),
                    CALLBACK, ScaleSeed.email(u), ScaleSeed.PASSWORD);
            JsonNode tokens = Json.MAPPER.readTree(expect(post("/oauth/token", Map.of("grant_type", "authorization_code",
                    "code", code, "redirect_uri", CALLBACK, "client_id", webId, "client_secret", webSecret))).body());
            if (!tokens.has("id_token")) {
                throw new IllegalStateException("code exchange without an id_token: " + tokens);
            }
        }

        private HttpResponse<String> post(String path, Map<String, String> form) {
            return SignInFlow.send(http, HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SignInFlow.form(form))).build());
        }

        private HttpResponse<String> get(String path) {
            return SignInFlow.send(http, HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build());
        }

        private static HttpResponse<String> expect(HttpResponse<String> r) {
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode()
                        + ": " + r.body().substring(0, Math.min(200, r.body().length())));
            }
            return r;
        }

        @Override
        public void close() throws Exception {
            server.close();
            Benchmark.delete(server.dir);
        }
    }
}
