package dev.atrium.web.management;

import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code fields} and {@code include_fields} (api-contract.md §B.2.5): keep or drop top-level properties. */
public record Fields(Set<String> names, boolean include) {

    public static Fields parse(Context ctx) {
        String f = ctx.queryParam("fields");
        boolean include = Paging.flag(ctx, "include_fields", true);
        if (f == null || f.isBlank()) {
            return new Fields(Set.of(), true);
        }
        return new Fields(Arrays.stream(f.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet()), include);
    }

    public JsonNode apply(JsonNode node) {
        if (names.isEmpty() || !(node instanceof ObjectNode o)) {
            return node;
        }
        ObjectNode copy = o.deepCopy();
        if (include) {
            copy.retain(names);
        } else {
            copy.remove(names);
        }
        return copy;
    }
}
