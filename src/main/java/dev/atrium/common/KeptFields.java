package dev.atrium.common;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The properties of a document that a command carries without acting on them: Auth0 fields Atrium only
 * stores and answers back. They travel as sent, in their order and with their JSON types, so that they
 * round-trip unchanged; a {@code null} value travels too (a create stores it, a change removes the
 * property). Immutable: the values are copied in and copied out.
 */
public final class KeptFields {
    private static final KeptFields NONE = new KeptFields(Json.object());

    private final ObjectNode fields;

    private KeptFields(ObjectNode fields) {
        this.fields = fields;
    }

    public static KeptFields none() {
        return NONE;
    }

    /** Every property of {@code fields}, copied. */
    public static KeptFields of(ObjectNode fields) {
        return fields.isEmpty() ? NONE : new KeptFields(fields.deepCopy());
    }

    /** The properties of {@code doc} except the named ones; nothing when {@code doc} is not an object. */
    public static KeptFields of(JsonNode doc, Set<String> except) {
        ObjectNode out = Json.object();
        if (doc instanceof ObjectNode o) {
            for (String name : o.propertyNames()) {
                if (!except.contains(name)) {
                    out.set(name, o.get(name).deepCopy());
                }
            }
        }
        return out.isEmpty() ? NONE : new KeptFields(out);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(fields.propertyNames()));
    }

    public boolean has(String name) {
        return fields.has(name);
    }

    /** These fields without the named ones. */
    public KeptFields without(String... names) {
        return without(new LinkedHashSet<>(Arrays.asList(names)));
    }

    /** These fields without {@code names}. */
    public KeptFields without(Set<String> names) {
        return of(fields, names);
    }

    /** These fields and {@code name} set to {@code value} ({@code null} for a JSON null). */
    public KeptFields with(String name, JsonNode value) {
        ObjectNode copy = fields.deepCopy();
        copy.set(name, value == null ? Json.MAPPER.getNodeFactory().nullNode() : value.deepCopy());
        return new KeptFields(copy);
    }

    /** The value of {@code name}, copied; a JSON null is present. */
    public java.util.Optional<JsonNode> get(String name) {
        return java.util.Optional.ofNullable(fields.get(name)).map(JsonNode::deepCopy);
    }

    /** The fields as a JSON object, copied. */
    public ObjectNode toJson() {
        return fields.deepCopy();
    }

    /** Writes every field into {@code doc} as it is, {@code null} values included (a new document). */
    public void writeTo(ObjectNode doc) {
        for (String name : fields.propertyNames()) {
            doc.set(name, fields.get(name).deepCopy());
        }
    }

    /** Applies the fields to {@code doc} as a partial update: {@code null} removes, anything else replaces. */
    public void patch(ObjectNode doc) {
        Json.applyPatch(doc, fields.deepCopy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeptFields k && k.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return Json.write(fields);
    }
}
