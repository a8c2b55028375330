package dev.atrium;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.storage.Database;
import dev.atrium.support.FullDisk;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, the embedded database on a disk that fills up. The H2 file sits behind {@link FullDisk},
 * which makes every write to it fail as a full disk does ({@code No space left on device}) without
 * root and without filling the machine's real disk. While the disk is full every write ends with a 503
 * in its API's shape (the Management API's JSON, the hosted page with the same step to retry in the
 * browser), never a 5xx stack trace and never a half-written record, and the log names the cause; what
 * only reads keeps answering. Once there is space again, writes succeed without a restart. A write
 * acknowledged with 2xx is in the file when the answer arrives (H2 runs with {@code WRITE_DELAY=0}):
 * a copy of the file taken right then holds it.
 */
class FullDiskDatabaseTest {
    private static final String ISSUER = "http://full-disk.atrium.test/";
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_full_disk_refuses_writes_cleanly_keeps_reads_and_recovers_when_space_returns() throws Exception {
        CryptoProviders.install();
        FullDisk disk = FullDisk.at(dir);
        String url = disk.url("atrium");
        Logger log = (Logger) LoggerFactory.getLogger(Database.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (TestAtrium atrium = new TestAtrium(c -> c.withDatabase(url, "", "").withIssuer(ISSUER)).start()) {
            String api = "https://vault.example.com/";
            assertThat(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Vault\","
                    + "\"scopes\":[{\"value\":\"read:vault\"}]}").status()).isEqualTo(201);
            var client = atrium.mgmt("POST", "/clients", "{\"name\":\"Vault job\",\"app_type\":\"non_interactive\","
                    + "\"grant_types\":[\"client_credentials\"]}");
            String clientId = client.json().get("client_id").asString();
            String secret = client.json().get("client_secret").asString();
            String webId = atrium.mgmt("POST", "/clients", "{\"name\":\"Vault Web\",\"app_type\":\"regular_web\","
                    + "\"callbacks\":[\"https://app.example.com/cb\"],\"grant_types\":[\"authorization_code\"]}")
                    .json().get("client_id").asString();
            assertThat(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api + "\","
                    + "\"scope\":[\"read:vault\"]}").status()).isEqualTo(201);
            String before = role(atrium, "before-full");
            assertThat(inCopyOfTheFile("before-full")).as("an acknowledged write is in the file at once").isTrue();
            assertThat(atrium.clientCredentials(clientId, secret, api, null).status()).isEqualTo(200);

            disk.fill();

            // a Management API write: refused whole, in the Management API's shape
            var refused = atrium.mgmt("POST", "/roles", "{\"name\":\"never-stored\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            JsonNode body = refused.json();
            assertThat(body.get("statusCode").asInt()).isEqualTo(503);
            assertThat(body.get("error").asString()).isEqualTo("Service Unavailable");
            assertThat(body.get("errorCode").asString()).isEqualTo("temporarily_unavailable");
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("mv.db");
            assertThat(disk.refusedWrites()).as("the write really met the full disk").isPositive();

            // a browser sign-in starts by storing its transaction: the hosted page, with the same step to retry
            String authorize = "/authorize?response_type=code&client_id=" + webId
                    + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid&state=full-1";
            TestBrowser.Page page = eventually(() -> new TestBrowser(atrium.baseUrl()).get(authorize), p -> p.status() == 503);
            assertThat(page.status()).as(page.body()).isEqualTo(503);
            assertThat(page.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("temporarily_unavailable");
            assertThat(page.doc().selectFirst("a#retry").attr("href")).isEqualTo(authorize);
            assertThat(page.body()).doesNotContain("Exception").doesNotContain("at dev.atrium");

            // reads go on: the Management API's reads, a machine token from the caches, discovery and keys
            var roles = eventually(() -> atrium.mgmt("GET", "/roles", null), r -> r.status() == 200);
            assertThat(roles.status()).as(roles.toString()).isEqualTo(200);
            assertThat(roles.body()).contains("before-full").doesNotContain("never-stored");
            assertThat(eventually(() -> atrium.mgmt("GET", "/roles/" + before, null), r -> r.status() == 200).status())
                    .isEqualTo(200);
            assertThat(atrium.clientCredentials(clientId, secret, api, null).status()).isEqualTo(200);
            assertThat(atrium.get("/.well-known/openid-configuration").status()).isEqualTo(200);
            assertThat(atrium.get("/.well-known/jwks.json").status()).isEqualTo(200);

            // every write while the disk stays full: 503, never another 5xx, never stored
            for (int i = 0; i < 5; i++) {
                var again = atrium.mgmt("POST", "/roles", "{\"name\":\"while-full-" + i + "\"}");
                assertThat(again.status()).as(again.toString()).isEqualTo(503);
                assertThat(again.json().get("errorCode").asString()).isEqualTo("temporarily_unavailable");
            }

            disk.free();

            // without a restart, writes are accepted again, and each acknowledged one is on disk when answered
            var after = eventually(() -> atrium.mgmt("POST", "/roles", "{\"name\":\"after-free\"}"), r -> r.status() == 200);
            assertThat(after.status()).as(after.toString()).isEqualTo(200);
            assertThat(inCopyOfTheFile("after-free")).as("an acknowledged write is in the file at once").isTrue();
            var all = atrium.mgmt("GET", "/roles?per_page=100", null);
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.body()).contains("before-full").contains("after-free")
                    .doesNotContain("never-stored").doesNotContain("while-full-");
            assertThat(atrium.clientCredentials(clientId, secret, api, null).status()).isEqualTo(200);
            assertThat(new TestBrowser(atrium.baseUrl()).open(authorize).screen()).isEqualTo("login");

            String lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", (x, y) -> x + y + "\n");
            assertThat(lines).contains("database refuses writes").contains(FullDisk.NO_SPACE);
            assertThat(lines).doesNotContain("Exception");
        } finally {
            disk.free();
            log.detachAppender(logged);
        }
    }

    /** Whether a copy of the data file, taken now while the server runs, holds a role named {@code name}. */
    private boolean inCopyOfTheFile(String name) throws Exception {
        Path copy = Files.createTempDirectory(dir, "copy");
        Files.copy(dir.resolve("atrium.mv.db"), copy.resolve("atrium.mv.db"));
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("atrium")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;ACCESS_MODE_DATA=r");
             var s = c.prepareStatement("select count(*) from roles where name = ?")) {
            s.setString(1, name);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private static String role(TestAtrium atrium, String name) {
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    private static <T> T eventually(Supplier<T> call, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        T last = call.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = call.get();
        }
        return last;
    }
}
