package dev.atrium.logs;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates and changes log streams from Management API bodies: type {@code http} only, an endpoint the
 * SSRF policy accepts ({@link StreamEndpoints}), one of the three content formats, category filters
 * from {@link LogTypes#categories()}. A new stream starts at the end of the log: it delivers what
 * happens from now on. Resuming a paused or suspended stream clears its failures and delivers from
 * where it stopped.
 */
public final class LogStreamService {
    public static final int MAX_STREAMS = 10;

    private final LogStreamStore streams;
    private final LogStore log;
    private final StreamEndpoints endpoints;
    private final Clock clock;

    public LogStreamService(LogStreamStore streams, LogStore log, StreamEndpoints endpoints, Clock clock) {
        this.streams = streams;
        this.log = log;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public List<LogStream> list() {
        return streams.list();
    }

    public Optional<LogStream> find(String id) {
        return streams.find(id);
    }

    public boolean delete(String id) {
        return streams.delete(id);
    }

    public LogStream create(ObjectNode body) {
        String type = Json.text(body, "type", null);
        if (!"http".equals(type)) {
            throw new InvalidRequestException("type", "type must be http (the only log stream type Atrium delivers)");
        }
        String name = name(body.get("name"), "Log stream");
        JsonNode sink = body.get("sink");
        if (!(sink instanceof ObjectNode s)) {
            throw new InvalidRequestException("sink", "sink is required");
        }
        String endpoint = endpoint(s.get("httpEndpoint"));
        String format = format(s.get("httpContentFormat"), "JSONLINES");
        Optional<String> authorization = authorization(s.get("httpAuthorization"), Optional.empty());
        List<String> categories = filters(body.get("filters"));
        if (streams.list().size() >= MAX_STREAMS) {
            throw new InvalidRequestException("name", "A tenant can have at most " + MAX_STREAMS + " log streams.");
        }
        LogStream stream = new LogStream(Ids.prefixed("lst_", 16), name, LogStream.ACTIVE, endpoint, format, authorization,
                categories, log.lastSeq(), 0, Optional.empty(), Optional.empty(), Optional.empty(), clock.instant());
        streams.create(stream);
        return stream;
    }

    public Optional<LogStream> update(String id, ObjectNode body) {
        Optional<LogStream> found = streams.find(id);
        if (found.isEmpty()) {
            return found;
        }
        LogStream s = found.get();
        for (String field : body.propertyNames()) {
            if (!List.of("name", "status", "sink", "filters").contains(field)) {
                throw new InvalidRequestException(field, "Payload validation error: 'Additional properties not allowed: " + field + "'.");
            }
        }
        String name = body.has("name") ? name(body.get("name"), s.name()) : s.name();
        String status = s.status();
        boolean resume = false;
        if (body.has("status")) {
            String wanted = body.get("status").asString("");
            if (!wanted.equals(LogStream.ACTIVE) && !wanted.equals(LogStream.PAUSED)) {
                throw new InvalidRequestException("status", "status must be active or paused");
            }
            resume = wanted.equals(LogStream.ACTIVE) && !s.status().equals(LogStream.ACTIVE);
            status = wanted;
        }
        String endpoint = s.endpoint();
        String format = s.contentFormat();
        Optional<String> authorization = s.authorization();
        if (body.has("sink")) {
            if (!(body.get("sink") instanceof ObjectNode sink)) {
                throw new InvalidRequestException("sink", "sink must be an object");
            }
            if (sink.has("httpEndpoint")) {
                endpoint = endpoint(sink.get("httpEndpoint"));
            }
            format = format(sink.get("httpContentFormat"), format);
            authorization = authorization(sink.get("httpAuthorization"), authorization);
        }
        List<String> categories = body.has("filters") ? filters(body.get("filters")) : s.categories();
        LogStream updated = s.withSettings(name, status, endpoint, format, authorization, categories);
        streams.updateSettings(updated, resume, clock.instant());
        return streams.find(id);
    }

    private static String name(JsonNode n, String dflt) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isString() || n.asString().isBlank() || n.asString().length() > 200) {
            throw new InvalidRequestException("name", "name must be a string of 1 to 200 characters");
        }
        return n.asString();
    }

    private String endpoint(JsonNode n) {
        if (n == null || !n.isString() || n.asString().length() > 1000) {
            throw new InvalidRequestException("sink", "sink.httpEndpoint is required (a URL of at most 1000 characters)");
        }
        endpoints.refusal(n.asString()).ifPresent(r -> {
            throw new InvalidRequestException("sink", r);
        });
        return n.asString();
    }

    private static String format(JsonNode n, String dflt) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isString() || !LogStream.FORMATS.contains(n.asString())) {
            throw new InvalidRequestException("sink", "sink.httpContentFormat must be one of " + String.join(", ", LogStream.FORMATS));
        }
        return n.asString();
    }

    private static Optional<String> authorization(JsonNode n, Optional<String> dflt) {
        if (n == null) {
            return dflt;
        }
        if (n.isNull() || (n.isString() && n.asString().isEmpty())) {
            return Optional.empty();
        }
        if (!n.isString() || n.asString().length() > 2000 || n.asString().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidRequestException("sink", "sink.httpAuthorization must be a header value of at most 2000 characters");
        }
        return Optional.of(n.asString());
    }

    private static List<String> filters(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > 50) {
            throw new InvalidRequestException("filters", "filters must be an array of at most 50 category filters");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode f : n) {
            String type = f.path("type").asString("");
            String name = f.path("name").asString("");
            if (!type.equals("category") || !LogTypes.categories().contains(name)) {
                throw new InvalidRequestException("filters", "Each filter is {\"type\":\"category\",\"name\":…} with one of "
                        + String.join(", ", LogTypes.categories()));
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
