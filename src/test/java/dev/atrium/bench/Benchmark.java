package dev.atrium.bench;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures Atrium from outside, over loopback: starts {@code target/atrium.jar} through the README's
 * start script ({@code ./atrium}; {@code bench.launch=jar} for plain {@code java -jar}) as its own process on
 * a free port with a fresh H2 file database, seeds a tenant through the Management API, then runs
 * concurrent clients from this JVM for two scenarios and prints one summary line for each:
 * client-credentials tokens (RFC 6749 §4.4) and complete sign-ins (authorize, hosted login form,
 * code exchange; RFC 6749 §4.1), each sign-in with a fresh cookie jar. Progress goes to stderr.
 *
 * <p>Settings (system properties): {@code bench.clients} (8), {@code bench.seconds} (15 per
 * scenario), {@code bench.warmup} (5 per scenario), {@code bench.jar} ({@code target/atrium.jar}),
 * {@code bench.launch} ({@code script}, or {@code jar}), {@code bench.logs} ({@code true}: the tenant log on; {@code false} starts the server with
 * {@code ATRIUM_LOGS_ENABLED=false}), {@code bench.only} (run one scenario, e.g. {@code client_credentials}).
 * The {@code logs_cost} scenario ({@link LogsCost}) runs client credentials with the log on and off, alternately;
 * {@code log_writer} ({@link LogWriterCost}) measures the log's writes to H2 alone, in this JVM.
 * Run as {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@bench} (bench/README.md).
 */
public final class Benchmark {
    private static final String CALLBACK = "https://app.bench.example/callback";
    private static final String PASSWORD = "Bench-Corr3ct-Horse-Battery";

    private final String base;
    private final HttpClient http;
    private final SignInFlow signInFlow;

    Benchmark(String base) {
        this.base = base;
        this.http = newClient();
        this.signInFlow = new SignInFlow(http);
    }

    /** The load generator's HTTP client, the same for every server the benchmark drives: no redirects followed. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 32);
        int seconds = Integer.getInteger("bench.seconds", 15);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int soakSeconds = Integer.getInteger("bench.soakSeconds", 180);
        List<String> scenarios = List.of(System.getProperty("bench.scenarios",
                "startup,client_credentials,sign_in,refresh,soak").split(","));
        Path jar = Path.of(System.getProperty("bench.jar", "target/atrium.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run mvn -B -q -DskipTests package first");
        }
        ServerProcess.prepare(jar);
        if (scenarios.contains("startup")) {
            StartupScenario.run(jar, Integer.getInteger("bench.startupRuns", 5));
        }
        if (scenarios.contains("logs_cost")) {
            LogsCost.run(jar, clients, warmup, seconds, Integer.getInteger("bench.logsRounds", 3));
        }
        if (scenarios.contains("log_writer")) {
            LogWriterCost.run(Integer.getInteger("bench.logsRounds", 3));
        }
        if (scenarios.contains("scale")) {
            ScaleScenario.run(jar, clients, warmup, seconds, Integer.getInteger("bench.rounds", 2));
        }
        if (scenarios.contains("compare")) {
            Comparison.run(jar, clients, warmup, seconds, Integer.getInteger("bench.rounds", 3),
                    List.of(System.getProperty("bench.peers", "keycloak,oidc-provider").split(",")));
        }
        List<String> load = scenarios.stream().filter(s -> !List.of("startup", "logs_cost", "log_writer", "compare", "scale").contains(s)).toList();
        if (!load.isEmpty()) {
            Path dir = Files.createTempDirectory("atrium-bench-");
            String secret = "bench-" + random(24);
            try (ServerProcess server = ServerProcess.start(jar, dir, freePort(), ServerProcess.newEncryptionKey(), secret, true)) {
                Thread killer = new Thread(server.process::destroyForcibly, "bench-stop-server");
                Runtime.getRuntime().addShutdownHook(killer);
                long ready = server.awaitHealthy(90);
                System.err.println("atrium bench: server up on port " + server.port + " after " + ready + " ms; "
                        + grep(dir.resolve("server.log"), "crypto provider"));
                System.out.printf(java.util.Locale.ROOT, "footprint_ready: RSS %.0f MiB (fresh H2 database, before any request)%n",
                        server.memoryMiB("VmRSS"));
                Benchmark bench = new Benchmark("http://127.0.0.1:" + server.port);
                Tenant t = bench.seed(secret);
                for (String scenario : load) {
                    Result r = switch (scenario) {
                        case "client_credentials" -> measure(server, clients, warmup, seconds, () -> bench.clientCredentials(t));
                        case "sign_in" -> measure(server, clients, warmup, seconds, () -> bench.signIn(t, false));
                        case "refresh" -> {
                            ThreadLocal<String> token = ThreadLocal.withInitial(() -> bench.signIn(t, true));
                            yield measure(server, clients, warmup, seconds, () -> {
                                try {
                                    token.set(bench.refresh(t, token.get()));
                                } catch (RuntimeException e) {
                                    token.remove(); // the next operation signs in again
                                    throw e;
                                }
                            });
                        }
                        case "soak" -> {
                            Soak soak = new Soak(bench, t);
                            Result mixed = measure(server, clients, 0, soakSeconds, soak::next);
                            System.out.println(soak.summary(mixed, soakSeconds, server));
                            int idle = Integer.getInteger("bench.idleAfterSoak", 60);
                            if (idle > 0) {
                                Thread.sleep(idle * 1000L);
                                System.out.printf(java.util.Locale.ROOT, "soak_idle: RSS %.0f MiB after %d s without requests%n",
                                        server.memoryMiB("VmRSS"), idle);
                            }
                            yield null;
                        }
                        default -> throw new IllegalArgumentException("unknown scenario " + scenario
                                + " (known: startup, client_credentials, sign_in, refresh, soak, logs_cost, log_writer, compare, scale)");
                    };
                    if (r != null) {
                        System.out.println(r.summary(scenario, UNITS.get(scenario), clients, seconds));
                    }
                    if (r != null && scenario.equals("sign_in")) {
                        HashBound.Bound bound = HashBound.signInsPerSecond();
                        System.out.printf(java.util.Locale.ROOT, "sign_in: %.0f %% of the hash bound (target: at least 90 %%); "
                                + "%.0f %% of the checks all cores complete together%n",
                                100 * r.perSecond(seconds) / bound.extrapolated(), 100 * r.perSecond(seconds) / bound.allCores());
                    }
                }
                Runtime.getRuntime().removeShutdownHook(killer);
            } finally {
                delete(dir);
            }
        }
    }

    static final Map<String, String> UNITS = Map.of("client_credentials", "tokens/s", "sign_in", "sign-ins/s",
            "refresh", "refreshes/s");

    /** Runs one scenario while reading the server's CPU time and statement count around the measured window. */
    static Result measure(ServerProcess server, int clients, int warmup, int seconds, Runnable op) throws InterruptedException {
        long before = server.statementsExecuted();
        List<Map<String, Double>> split = new ArrayList<>();
        Result r = run(clients, warmup, seconds, op, () -> {
            split.add(server.cpuMillisByThreadKind());
            return server.cpuMillis();
        });
        long after = server.statementsExecuted();
        return r.withStatements(before < 0 || after < 0 ? -1 : (after - before) / (double) r.operations())
                .withCpuSplit(cpuSplit(split.get(0), split.get(1), r.latencies().length));
    }

    /** The server's CPU per operation by kind of thread, largest first: "jetty 0.412, jit 0.031, …" (ms/op). */
    static String cpuSplit(Map<String, Double> from, Map<String, Double> to, long operations) {
        if (operations == 0) {
            return "";
        }
        return to.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - from.getOrDefault(e.getKey(), 0.0)) / operations))
                .filter(e -> e.getValue() >= 0.0005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** What the seed made: an API, an M2M client with a grant for it, a web client, a user, and a Management API token. */
    record Tenant(String api, String m2mId, String m2mSecret, String webId, String webSecret, String email, String mgmtToken) {
    }

    /** A Management API token for the bootstrap client. */
    String managementToken(String clientId, String secret) {
        return json(expect(postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", secret, "audience", base + "/api/v2/"))), 200))
                .get("access_token").asString();
    }

    /** The seeded tenant, for the scenarios in other classes. */
    Tenant seedTenant(String bootstrapSecret) {
        return seed(bootstrapSecret);
    }

    private Tenant seed(String bootstrapSecret) {
        String token = managementToken("bench-bootstrap", bootstrapSecret);
        String api = "https://api.bench.example/";
        mgmt(token, "POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Bench API\","
                + "\"scopes\":[{\"value\":\"read:things\"},{\"value\":\"write:things\"}]}");
        JsonNode m2m = mgmt(token, "POST", "/clients", "{\"name\":\"Bench M2M\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}");
        String m2mId = m2m.get("client_id").asString();
        mgmt(token, "POST", "/client-grants", "{\"client_id\":\"" + m2mId + "\",\"audience\":\"" + api + "\","
                + "\"scope\":[\"read:things\",\"write:things\"]}");
        JsonNode web = mgmt(token, "POST", "/clients", "{\"name\":\"Bench Web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\","
                + "\"refresh_token\":{\"rotation_type\":\"rotating\",\"expiration_type\":\"expiring\"}}");
        String webId = web.get("client_id").asString();
        JsonNode conns = mgmt(token, "GET", "/connections?name=Username-Password-Authentication", null);
        String connection = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        mgmt(token, "PATCH", "/connections/" + connection + "/clients", "[{\"client_id\":\"" + webId + "\",\"status\":true}]");
        String email = "bench-user@bench.example";
        mgmt(token, "POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\"}");
        return new Tenant(api, m2mId, m2m.get("client_secret").asString(), webId, web.get("client_secret").asString(), email, token);
    }

    void clientCredentials(Tenant t) {
        HttpResponse<String> r = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "client_id", t.m2mId(), "client_secret", t.m2mSecret(), "audience", t.api())));
        expect(r, 200);
    }

    /**
     * One person signing in from a new browser: authorize, the login page, its form, then the code
     * exchange; with {@code offline} it asks for {@code offline_access} and returns the refresh token.
     */
    String signIn(Tenant t, boolean offline) {
        String code = signInFlow.code(base + "/authorize?response_type=code&client_id=" + enc(t.webId())
                + "&redirect_uri=" + enc(CALLBACK) + "&scope=openid%20profile" + (offline ? "%20offline_access" : "")
                + "&state=" + random(12), CALLBACK, t.email(), PASSWORD);
        JsonNode tokens = json(expect(postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", CALLBACK, "client_id", t.webId(), "client_secret", t.webSecret()))), 200));
        if (!tokens.has("id_token") || offline && !tokens.has("refresh_token")) {
            throw new IllegalStateException("code exchange without an id_token or the refresh token asked for: " + tokens);
        }
        return offline ? tokens.get("refresh_token").asString() : null;
    }

    /** One rotation of a refresh token (RFC 6749 §6); returns the new refresh token. */
    String refresh(Tenant t, String refreshToken) {
        JsonNode tokens = json(expect(postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", t.webId(), "client_secret", t.webSecret()))), 200));
        return tokens.get("refresh_token").asString();
    }

    /**
     * Samples of one scenario: the latency in nanoseconds of every operation that started and finished
     * in the measured window, the failures, every operation run (warm-up included, for the statement
     * count), the server's CPU milliseconds over the measured window, and statements per operation.
     */
    record Result(long[] latencies, long failures, String firstFailure, long operations, double serverCpuMillis,
                  double statementsPerOp, String cpuSplit) {
        Result withStatements(double perOp) {
            return new Result(latencies, failures, firstFailure, operations, serverCpuMillis, perOp, cpuSplit);
        }

        Result withCpuSplit(String split) {
            return new Result(latencies, failures, firstFailure, operations, serverCpuMillis, statementsPerOp, split);
        }

        double perSecond(int seconds) {
            return latencies.length / (double) seconds;
        }

        double cpuPerOpMillis() {
            return latencies.length == 0 ? Double.NaN : serverCpuMillis / latencies.length;
        }

        String summary(String scenario, String unit, int clients, int seconds) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            String failed = failures == 0 ? "" : ", " + failures + " failed (first: " + firstFailure + ")";
            String statements = statementsPerOp < 0 ? "" : String.format(java.util.Locale.ROOT, ", %.2f SQL statements/op", statementsPerOp);
            return String.format(java.util.Locale.ROOT,
                    "%s: %.0f %s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, server CPU %.3f ms/op%s (%d clients, %d s)%s",
                    scenario, perSecond(seconds), unit, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                    cpuPerOpMillis(), statements, clients, seconds, failed)
                    + (cpuSplit == null || cpuSplit.isEmpty() ? "" : "\n" + scenario + "_cpu_by_thread: " + cpuSplit + " ms/op");
        }

        static double ms(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))] / 1e6;
        }
    }

    /**
     * Runs {@code op} from {@code clients} threads: a warm-up whose samples are dropped, then the
     * measured seconds; {@code cpu} (the server's CPU milliseconds) is read as the window opens and closes.
     */
    static Result run(int clients, int warmupSeconds, int seconds, Runnable op,
                      java.util.function.DoubleSupplier cpu) throws InterruptedException {
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Worker w = new Worker(op, measureFrom, end);
            workers.add(w);
            Thread th = new Thread(w, "bench-client-" + i);
            threads.add(th);
            th.start();
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, measureFrom - System.nanoTime()));
        double cpuFrom = cpu.getAsDouble();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
        double cpuTo = cpu.getAsDouble();
        for (Thread th : threads) {
            th.join();
        }
        long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.samples, 0, w.count)).toArray();
        long failures = workers.stream().mapToLong(w -> w.failures).sum();
        long operations = workers.stream().mapToLong(w -> w.operations).sum();
        String first = workers.stream().map(w -> w.firstFailure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return new Result(all, failures, first, operations, cpuTo - cpuFrom, -1, null);
    }

    /** One concurrent client: repeats the operation until the end, keeping the latencies of those started and finished in the measured window. */
    private static final class Worker implements Runnable {
        private final Runnable op;
        private final long measureFrom;
        private final long end;
        private long[] samples = new long[4096];
        private int count;
        private long failures;
        private long operations;
        private String firstFailure;

        Worker(Runnable op, long measureFrom, long end) {
            this.op = op;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        @Override
        public void run() {
            long started;
            while ((started = System.nanoTime()) < end) {
                boolean measured = started >= measureFrom;
                try {
                    operations++;
                    op.run();
                } catch (RuntimeException e) {
                    if (measured && failures++ == 0) {
                        firstFailure = e.getMessage();
                    }
                    continue;
                }
                long done = System.nanoTime();
                if (measured && done <= end) {
                    if (count == samples.length) {
                        samples = Arrays.copyOf(samples, count * 2);
                    }
                    samples[count++] = done - started;
                }
            }
        }
    }

    JsonNode mgmt(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v2" + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? Json.object() : json(r);
    }

    private HttpResponse<String> postForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        return SignInFlow.send(http, request);
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode()
                    + ": " + r.body().substring(0, Math.min(200, r.body().length())));
        }
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.MAPPER.readTree(r.body());
    }

    private static String form(Map<String, String> fields) {
        return SignInFlow.form(fields);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The last line of the server log that contains {@code text}, for the progress message or a start-up failure. */
    private static String grep(Path log, String text) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).reduce((a, b) -> b).orElse("(no '" + text + "' in the server log)");
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
