package dev.atrium;

import dev.atrium.support.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as an operator runs it (GracefulShutdownTest covers Atrium#close in-process), stopped as a service manager stops it (SIGTERM): the requests it answered
 * just before leave their tenant-log events in the embedded database. Atrium's own shutdown stops the HTTP
 * server, writes what the log writer still holds, and only then closes the database; H2 must not close the
 * file first on its own (its default at JVM exit), or those last writes fail and the events are lost.
 */
class SigtermShutdownIT {
    @Test
    void eventsOfTheLastRequestsBeforeSigtermAreInTheDatabaseAfterTheProcessExits(@TempDir Path dir) throws Exception {
        assertThat(ChildServer.JAR).as("built by the package phase before the integration tests").exists();
        int port = ChildServer.freePort();
        String secret = "shutdown-" + Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));
        String db = "jdbc:h2:file:" + dir.resolve("atrium").toAbsolutePath();
        ProcessBuilder pb = ChildServer.jar(dir, db, port, Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "shutdown-bootstrap", secret, "serve");
        Path output = dir.resolve("server.log");
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process server = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            ChildServer.awaitHealthy(server, http, base, output, Duration.ofSeconds(90));

            // tokens from several clients at once, then SIGTERM as soon as the last answer arrives
            AtomicInteger issued = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread c = new Thread(() -> {
                    for (int i = 0; i < 40; i++) {
                        HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=shutdown-bootstrap"
                                        + "&client_secret=" + secret + "&audience=" + base + "/api/v2/")).build());
                        if (r.statusCode() == 200) {
                            issued.incrementAndGet();
                        }
                    }
                });
                c.start();
                clients.add(c);
            }
            for (Thread c : clients) {
                c.join();
            }
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();
            assertThat(issued.get()).isEqualTo(320);

            String log = Files.readString(output);
            assertThat(log).as("nothing dropped or refused while stopping").doesNotContain("dropped").doesNotContain("already closed");
            assertThat(log).as("a plain start prints its own lines only, no SLF4J warnings").doesNotContain("SLF4J(")
                    .contains("Atrium started: ");
            Path trace = dir.resolve("atrium.trace.db");
            if (Files.exists(trace)) {
                assertThat(Files.readString(trace)).as("H2's own error trace").doesNotContain("already closed");
            }
            try (Connection c = DriverManager.getConnection(db + ";DATABASE_TO_LOWER=TRUE", "", "");
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from log_events where type = 'seccft'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("one client-credentials event per token issued before SIGTERM").isEqualTo(320);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
