package dev.atrium;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.storage.Database;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, the embedded database: an H2 data file that can no longer be written. Atrium still
 * starts on it and serves what only reads (tokens for machine clients, the Management API's reads,
 * discovery and keys); every write ends with a 503 in its API's shape and one log line naming the cause.
 *
 * <p>The file and its directory are made read-only for real. H2 then opens the database read-only by
 * itself, exactly as it does on a read-only mount. The superuser ignores permission bits (and a
 * build running as root would see a writable file), so there, and only there, the test asks H2 for
 * the same read-only mode with {@code ACCESS_MODE_DATA=r}; the code under test cannot tell the two apart.
 */
class ReadOnlyDatabaseTest {
    private static final String ISSUER = "http://read-only.atrium.test/";

    @TempDir
    Path dir;

    @Test
    void a_read_only_data_file_ends_writes_with_503_and_a_log_line_naming_the_cause_while_reads_keep_working() throws Exception {
        CryptoProviders.install();
        String url = "jdbc:h2:file:" + dir.resolve("atrium").toAbsolutePath();
        String api = "https://archive.example.com/";
        String clientId;
        String secret;
        String webId;
        try (TestAtrium writable = new TestAtrium(c -> c.withDatabase(url, "", "").withIssuer(ISSUER)).start()) {
            assertThat(writable.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Archive\","
                    + "\"scopes\":[{\"value\":\"read:archive\"}]}").status()).isEqualTo(201);
            var client = writable.mgmt("POST", "/clients", "{\"name\":\"Archiver\",\"app_type\":\"non_interactive\","
                    + "\"grant_types\":[\"client_credentials\"]}");
            clientId = client.json().get("client_id").asString();
            secret = client.json().get("client_secret").asString();
            webId = writable.mgmt("POST", "/clients", "{\"name\":\"Archive Web\",\"app_type\":\"regular_web\","
                    + "\"callbacks\":[\"https://app.example.com/cb\"],\"grant_types\":[\"authorization_code\"]}")
                    .json().get("client_id").asString();
            assertThat(writable.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api + "\","
                    + "\"scope\":[\"read:archive\"]}").status()).isEqualTo(201);
        }

        Path file = dir.resolve("atrium.mv.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        String readOnlyUrl = Files.isWritable(file) ? url + ";ACCESS_MODE_DATA=r" : url;

        Logger log = (Logger) LoggerFactory.getLogger(Database.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (TestAtrium readOnly = new TestAtrium(c -> c.withDatabase(readOnlyUrl, "", "").withIssuer(ISSUER)).start()) {
            // reads: a machine token, the Management API's lists, discovery and keys
            var token = readOnly.clientCredentials(clientId, secret, api, null);
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            assertThat(readOnly.mgmt("GET", "/clients/" + clientId, null).status()).isEqualTo(200);
            assertThat(readOnly.mgmt("GET", "/resource-servers", null).status()).isEqualTo(200);
            assertThat(readOnly.get("/.well-known/openid-configuration").status()).isEqualTo(200);
            assertThat(readOnly.get("/.well-known/jwks.json").status()).isEqualTo(200);

            // writes: refused whole, in each API's shape, with Retry-After
            var role = readOnly.mgmt("POST", "/roles", "{\"name\":\"never-stored\"}");
            assertThat(role.status()).isEqualTo(503);
            assertThat(role.header("Retry-After")).isNotBlank();
            JsonNode body = role.json();
            assertThat(body.get("statusCode").asInt()).isEqualTo(503);
            assertThat(body.get("error").asString()).isEqualTo("Service Unavailable");
            assertThat(body.get("errorCode").asString()).isEqualTo("temporarily_unavailable");
            assertThat(readOnly.mgmt("GET", "/roles", null).body()).doesNotContain("never-stored");

            // a sign-in starts by storing its transaction: the hosted error page, with the same step to retry
            String authorize = "/authorize?response_type=code&client_id=" + webId
                    + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid&state=s-1";
            TestBrowser.Page page = new TestBrowser(readOnly.baseUrl()).get(authorize);
            assertThat(page.status()).as(page.body()).isEqualTo(503);
            assertThat(page.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("temporarily_unavailable");
            assertThat(page.doc().selectFirst("a#retry").attr("href")).isEqualTo(authorize);

            String lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", (x, y) -> x + y + "\n");
            assertThat(lines).containsIgnoringCase("database refuses writes").containsIgnoringCase("read only");
            assertThat(logged.list.stream().filter(e -> e.getFormattedMessage().contains("refuses writes")).count())
                    .as("one line per cause, not one per request").isEqualTo(1);
        } finally {
            log.detachAppender(logged);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
