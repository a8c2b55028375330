package dev.atrium.logs;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers log streams from this node. Each tick, for every active stream that is not backing off, the
 * node tries to take the stream's lease (a guarded update: one node wins); the winner reads the events
 * after the stream's cursor, sends those its filters accept in one request (one per event for
 * {@code JSONOBJECT}), and moves the cursor only when the receiver answered 2xx — at least once, in
 * insertion order, each event once between the nodes while no node dies mid-batch.
 *
 * <p>Only events stored at least {@link Settings#settle} ago are read, so that a batch a slower node is
 * still committing (with lower sequence numbers) is not skipped. A failure backs off exponentially from
 * {@link Settings#firstBackoff} up to {@link Settings#maxBackoff}; after {@link Settings#suspendAfter}
 * consecutive failures the stream is {@code suspended} until an administrator sets it active again.
 * Delivery runs on its own thread and never touches a request.
 */
public final class LogStreamDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStreamDelivery.class);

    /** Timing of delivery; {@link #defaults()} for production, shorter ones in tests. */
    public record Settings(Duration tick, Duration settle, Duration lease, Duration firstBackoff, Duration maxBackoff,
                           int suspendAfter, int batch, Duration requestTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(2),
                    Duration.ofMinutes(5), 12, 200, Duration.ofSeconds(10));
        }
    }

    private final LogStreamStore streams;
    private final LogStore log;
    private final StreamEndpoints endpoints;
    private final Clock clock;
    private final Settings settings;
    private final String node = "node_" + Ids.alnum(12);
    /** Made on the first delivery: a client's TLS context reads the trust store, which a start need not wait for. */
    private final dev.atrium.common.Lazy<HttpClient> http;
    private final ScheduledExecutorService timer;

    public LogStreamDelivery(LogStreamStore streams, LogStore log, StreamEndpoints endpoints, Clock clock, Settings settings) {
        this.streams = streams;
        this.log = log;
        this.endpoints = endpoints;
        this.clock = clock;
        this.settings = settings;
        this.http = dev.atrium.common.Lazy.of(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-log-streams");
            t.setDaemon(true);
            return t;
        });
        long ms = settings.tick().toMillis();
        timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            for (LogStream s : streams.list()) {
                if (s.status().equals(LogStream.ACTIVE) && s.nextAttemptAt().map(t -> !t.isAfter(clock.instant())).orElse(true)) {
                    deliver(s.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("log streams: {}", e.toString());
        }
    }

    /** One delivery round for one stream, if this node wins its lease. */
    void deliver(String id) {
        Instant now = clock.instant();
        if (!streams.claim(id, node, now, now.plus(settings.lease()))) {
            return;
        }
        // re-read after the claim: the cursor another node may just have moved
        LogStream s = streams.find(id).orElse(null);
        if (s == null || !s.status().equals(LogStream.ACTIVE)) {
            return;
        }
        List<LogStore.Sequenced> rows = log.after(s.cursorSeq(), now.minus(settings.settle()), settings.batch());
        if (rows.isEmpty()) {
            return;
        }
        long last = rows.get(rows.size() - 1).seq();
        List<LogEvent> events = new ArrayList<>();
        rows.forEach(r -> {
            if (s.accepts(r.event())) {
                events.add(r.event());
            }
        });
        if (events.isEmpty()) {
            streams.advance(id, node, s.cursorSeq(), last, now, false);
            return;
        }
        String error = send(s, events);
        if (error == null) {
            streams.advance(id, node, s.cursorSeq(), last, clock.instant(), true);
        } else {
            int failures = s.failures() + 1;
            boolean suspend = failures >= settings.suspendAfter();
            long factor = 1L << Math.min(failures - 1, 20);
            Duration backoff = settings.firstBackoff().multipliedBy(factor);
            if (backoff.compareTo(settings.maxBackoff()) > 0) {
                backoff = settings.maxBackoff();
            }
            streams.fail(id, node, failures, clock.instant().plus(backoff), error, suspend, clock.instant());
            if (suspend) {
                LOG.warn("log stream {} suspended after {} failed deliveries: {}", id, failures, error);
            }
        }
    }

    /** Sends the events; null on success, otherwise what went wrong (without the authorization header). */
    private String send(LogStream s, List<LogEvent> events) {
        var refused = endpoints.refusal(s.endpoint());
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            if (s.contentFormat().equals("JSONOBJECT")) {
                for (LogEvent e : events) {
                    String err = post(s, Json.write(wrap(e)));
                    if (err != null) {
                        return err;
                    }
                }
                return null;
            }
            if (s.contentFormat().equals("JSONARRAY")) {
                ArrayNode a = Json.array();
                events.forEach(e -> a.add(wrap(e)));
                return post(s, Json.write(a));
            }
            StringBuilder lines = new StringBuilder();
            events.forEach(e -> lines.append(Json.write(wrap(e))).append('\n'));
            return post(s, lines.toString());
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private String post(LogStream s, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.endpoint()))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Atrium log stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        s.authorization().ifPresent(a -> b.header("Authorization", a));
        try {
            HttpResponse<Void> r = http.get().send(b.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return "unreachable: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Auth0's envelope for a streamed event: its id, and the event as the log API shows it. */
    static ObjectNode wrap(LogEvent e) {
        ObjectNode o = Json.object();
        o.put("log_id", e.logId());
        o.set("data", e.toJson());
        return o;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
