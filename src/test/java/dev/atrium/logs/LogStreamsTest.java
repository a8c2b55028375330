package dev.atrium.logs;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.common.Json;
import dev.atrium.config.AtriumConfig;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, point 3, over HTTP: log streams deliver to an HTTP receiver started here on loopback — every
 * event once and in order, through a stretch of failures, suspended (and visible as such) when the
 * receiver stays away, resumed by an administrator — and two nodes on one database deliver each event
 * once between them. With the default settings, stream endpoints that point inside the network are refused.
 */
class LogStreamsTest {
    private static final String DATABASE = "jdbc:h2:mem:log-streams-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final AtriumConfig.Logs FAST = new AtriumConfig.Logs(true, 30, true, 150, 5);

    @RegisterExtension
    static final TestAtrium A = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withLogs(FAST));
    @RegisterExtension
    static final TestAtrium B = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withLogs(FAST));
    /** Default settings: no insecure stream endpoints. */
    @RegisterExtension
    static final TestAtrium STRICT = new TestAtrium();

    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::stop);
    }

    /** A log-stream receiver on loopback: records what it accepts, or answers 503 while {@link #failing}. */
    static final class Receiver {
        final HttpServer server;
        final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;
        volatile int requests;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/logs", exchange -> {
                requests++;
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (failing) {
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                String text = new String(body, StandardCharsets.UTF_8).trim();
                if (text.startsWith("[")) {
                    Json.MAPPER.readTree(text).forEach(events::add);
                } else {
                    for (String line : text.split("\n")) {
                        if (!line.isBlank()) {
                            events.add(Json.MAPPER.readTree(line));
                        }
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/logs";
        }

        List<String> ids(String type) {
            synchronized (events) {
                return events.stream().filter(e -> type.equals(e.path("data").path("type").asString()))
                        .map(e -> e.get("log_id").asString()).toList();
            }
        }

        void stop() {
            server.stop(0);
        }
    }

    Receiver receiver() throws IOException {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    static String stream(TestAtrium node, String url, String format, String filters) {
        var r = node.mgmt("POST", "/log-streams", "{\"name\":\"SIEM\",\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"" + url
                + "\",\"httpContentFormat\":\"" + format + "\",\"httpAuthorization\":\"Bearer siem-secret\"}"
                + (filters == null ? "" : ",\"filters\":" + filters) + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("sink").get("httpAuthorization").asString()).isEqualTo("[redacted]");
        assertThat(r.json().get("status").asString()).isEqualTo("active");
        return r.json().get("id").asString();
    }

    /** {@code n} client-credentials exchanges through {@code node}, each one seccft event. */
    static void exchanges(TestAtrium node, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(node.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                    node.server().managementAudience(), "read:users").status()).isEqualTo(200);
        }
    }

    /**
     * The seccft log ids in the order they were stored (oldest first), once at least {@code atLeast} are there.
     * Streams deliver in that order (insertion sequence); the log API orders by log id (time, then each
     * node's counter), which differs when both nodes store an event in the same millisecond, so the
     * expected order is read from the shared database, not from the API.
     */
    static List<String> stored(int atLeast) {
        List<String> ids = new ArrayList<>();
        waitFor(() -> {
            ids.clear();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(DATABASE, "", "");
                 java.sql.PreparedStatement q = c.prepareStatement(
                         "select log_id from log_events where type = 'seccft' order by seq")) {
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return ids.size() >= atLeast;
        }, "events stored");
        return ids;
    }

    static void waitFor(BooleanSupplier condition, String what) {
        long end = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void twoNodesDeliverEveryEventOnceInOrderThroughFailuresThenSuspendAndResume() throws IOException {
        Receiver r = receiver();
        exchanges(A, 1);
        exchanges(B, 1);
        int earlier = stored(2).size();
        String id = stream(A, r.url(), "JSONLINES", null);
        // both nodes record events; both nodes deliver
        exchanges(A, 5);
        exchanges(B, 5);
        // a stream delivers what is stored after it was created (an event still queued then may be included)
        List<String> first = stored(earlier + 10);
        waitFor(() -> r.ids("seccft").size() >= 10 && r.ids("seccft").get(r.ids("seccft").size() - 1).equals(first.get(first.size() - 1)),
                "first delivery");
        List<String> got = r.ids("seccft");
        assertThat(got).containsExactlyElementsOf(first.subList(first.indexOf(got.get(0)), first.size()));
        int base = first.indexOf(got.get(0));
        assertThat(r.authorizations).allMatch("Bearer siem-secret"::equals);
        assertThat(r.events.get(0).get("data").has("date")).isTrue();

        // the receiver fails for a while: nothing is lost or repeated, and the stream stays active
        r.failing = true;
        int before = r.requests;
        exchanges(A, 3);
        exchanges(B, 3);
        waitFor(() -> r.requests >= before + 2, "failed attempts");
        r.failing = false;
        List<String> second = stored(first.size() + 6);
        waitFor(() -> r.ids("seccft").size() >= second.size() - base, "delivery after the failures");
        assertThat(r.ids("seccft")).containsExactlyElementsOf(second.subList(base, second.size()));
        assertThat(A.mgmt("GET", "/log-streams/" + id, null).json().get("status").asString()).isEqualTo("active");

        // the receiver goes away for good: the stream is suspended and says so
        r.stop();
        exchanges(A, 2);
        waitFor(() -> A.mgmt("GET", "/log-streams/" + id, null).json().get("status").asString().equals("suspended"), "suspension");
        exchanges(B, 2);

        // an administrator points it at a new receiver and resumes it: delivery continues where it stopped
        Receiver next = receiver();
        var patched = A.mgmt("PATCH", "/log-streams/" + id, "{\"status\":\"active\",\"sink\":{\"httpEndpoint\":\"" + next.url() + "\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        List<String> all = stored(second.size() + 4);
        waitFor(() -> next.ids("seccft").size() >= 4, "delivery after resuming");
        List<String> resumed = next.ids("seccft");
        assertThat(resumed).containsExactlyElementsOf(all.subList(second.size(), all.size()));
    }

    @Test
    void filtersAndFormatsShapeWhatIsSent() throws IOException {
        Receiver r = receiver();
        String id = stream(A, r.url(), "JSONARRAY", "[{\"type\":\"category\",\"name\":\"management.success\"}]");
        assertThat(A.mgmt("POST", "/roles", "{\"name\":\"streamed-" + UUID.randomUUID() + "\"}").status()).isEqualTo(200);
        exchanges(A, 2);
        waitFor(() -> !r.ids("sapi").isEmpty(), "a management event");
        assertThat(r.events).allMatch(e -> e.path("data").path("type").asString().equals("sapi"));
        assertThat(A.mgmt("DELETE", "/log-streams/" + id, null).status()).isEqualTo(204);
        assertThat(A.mgmt("GET", "/log-streams/" + id, null).status()).isEqualTo(404);
    }

    /** Attack: whoever reads the database, or the Management API, learns nothing of the receiver's credential. */
    @Test
    void theAuthorizationHeaderIsSealedAtRestAndNeverReadBack() throws Exception {
        Receiver r = receiver();
        String id = stream(A, r.url(), "JSONLINES", null);
        exchanges(A, 1);
        waitFor(() -> !r.authorizations.isEmpty(), "a delivery");
        assertThat(r.authorizations).allMatch("Bearer siem-secret"::equals);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(DATABASE, "", "");
             java.sql.PreparedStatement q = c.prepareStatement("select * from log_streams where id = ?")) {
            q.setString(1, id);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                assertThat(row.toString()).contains("authorization_sealed").doesNotContain("siem-secret");
            }
        }
        assertThat(A.mgmt("GET", "/log-streams/" + id, null).body()).doesNotContain("siem-secret").contains("[redacted]");
        assertThat(B.mgmt("GET", "/log-streams", null).body()).doesNotContain("siem-secret");
        // a change that leaves the header alone keeps it (sealed), and the receiver still gets it
        assertThat(A.mgmt("PATCH", "/log-streams/" + id, "{\"name\":\"SIEM renamed\"}").status()).isEqualTo(200);
        int before = r.authorizations.size();
        exchanges(A, 1);
        waitFor(() -> r.authorizations.size() > before, "a delivery after the change");
        assertThat(r.authorizations).allMatch("Bearer siem-secret"::equals);
        assertThat(A.mgmt("DELETE", "/log-streams/" + id, null).status()).isBetween(200, 204);
    }

    @Test
    void badStreamsAreRefusedInTheManagementShape() {
        for (String body : List.of("{\"type\":\"eventbridge\",\"sink\":{}}",
                "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"https://siem.example/x\",\"httpContentFormat\":\"XML\"}}",
                "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"https://siem.example/x\"},\"filters\":[{\"type\":\"category\",\"name\":\"nope\"}]}",
                "{\"type\":\"http\"}", "[]")) {
            var r = A.mgmt("POST", "/log-streams", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        }
        assertThat(A.mgmt("PATCH", "/log-streams/lst_nope", "{\"status\":\"paused\"}").status()).isEqualTo(404);
    }

    /** Attack: with default settings, a stream cannot be pointed at loopback, metadata or private addresses, nor over http. */
    @Test
    void streamsCannotReachInsideTheNetwork() {
        for (String url : List.of("http://127.0.0.1:9/logs", "https://127.0.0.1/logs", "https://localhost/logs",
                "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/logs", "https://192.168.0.10/logs",
                "https://[::1]/logs", "https://[fd00::1]/logs", "https://100.64.0.1/logs", "https://0.0.0.0/logs",
                "https://[::ffff:127.0.0.1]/logs", "https://user:pw@siem.invalid/logs", "ftp://siem.example/logs")) {
            var r = STRICT.mgmt("POST", "/log-streams", "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"" + url + "\"}}");
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(url).contains("sink.httpEndpoint");
        }
        assertThat(STRICT.mgmt("GET", "/log-streams", null).json()).isEmpty();
    }
}
