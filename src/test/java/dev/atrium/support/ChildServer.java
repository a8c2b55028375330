package dev.atrium.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for tests that start Atrium as a separate process (the jar, the start script). */
public final class ChildServer {
    private ChildServer() {
    }

    /** The built jar, which the integration tests start. */
    public static final Path JAR = Path.of("target", "atrium.jar");

    /** A free port on this machine, for a child server to listen on. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * {@code java -jar target/atrium.jar COMMAND} on loopback at {@code port}, with the database {@code db}, an
     * encryption key and a key file in {@code dir}, and a bootstrap application {@code bootstrapId}/{@code secret};
     * no other {@code ATRIUM_} variable of this process reaches it.
     */
    public static ProcessBuilder jar(Path dir, String db, int port, String encryptionKey, String bootstrapId, String secret,
                                     String command) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), command);
        java.util.Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ATRIUM_"));
        env.put("ATRIUM_PORT", Integer.toString(port));
        env.put("ATRIUM_HOST", "127.0.0.1");
        env.put("ATRIUM_ISSUER", "http://127.0.0.1:" + port + "/");
        env.put("ATRIUM_DATABASE_URL", db);
        env.put("ATRIUM_ENCRYPTION_KEY", encryptionKey);
        env.put("ATRIUM_KEY_FILE", dir.resolve("atrium.key").toAbsolutePath().toString());
        env.put("ATRIUM_BOOTSTRAP_CLIENT_ID", bootstrapId);
        env.put("ATRIUM_BOOTSTRAP_CLIENT_SECRET", secret);
        return pb;
    }

    /**
     * Waits until {@code base}/health answers 200; fails with the end of the server's output when the
     * process ends first or {@code limit} passes.
     */
    public static void awaitHealthy(Process server, HttpClient http, String base, Path output, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server is running: %s", (Object) tail(output)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no /health 200 within " + limit.toSeconds() + " s: " + tail(output));
    }

    /** The last 20 lines of a server's output, for a failure message. */
    public static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
