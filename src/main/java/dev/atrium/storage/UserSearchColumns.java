package dev.atrium.storage;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The searched values of a user document (issue 17 point 8): {@code nickname}, {@code logins_count},
 * {@code last_login} beside the document, and the scalar values of {@code app_metadata} /
 * {@code user_metadata} as rows of {@code user_search_metadata}. Written by {@link JdbcUserStore}
 * on every write and by the V262 migration for the users that existed before.
 */
public final class UserSearchColumns {
    private static final int MAX_DEPTH = 5;
    private static final int MAX_VALUE = 1000;
    private static final int MAX_PATH = 255;
    private static final int MAX_ROWS = 500;

    private UserSearchColumns() {
    }

    /** One searchable metadata value. */
    public record MetadataValue(String kind, String path, String value) {
    }

    public static String nickname(JsonNode doc) {
        JsonNode n = doc.get("nickname");
        return n != null && n.isString() ? n.asString() : null;
    }

    public static Long loginsCount(JsonNode doc) {
        JsonNode n = doc.get("logins_count");
        return n != null && n.isNumber() ? n.asLong() : null;
    }

    public static OffsetDateTime lastLogin(JsonNode doc) {
        JsonNode n = doc.get("last_login");
        if (n == null || !n.isString()) {
            return null;
        }
        try {
            return Instant.parse(n.asString()).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The scalar values below {@code app_metadata} and {@code user_metadata} (array elements under their array's path). */
    public static List<MetadataValue> metadata(JsonNode doc) {
        Set<MetadataValue> out = new LinkedHashSet<>();
        for (String kind : List.of("app_metadata", "user_metadata")) {
            JsonNode m = doc.get(kind);
            if (m != null && m.isObject()) {
                walk(kind, "", m, 0, out);
            }
        }
        return new ArrayList<>(out);
    }

    private static void walk(String kind, String path, JsonNode node, int depth, Set<MetadataValue> out) {
        if (out.size() >= MAX_ROWS || depth > MAX_DEPTH) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (child.length() <= MAX_PATH) {
                    walk(kind, child, e.getValue(), depth + 1, out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isContainer()) {
                    walk(kind, path, element, depth + 1, out);
                }
            }
        } else if (!node.isNull() && !path.isEmpty()) {
            String value = node.asString();
            if (value.length() <= MAX_VALUE) {
                out.add(new MetadataValue(kind, path, value));
            }
        }
    }
}
