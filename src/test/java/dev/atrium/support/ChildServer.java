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
