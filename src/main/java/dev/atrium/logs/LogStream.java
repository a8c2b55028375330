package dev.atrium.logs;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A log stream of type {@code http} (Auth0's shape) and its delivery state, which every node shares:
 * the last insertion sequence delivered ({@code cursorSeq}), consecutive failures, when to try again,
 * and the last error.
 *
 * @param categories the category filters; empty means every event
 */
public record LogStream(String id, String name, String status, String endpoint, String contentFormat,
                        Optional<String> authorization, List<String> categories, long cursorSeq, int failures,
                        Optional<Instant> nextAttemptAt, Optional<String> lastError, Optional<Instant> lastDeliveredAt,
                        Instant createdAt) {
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String SUSPENDED = "suspended";
    public static final List<String> FORMATS = List.of("JSONARRAY", "JSONLINES", "JSONOBJECT");

    public LogStream {
        categories = List.copyOf(categories);
    }

    public boolean accepts(LogEvent e) {
        return categories.isEmpty() || categories.contains(LogTypes.category(e.type()));
    }

    /**
     * Auth0's representation. The authorization header value is a credential: it is written, never read
     * back (the response says only whether one is set).
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("name", name);
        o.put("type", "http");
        o.put("status", status);
        ObjectNode sink = o.putObject("sink");
        sink.put("httpEndpoint", endpoint);
        sink.put("httpContentFormat", contentFormat);
        sink.put("httpContentType", "application/json");
        authorization.ifPresent(a -> sink.put("httpAuthorization", "[redacted]"));
        ArrayNode filters = o.putArray("filters");
        categories.forEach(c -> filters.addObject().put("type", "category").put("name", c));
        return o;
    }

    public LogStream withSettings(String name, String status, String endpoint, String format, Optional<String> authorization,
                                  List<String> categories) {
        return new LogStream(id, name, status, endpoint, format, authorization, categories, cursorSeq, failures,
                nextAttemptAt, lastError, lastDeliveredAt, createdAt);
    }
}
