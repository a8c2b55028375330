package dev.atrium.bench;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak in the comparison: its distribution as published on Maven Central
 * ({@code org.keycloak:keycloak-quarkus-dist}, version {@code bench.keycloakVersion}), unpacked under
 * {@code target/peers/}, started with {@code kc.sh start-dev} (its embedded H2 database, its own JVM
 * settings) on a fresh data directory, and seeded through its admin REST API with a realm holding the
 * benchmark's tenant. Keycloak 26 needs Java 21 or newer: {@code bench.keycloakJavaHome}, or the first
 * such JDK found under {@code /usr/lib/jvm}. Passwords are hashed with Keycloak's default (Argon2id,
 * 7 MiB, 5 passes in 26.x).
 */
final class KeycloakPeer implements Peer {
    private static final String REALM = "bench";
    private static final String CALLBACK = "https://app.bench.example/callback";

    private final Process process;
    private final String version;
    private final String base;
    private final HttpClient http = Benchmark.newClient();
    private final SignInFlow flow = new SignInFlow(http);
    private final String m2mSecret = "m2m-" + Benchmark.random(24);
    private final String webSecret = "web-" + Benchmark.random(24);
    private final String password = "Bench-" + Benchmark.random(12);

    private KeycloakPeer(Process process, String version, int port) {
        this.process = process;
        this.version = version;
        this.base = "http://127.0.0.1:" + port;
    }

    static KeycloakPeer start() throws Exception {
        String version = System.getProperty("bench.keycloakVersion", "26.7.3");
        Path home = distribution(version);
        Path javaHome = javaHome();
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            Benchmark.delete(data);
        }
        int port = Benchmark.freePort();
        String adminPassword = "admin-" + Benchmark.random(12);
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--http-management-port=" + Benchmark.freePort());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        Path log = home.resolve("bench-keycloak.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        System.err.println("atrium bench: starting Keycloak " + version + " with " + javaHome);
        KeycloakPeer peer = new KeycloakPeer(pb.start(), version, port);
        try {
            Peer.awaitOk(peer.process, peer.base + "/realms/master/.well-known/openid-configuration", 300, log);
            peer.seed(adminPassword);
            return peer;
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
    }

    /** The unpacked distribution, fetched from Maven Central into the local repository when missing. */
    private static Path distribution(String version) throws IOException, InterruptedException {
        Path home = Path.of("target", "peers", "keycloak-" + version).toAbsolutePath();
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        String coordinates = "org.keycloak:keycloak-quarkus-dist:" + version + ":zip";
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path zip = repo.resolve("org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            System.err.println("atrium bench: fetching " + coordinates + " from Maven Central");
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:get", "-Dartifact=" + coordinates, "-Dtransitive=false")
                    .inheritIO().start();
            if (mvn.waitFor() != 0 || !Files.isRegularFile(zip)) {
                throw new IllegalStateException("could not fetch " + coordinates + " (expected at " + zip + ")");
            }
        }
        Path parent = home.getParent();
        Files.createDirectories(parent);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = parent.resolve(e.getName()).normalize();
                if (!target.startsWith(parent)) {
                    throw new IllegalStateException("entry outside the distribution: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(zip + " did not hold keycloak-" + version + "/bin/kc.sh");
        }
        return home;
    }

    /** {@code bench.keycloakJavaHome}, or a JDK of version 21 or newer under /usr/lib/jvm. */
    private static Path javaHome() throws IOException {
        String set = System.getProperty("bench.keycloakJavaHome");
        if (set != null) {
            return Path.of(set);
        }
        List<Path> candidates = new ArrayList<>();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var list = Files.list(jvms)) {
                list.sorted().forEach(candidates::add);
            }
        }
        for (Path p : candidates) {
            if (major(p).orElse(0) >= 21 && Files.isExecutable(p.resolve("bin/java"))) {
                return p;
            }
        }
        throw new IllegalStateException("Keycloak needs Java 21 or newer: set -Dbench.keycloakJavaHome=<a JDK 21+>");
    }

    private static Optional<Integer> major(Path jdk) {
        try (InputStream in = Files.newInputStream(jdk.resolve("release"))) {
            var props = new java.util.Properties();
            props.load(in);
            String v = props.getProperty("JAVA_VERSION", "").replace("\"", "");
            return Optional.of(Integer.parseInt(v.split("[.+-]")[0]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void seed(String adminPassword) {
        JsonNode admin = Json.MAPPER.readTree(post("/realms/master/protocol/openid-connect/token", null,
                SignInFlow.form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", adminPassword)), "application/x-www-form-urlencoded", 200));
        String token = admin.get("access_token").asString();
        post("/admin/realms", token, "{\"realm\":\"" + REALM + "\",\"enabled\":true}", "application/json", 201);
        post("/admin/realms/" + REALM + "/clients", token, "{\"clientId\":\"bench-m2m\",\"protocol\":\"openid-connect\","
                + "\"publicClient\":false,\"secret\":\"" + m2mSecret + "\",\"serviceAccountsEnabled\":true,"
                + "\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false}", "application/json", 201);
        post("/admin/realms/" + REALM + "/clients", token, "{\"clientId\":\"bench-web\",\"protocol\":\"openid-connect\","
                + "\"publicClient\":false,\"secret\":\"" + webSecret + "\",\"standardFlowEnabled\":true,"
                + "\"directAccessGrantsEnabled\":false,\"redirectUris\":[\"" + CALLBACK + "\"]}", "application/json", 201);
        post("/admin/realms/" + REALM + "/users", token, "{\"username\":\"bench-user\",\"email\":\"bench-user@bench.example\","
                + "\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Bench\",\"lastName\":\"User\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + password + "\",\"temporary\":false}]}", "application/json", 201);
    }

    private String post(String path, String bearer, String body, String type, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = SignInFlow.send(http, b.build());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("Keycloak POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private String tokenEndpoint() {
        return "/realms/" + REALM + "/protocol/openid-connect/token";
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public String description() {
        return "Keycloak " + version + " (kc.sh start-dev, its embedded H2 database, its default JVM settings)";
    }

    @Override
    public Runnable clientCredentials() {
        String form = SignInFlow.form(Map.of("grant_type", "client_credentials", "client_id", "bench-m2m", "client_secret", m2mSecret));
        return () -> post(tokenEndpoint(), null, form, "application/x-www-form-urlencoded", 200);
    }

    @Override
    public Runnable signIn() {
        return () -> {
            String code = flow.code(base + "/realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&client_id=bench-web"
                    + "&redirect_uri=" + Benchmark.enc(CALLBACK) + "&scope=openid%20profile&state=" + Benchmark.random(12),
                    CALLBACK, "bench-user", password);
            JsonNode tokens = Json.MAPPER.readTree(post(tokenEndpoint(), null, SignInFlow.form(Map.of("grant_type", "authorization_code",
                    "code", code, "redirect_uri", CALLBACK, "client_id", "bench-web", "client_secret", webSecret)),
                    "application/x-www-form-urlencoded", 200));
            if (!tokens.has("id_token")) {
                throw new IllegalStateException("Keycloak's code exchange without an id_token: " + tokens);
            }
        };
    }

    @Override
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        Peer.stop(process);
    }
}
