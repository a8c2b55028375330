package dev.atrium.web.management;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A request-body schema: the top-level properties a Management API call accepts, their JSON types
 * and simple constraints. Anything else is refused, as Auth0 validates bodies with
 * {@code additionalProperties: false}; every failure is a 400 {@code invalid_body} whose message
 * starts {@code Payload validation error:} and names the property.
 */
public final class Schema {
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private record Field(String name, String type, boolean required, boolean nullable, Predicate<JsonNode> check,
                         String rule) {
    }

    public static Schema of() {
        return new Schema();
    }

    private Schema add(String name, String type, boolean required, boolean nullable, Predicate<JsonNode> check,
                       String rule) {
        fields.put(name, new Field(name, type, required, nullable, check, rule));
        return this;
    }

    /** A string of {@code min}..{@code max} characters. */
    public Schema string(String name, boolean required, int min, int max) {
        return add(name, "string", required, false,
                n -> n.asString().length() >= min && n.asString().length() <= max,
                "String length must be between " + min + " and " + max);
    }

    /** A string that may also be {@code null} (to unset it on PATCH). */
    public Schema nullableString(String name, int max) {
        return add(name, "string", false, true, n -> n.asString().length() <= max,
                "String is too long (max " + max + ")");
    }

    public Schema pattern(String name, boolean required, String regex, String rule) {
        return add(name, "string", required, false, n -> n.asString().matches(regex), rule);
    }

    public Schema enumOf(String name, boolean required, Set<String> values) {
        return add(name, "string", required, false, n -> values.contains(n.asString()),
                "No enum match for: \"%s\"; expected one of " + String.join(", ", values));
    }

    public Schema nullableEnum(String name, Set<String> values) {
        return add(name, "string", false, true, n -> values.contains(n.asString()),
                "No enum match for: \"%s\"; expected one of " + String.join(", ", values));
    }

    public Schema bool(String name) {
        return add(name, "boolean", false, false, n -> true, "");
    }

    public Schema nullableBool(String name) {
        return add(name, "boolean", false, true, n -> true, "");
    }

    public Schema integer(String name, long min, long max) {
        return add(name, "integer", false, false, n -> n.asLong() >= min && n.asLong() <= max,
                "Must be between " + min + " and " + max);
    }

    /** An array of strings, at most {@code maxItems}. */
    public Schema strings(String name, boolean required, int maxItems) {
        return add(name, "array", required, false, n -> {
            if (n.size() > maxItems) {
                return false;
            }
            for (JsonNode e : n) {
                if (!e.isString()) {
                    return false;
                }
            }
            return true;
        }, "Expected an array of at most " + maxItems + " strings");
    }

    /** An array of strings from {@code values}. */
    public Schema enumArray(String name, Set<String> values) {
        return enumArray(name, values, false);
    }

    /** An array of enum values that may also be {@code null} (a PATCH clearing it). */
    public Schema nullableEnumArray(String name, Set<String> values) {
        return enumArray(name, values, true);
    }

    private Schema enumArray(String name, Set<String> values, boolean nullable) {
        return add(name, "array", false, nullable, n -> {
            for (JsonNode e : n) {
                if (!e.isString() || !values.contains(e.asString())) {
                    return false;
                }
            }
            return true;
        }, "Every item must be one of " + String.join(", ", values));
    }

    public Schema array(String name, boolean required) {
        return add(name, "array", required, false, n -> true, "");
    }

    /** An object, checked further by the resource's own rules. */
    public Schema object(String name, boolean required) {
        return add(name, "object", required, false, n -> true, "");
    }

    /**
     * An object whose own properties follow {@code inner} (Auth0 validates nested documents the same
     * way); a failure names the inner property.
     */
    public Schema object(String name, boolean required, boolean nullable, Schema inner) {
        return add(name, "object", required, nullable, n -> {
            inner.validate((ObjectNode) n);
            return true;
        }, "");
    }

    public Schema nullableObject(String name) {
        return add(name, "object", false, true, n -> true, "");
    }

    /** Any JSON value, kept as it is (fields Atrium stores opaquely). */
    public Schema any(String name) {
        return add(name, "any", false, true, n -> true, "");
    }

    /** Everything except {@code names}: the update schema that refuses create-only fields. */
    public Schema without(String... names) {
        Schema s = new Schema();
        s.fields.putAll(fields);
        for (String n : names) {
            s.fields.remove(n);
        }
        return s;
    }

    /** The same properties, none of them required (a PATCH body). */
    public Schema optional() {
        Schema s = new Schema();
        fields.forEach((k, f) -> s.fields.put(k, new Field(f.name, f.type, false, f.nullable, f.check, f.rule)));
        return s;
    }

    public Set<String> names() {
        return fields.keySet();
    }

    /** Checks {@code body}; throws the first failure as a 400. */
    public void validate(ObjectNode body) {
        List<String> unknown = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!fields.containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Payload validation error: 'Additional properties not allowed: "
                    + String.join(",", unknown) + "'.");
        }
        for (Field f : fields.values()) {
            JsonNode v = body.get(f.name);
            if (v == null || v.isMissingNode()) {
                if (f.required) {
                    throw ApiException.badRequest("Payload validation error: 'Missing required property: " + f.name + "'.");
                }
                continue;
            }
            if (v.isNull()) {
                if (!f.nullable && !f.type.equals("any")) {
                    throw ApiException.badRequest("Payload validation error: 'Expected type " + f.type
                            + " but found type null' on property " + f.name + ".");
                }
                continue;
            }
            if (!typeMatches(f.type, v)) {
                throw ApiException.badRequest("Payload validation error: 'Expected type " + f.type + " but found type "
                        + typeOf(v) + "' on property " + f.name + ".");
            }
            if (!f.check.test(v)) {
                throw ApiException.badRequest("Payload validation error: '" + String.format(f.rule, v.isString() ? v.asString() : v.toString())
                        + "' on property " + f.name + ".");
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isString();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            default -> true;
        };
    }

    static String typeOf(JsonNode v) {
        return dev.atrium.common.Json.typeName(v);
    }
}
