package dev.atrium.common;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The one JSON mapper, and small helpers for the JSON documents that resources are kept as. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The deepest nesting a request body may have; no Auth0 or OAuth document needs more than a few levels. */
    public static final int MAX_REQUEST_DEPTH = 16;

    /**
     * The parser for JSON that arrives in a request: a duplicated key is an error (RFC 6749 §3.1, and
     * a document whose meaning depends on which copy wins is ambiguous), and nesting, names, strings and
     * numbers are bounded so that no body can exhaust the stack or the CPU further in.
     */
    private static final JsonMapper REQUEST = requestMapper(true);

    /**
     * The same bounds with the last copy of a repeated member winning, as JavaScript's
     * {@code JSON.parse} (and so Auth0's Management API) reads it; for Management API bodies only.
     */
    private static final JsonMapper REQUEST_LAST_WINS = requestMapper(false);

    private static JsonMapper requestMapper(boolean refuseDuplicates) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_REQUEST_DEPTH)
                        .maxStringLength(200_000)
                        .maxNameLength(1_000)
                        .maxNumberLength(40)
                        .build())
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, refuseDuplicates)
                .build();
        return JsonMapper.builder(factory)
                .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, refuseDuplicates)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private Json() {
    }

    /**
     * A request body as a tree, through the strict parser; an empty body is {@code null}. Throws a
     * {@link tools.jackson.core.JacksonException} when the text is not one bounded JSON value without
     * duplicate keys.
     */
    public static JsonNode readRequest(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return checked(REQUEST.readTree(text));
    }

    /**
     * As {@link #readRequest(String)}, from the raw bytes, so that bytes which are not UTF-8 are an
     * error rather than silently replaced.
     */
    public static JsonNode readRequest(byte[] body) {
        return readRequest(body, false);
    }

    /** As {@link #readRequest(byte[])}; with {@code lastWins}, a repeated member is not an error and its last copy counts. */
    public static JsonNode readRequest(byte[] body, boolean lastWins) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            return null;
        }
        return checked((lastWins ? REQUEST_LAST_WINS : REQUEST).readTree(body));
    }

    /** A string or name holding U+0000 is refused: PostgreSQL cannot store it, and no identifier needs it. */
    public static final class ForbiddenCharacter extends tools.jackson.core.JacksonException {
        ForbiddenCharacter() {
            super("a string holds the NUL character");
        }
    }

    private static JsonNode checked(JsonNode n) {
        if (n != null) {
            walk(n);
        }
        return n;
    }

    private static void walk(JsonNode n) {
        if (n.isString() && n.asString().indexOf('\u0000') >= 0) {
            throw new ForbiddenCharacter();
        }
        if (n.isObject()) {
            for (String name : n.propertyNames()) {
                if (name.indexOf('\u0000') >= 0) {
                    throw new ForbiddenCharacter();
                }
                walk(n.get(name));
            }
        } else if (n.isArray()) {
            n.forEach(Json::walk);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode parseObject(String text) {
        JsonNode n = MAPPER.readTree(text);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return o;
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static ArrayNode strings(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    /** The string elements of {@code node} (empty when it is missing or not an array). */
    public static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(e -> {
                if (e.isString()) {
                    out.add(e.asString());
                }
            });
        }
        return out;
    }

    /**
     * A PATCH of a document (api-contract.md §B.2.6): the supplied top-level properties replace the
     * stored ones, {@code null} removes one, everything else is left alone.
     */
    public static void applyPatch(ObjectNode doc, ObjectNode patch) {
        for (String name : patch.propertyNames()) {
            JsonNode v = patch.get(name);
            if (v.isNull()) {
                doc.remove(name);
            } else {
                doc.set(name, v);
            }
        }
    }

    /** The JSON Schema name of {@code v}'s type, as error messages give it: string, boolean, integer, number, array, object or null. */
    public static String typeName(JsonNode v) {
        if (v.isString()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isArray()) {
            return "array";
        }
        return v.isObject() ? "object" : "null";
    }

    /** {@code node.get(field)} as text, or {@code dflt} when it is absent, null or not a string. */
    public static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.asString() : dflt;
    }

    public static boolean bool(JsonNode node, String field, boolean dflt) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.asBoolean() : dflt;
    }

    public static long number(JsonNode node, String field, long dflt) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asLong() : dflt;
    }
}
