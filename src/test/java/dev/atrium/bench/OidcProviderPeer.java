package dev.atrium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * node oidc-provider in the comparison ({@code src/test/node/oidc-provider-peer}, its version pinned in
 * that folder's lock file, installed with {@code npm ci} when its {@code node_modules} is missing):
 * client-credentials JWT access tokens for the benchmark's API, signed RS256 with a 2048-bit key, the
 * client authenticated by {@code client_secret_post}, its in-memory store. It takes no part in the
 * sign-in scenario: its development login accepts any password, so there is no password check to
 * compare.
 */
final class OidcProviderPeer implements Peer {
    private static final String API = "https://api.bench.example/";

    private final Process process;
    private final String base;
    private final String secret;
    private final String version;
    private final HttpClient http = Benchmark.newClient();

    private OidcProviderPeer(Process process, int port, String secret, String version) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
        this.secret = secret;
        this.version = version;
    }

    static OidcProviderPeer start() throws Exception {
        Path dir = Path.of("src", "test", "node", "oidc-provider-peer").toAbsolutePath();
        String node = System.getProperty("bench.node", "node");
        if (!Files.isDirectory(dir.resolve("node_modules/oidc-provider"))) {
            System.err.println("atrium bench: npm ci in " + dir);
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).inheritIO().start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci failed in " + dir);
            }
        }
        int port = Benchmark.freePort();
        String secret = "m2m-" + Benchmark.random(24);
        ProcessBuilder pb = new ProcessBuilder(node, "server.mjs").directory(dir.toFile());
        pb.environment().putAll(Map.of("PEER_PORT", Integer.toString(port), "PEER_CLIENT_ID", "bench-m2m",
                "PEER_CLIENT_SECRET", secret, "PEER_API", API, "NODE_ENV", "production"));
        Path log = Files.createTempFile("atrium-bench-oidc-provider-", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        OidcProviderPeer peer = new OidcProviderPeer(pb.start(), port, secret, version(dir));
        try {
            Peer.awaitOk(peer.process, peer.base + "/.well-known/openid-configuration", 60, log);
            peer.clientCredentials().run();
            return peer;
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
    }

    private static String version(Path dir) {
        try {
            String pkg = Files.readString(dir.resolve("node_modules/oidc-provider/package.json"));
            return dev.atrium.common.Json.MAPPER.readTree(pkg).get("version").asString();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    @Override
    public String name() {
        return "oidc-provider";
    }

    @Override
    public String description() {
        return "node oidc-provider " + version + " (node " + nodeVersion() + ", its in-memory store)";
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder(System.getProperty("bench.node", "node"), "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public Runnable clientCredentials() {
        String form = SignInFlow.form(Map.of("grant_type", "client_credentials", "client_id", "bench-m2m", "client_secret", secret,
                "resource", API, "scope", "read:things write:things"));
        return () -> {
            HttpResponse<String> r = SignInFlow.send(http, HttpRequest.newBuilder(URI.create(base + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("oidc-provider /token answered " + r.statusCode() + ": " + r.body());
            }
        };
    }

    @Override
    public Runnable signIn() {
        return null;
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
