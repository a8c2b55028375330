package dev.atrium.migration;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Comparator;

/** The properties of a wanted document that differ from a stored one: the PATCH that makes them equal. */
final class Diff {
    /** Numbers compare by value (YAML and stored JSON may choose different node classes for 5). */
    private static final Comparator<JsonNode> VALUES = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Diff() {
    }

    /**
     * Whether {@code stored} already holds {@code wanted}. Objects compare as "holds every wanted
     * property", since services fill in defaults (a connection's options) that an export leaves out and
     * the import never deletes.
     */
    static boolean same(JsonNode stored, JsonNode wanted) {
        if (stored == null || wanted == null) {
            return (stored == null || stored.isNull()) && (wanted == null || wanted.isNull());
        }
        if (stored.isObject() && wanted.isObject()) {
            for (String name : wanted.propertyNames()) {
                if (!same(stored.get(name), wanted.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return stored.equals(VALUES, wanted);
    }

    /** The properties of {@code wanted} whose value is not the one {@code stored} holds. */
    static ObjectNode patch(ObjectNode stored, ObjectNode wanted) {
        ObjectNode patch = Json.object();
        for (String name : wanted.propertyNames()) {
            if (!same(stored.get(name), wanted.get(name))) {
                patch.set(name, wanted.get(name));
            }
        }
        return patch;
    }
}
