package dev.atrium.connections;

import dev.atrium.common.InvalidRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reading an {@code options} document into the typed options of a connection: one property at a time, each
 * taken (its name added to {@code taken}) only when it holds a value of its type. A {@code null} is not taken,
 * so it is kept as sent with the rest; a value of another type is refused with the property's name.
 */
public final class OptionValues {
    private static final String DOMAIN = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";
    public static final int MAX_DOMAIN_ALIASES = 100;

    private OptionValues() {
    }

    /** {@code node} as an object; anything else reads as no options (the schemas let only objects through). */
    public static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode o ? o : dev.atrium.common.Json.object();
    }

    /** A string as sent (not trimmed); empty when absent or {@code null}. */
    public static Optional<String> string(ObjectNode o, String field, Set<String> taken) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw new InvalidRequestException("options", "options." + field + " must be a string");
        }
        taken.add(field);
        return Optional.of(v.asString());
    }

    /** A string, trimmed. */
    public static Optional<String> trimmed(ObjectNode o, String field, Set<String> taken) {
        return string(o, field, taken).map(String::trim);
    }

    /** A boolean; {@code message} for a value of another type. */
    public static Optional<Boolean> bool(ObjectNode o, String field, Set<String> taken, String message) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new InvalidRequestException("options", message);
        }
        taken.add(field);
        return Optional.of(v.asBoolean());
    }

    /** {@code domain_aliases}: an array of at most 100 strings; {@code null} is none. Their rule is {@link #domains}. */
    public static List<String> domainAliases(ObjectNode o, Set<String> taken) {
        JsonNode node = o.get("domain_aliases");
        taken.add("domain_aliases");
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > MAX_DOMAIN_ALIASES) {
            throw new InvalidRequestException("options", "options.domain_aliases must be an array of at most 100 domains");
        }
        for (JsonNode d : node) {
            if (!d.isString()) {
                throw domainRefused();
            }
            out.add(d.asString());
        }
        return out;
    }

    /** E-mail domains whose users sign in through an enterprise connection: domain names, lower-cased. */
    public static List<String> domains(List<String> aliases) {
        if (aliases.size() > MAX_DOMAIN_ALIASES) {
            throw new InvalidRequestException("options", "options.domain_aliases must be an array of at most 100 domains");
        }
        List<String> out = new ArrayList<>();
        for (String d : aliases) {
            String v = d.toLowerCase(Locale.ROOT);
            if (!v.matches(DOMAIN) || v.length() > 253) {
                throw domainRefused();
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    private static InvalidRequestException domainRefused() {
        return new InvalidRequestException("options", "options.domain_aliases holds domain names such as example.com");
    }

    /** {@code options.<field> must be one of a, b, c}, the values sorted. */
    public static InvalidRequestException oneOf(String field, Set<String> allowed) {
        return new InvalidRequestException("options", "options." + field + " must be one of "
                + String.join(", ", allowed.stream().sorted().toList()));
    }
}
