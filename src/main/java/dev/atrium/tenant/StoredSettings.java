package dev.atrium.tenant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The tenant properties a {@link TenantSettingsPatch} sets that {@link TenantSettingsService} stores as
 * given, without acting on them: Auth0's ({@code friendly_name}, {@code session_lifetime},
 * {@code default_audience}…) and the settings other parts of Atrium own and read (the MFA policy, the
 * onboarding policy, the registration cap…). Each value is kept exactly as it arrived, so it reads back
 * unchanged; a cleared property is stored as the empty string, as a {@code null} in a PATCH is.
 * Immutable; the properties the service acts on are refused here (they have typed places in the patch).
 */
public final class StoredSettings {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final StoredSettings NONE = new StoredSettings(Map.of());

    private final Map<String, Optional<JsonNode>> values;

    private StoredSettings(Map<String, Optional<JsonNode>> values) {
        this.values = values;
    }

    public static StoredSettings none() {
        return NONE;
    }

    public StoredSettings with(String name, String value) {
        return put(name, Optional.of(NODES.stringNode(value)));
    }

    public StoredSettings with(String name, long value) {
        return put(name, Optional.of(NODES.numberNode(value)));
    }

    public StoredSettings with(String name, boolean value) {
        return put(name, Optional.of(NODES.booleanNode(value)));
    }

    /** An array of strings. */
    public StoredSettings with(String name, List<String> value) {
        ArrayNode a = NODES.arrayNode();
        value.forEach(a::add);
        return put(name, Optional.of(a));
    }

    /** An object of boolean switches, in the map's order. */
    public StoredSettings withSwitches(String name, Map<String, Boolean> value) {
        ObjectNode o = NODES.objectNode();
        value.forEach(o::put);
        return put(name, Optional.of(o));
    }

    /** A value kept as the document it is (a JSON {@code null} clears the property). */
    public StoredSettings withDocument(String name, JsonNode value) {
        return put(name, value.isNull() ? Optional.empty() : Optional.of(value.deepCopy()));
    }

    /** The property cleared: stored as the empty string. */
    public StoredSettings cleared(String name) {
        return put(name, Optional.empty());
    }

    private StoredSettings put(String name, Optional<JsonNode> value) {
        if (TenantSettingsPatch.TYPED.contains(name)) {
            throw new IllegalArgumentException(name + " has a typed place in TenantSettingsPatch");
        }
        Map<String, Optional<JsonNode>> next = new LinkedHashMap<>(values);
        next.remove(name);
        next.put(name, value);
        return new StoredSettings(Collections.unmodifiableMap(next));
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Each property in the order it was set, with its value (a copy), or empty when cleared. */
    public void forEach(BiConsumer<String, Optional<JsonNode>> action) {
        values.forEach((name, value) -> action.accept(name, value.map(JsonNode::deepCopy)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredSettings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "StoredSettings" + values;
    }
}
