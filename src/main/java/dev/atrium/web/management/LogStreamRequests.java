package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.logs.LogStreamPatch;
import dev.atrium.logs.LogStreamRules;
import dev.atrium.logs.NewLogStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/log-streams} bodies (Auth0's shape for type {@code http}) mapped once to
 * {@link NewLogStream} and {@link LogStreamPatch}. These endpoints have no {@link Schema}: the JSON
 * types are checked here, with the messages of the values' own rules ({@link LogStreamRules}), which
 * the commands then apply.
 */
final class LogStreamRequests {
    private static final Set<String> UPDATABLE = Set.of("name", "status", "sink", "filters");

    private LogStreamRequests() {
    }

    static NewLogStream newStream(ObjectNode body) {
        JsonNode type = body.get("type");
        if (type == null || !type.isString() || !type.asString().equals("http")) {
            throw new InvalidRequestException("type", "type must be http (the only log stream type Atrium delivers)");
        }
        String name = name(body.get("name")).orElse(NewLogStream.DEFAULT_NAME);
        if (!(body.get("sink") instanceof ObjectNode sink)) {
            throw new InvalidRequestException("sink", "sink is required");
        }
        String endpoint = endpoint(sink.get("httpEndpoint"));
        String format = format(sink.get("httpContentFormat")).orElse(NewLogStream.DEFAULT_FORMAT);
        Change<String> authorization = authorization(sink.get("httpAuthorization"));
        return new NewLogStream(name, endpoint, format, authorization.value(), filters(body.get("filters")));
    }

    static LogStreamPatch patch(ObjectNode body) {
        for (String field : body.propertyNames()) {
            if (!UPDATABLE.contains(field)) {
                throw new InvalidRequestException(field, "Payload validation error: 'Additional properties not allowed: " + field + "'.");
            }
        }
        Optional<String> name = body.has("name") ? name(body.get("name")) : Optional.empty();
        Optional<String> status = Optional.empty();
        if (body.has("status")) {
            if (!body.get("status").isString()) {
                throw LogStreamRules.badStatus();
            }
            status = Optional.of(body.get("status").asString());
        }
        Optional<String> endpoint = Optional.empty();
        Optional<String> format = Optional.empty();
        Change<String> authorization = Change.keep();
        if (body.has("sink")) {
            if (!(body.get("sink") instanceof ObjectNode sink)) {
                throw new InvalidRequestException("sink", "sink must be an object");
            }
            if (sink.has("httpEndpoint")) {
                endpoint = Optional.of(endpoint(sink.get("httpEndpoint")));
            }
            format = format(sink.get("httpContentFormat"));
            authorization = authorization(sink.get("httpAuthorization"));
        }
        Optional<List<String>> filters = body.has("filters") ? Optional.of(filters(body.get("filters"))) : Optional.empty();
        return new LogStreamPatch(name, status, endpoint, format, authorization, filters);
    }

    /** Absent or {@code null}: none given. */
    private static Optional<String> name(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw LogStreamRules.badName();
        }
        return Optional.of(n.asString());
    }

    private static String endpoint(JsonNode n) {
        if (n == null || !n.isString()) {
            throw LogStreamRules.badEndpoint();
        }
        return n.asString();
    }

    private static Optional<String> format(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw LogStreamRules.badFormat();
        }
        return Optional.of(n.asString());
    }

    /** Absent keeps the header; {@code null} removes it. */
    private static Change<String> authorization(JsonNode n) {
        if (n == null) {
            return Change.keep();
        }
        if (n.isNull()) {
            return Change.clear();
        }
        if (!n.isString()) {
            throw LogStreamRules.badAuthorization();
        }
        return Change.to(n.asString());
    }

    /** The category names of the filters; {@code null} is none. */
    private static List<String> filters(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw LogStreamRules.badFilters();
        }
        for (JsonNode f : n) {
            if (!f.path("type").asString("").equals("category") || !f.path("name").isString()) {
                throw LogStreamRules.badFilter();
            }
            out.add(f.path("name").asString());
        }
        return out;
    }
}
