package dev.atrium;

import dev.atrium.support.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code atrium compact} on the built jar: refused while a running Atrium holds the embedded database, and on a stopped
 * one it gives the free pages back (the file shrinks) without losing data (Atrium starts on it again and issues a token
 * to the bootstrap application it created).
 */
class CompactCommandIT {
    /** One key for every run: the second start must read what the first sealed. */
    private static final String KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    private record Run(int exit, String output) {
    }

    private static ProcessBuilder atrium(Path dir, String db, int port, String secret, String command) {
        return ChildServer.jar(dir, db, port, KEY, "compact-bootstrap", secret, command);
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static Process serve(ProcessBuilder pb, Path log, int port) throws Exception {
        Process server = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildServer.awaitHealthy(server, HttpClient.newHttpClient(), "http://127.0.0.1:" + port, log, Duration.ofSeconds(90));
        return server;
    }

    @Test
    void compactIsRefusedWhileAtriumRunsAndShrinksAStoppedDatabaseWithoutLosingIt(@TempDir Path dir) throws Exception {
        assertThat(ChildServer.JAR).as("built by the package phase before the integration tests").exists();
        int port = ChildServer.freePort();
        String secret = "compact-" + Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));
        String db = "jdbc:h2:file:" + dir.resolve("data").resolve("atrium").toAbsolutePath();
        Path file = dir.resolve("data").resolve("atrium.mv.db");

        Process server = serve(atrium(dir, db, port, secret, "serve"), dir.resolve("first.log"), port);
        try {
            Run refused = run(atrium(dir, db, port, secret, "compact"));
            assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("atrium: cannot compact: the database is in use (stop Atrium first)");
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        // what a bulk load and its clean-up leave: pages of rows since deleted
        try (Connection c = DriverManager.getConnection(db + ";DATABASE_TO_LOWER=TRUE", "", "")) {
            c.setAutoCommit(false);
            String doc = "x".repeat(4000);
            try (PreparedStatement insert = c.prepareStatement("insert into auth_transactions (id, client_id, device_id, doc, "
                    + "created_at, expires_at) values (?, 'c', 'd', ?, current_timestamp, current_timestamp)")) {
                for (int i = 0; i < 10_000; i++) {
                    insert.setString(1, "bulk-" + i);
                    insert.setString(2, doc);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            c.createStatement().execute("delete from auth_transactions where id like 'bulk-%'");
            c.commit();
        }
        long before = Files.size(file);
        Run compacted = run(atrium(dir, db, port, secret, "compact"));
        assertThat(compacted.exit()).as(compacted.output()).isZero();
        assertThat(compacted.output()).containsPattern("atrium: compacted .*atrium\\.mv\\.db: \\d+ KiB before, \\d+ KiB after");
        long after = Files.size(file);
        assertThat(after).as("the file gave back its free pages (%d bytes before)", before).isLessThan(before / 2);

        // the same database serves again, with what it held
        Process again = serve(atrium(dir, db, port, secret, "serve"), dir.resolve("second.log"), port);
        try {
            HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=compact-bootstrap&client_secret="
                            + secret + "&audience=" + URI.create("http://127.0.0.1:" + port + "/api/v2/"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        } finally {
            again.destroy();
            assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
