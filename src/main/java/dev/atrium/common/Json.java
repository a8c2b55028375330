package dev.atrium.common;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The one JSON mapper, and small helpers for the JSON documents that resources are kept as. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
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
