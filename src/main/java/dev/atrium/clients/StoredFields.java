package dev.atrium.clients;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Set;

/**
 * Auth0 properties that Atrium only stores and returns: carried through a command unchanged, in their
 * order, so that they round-trip exactly as they were sent. In a patch a JSON {@code null} removes the
 * property; in a new document it is kept as {@code null}, as Auth0 keeps it. Immutable: every read is a copy.
 */
public final class StoredFields {
    private static final StoredFields EMPTY = new StoredFields(Json.object());

    private final ObjectNode fields;

    private StoredFields(ObjectNode fields) {
        this.fields = fields;
    }

    public static StoredFields empty() {
        return EMPTY;
    }

    /** The properties of {@code fields}, copied. */
    public static StoredFields of(ObjectNode fields) {
        return fields.isEmpty() ? EMPTY : new StoredFields(fields.deepCopy());
    }

    /** These properties and {@code name} set to {@code value} ({@code null} for a JSON null). */
    public StoredFields with(String name, JsonNode value) {
        ObjectNode copy = fields.deepCopy();
        copy.set(name, value == null ? Json.MAPPER.getNodeFactory().nullNode() : value.deepCopy());
        return new StoredFields(copy);
    }

    /** Without {@code names}. */
    public StoredFields without(Set<String> names) {
        ObjectNode copy = fields.deepCopy();
        copy.remove(names);
        return copy.isEmpty() ? EMPTY : new StoredFields(copy);
    }

    /** The property names, in their order. */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(fields.propertyNames()));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean has(String name) {
        return fields.has(name);
    }

    /** The value of {@code name}, copied; a JSON null is present. */
    public Optional<JsonNode> get(String name) {
        return Optional.ofNullable(fields.get(name)).map(JsonNode::deepCopy);
    }

    /** The properties as a JSON object, copied. */
    public ObjectNode toJson() {
        return fields.deepCopy();
    }

    /**
     * Writes the properties into {@code doc}: a {@code null} is kept in a new document ({@code creating})
     * and removes the property otherwise (api-contract.md §B.2.6).
     */
    void writeTo(ObjectNode doc, boolean creating) {
        for (String name : fields.propertyNames()) {
            JsonNode v = fields.get(name);
            if (v.isNull() && !creating) {
                doc.remove(name);
            } else {
                doc.set(name, v.deepCopy());
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFields s && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
