package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import dev.atrium.common.KeptFields;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.ConnectionOptions;
import dev.atrium.connections.NewConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The connection bodies ({@code /connections}), already type-checked by their {@link Schema}, mapped once to
 * {@link NewConnection} and {@link ConnectionChange}. {@code options} are read as the connection's strategy takes
 * them ({@link ConnectionOptions#parse}); {@code metadata} values must be strings. The values' own rules live in the
 * command records, the rules that need the server (applications that exist, upstream addresses) in the service.
 * Broken shapes throw {@link dev.atrium.common.InvalidRequestException}, which {@link ManagementApi#domain} answers
 * as 400.
 */
final class ConnectionRequests {
    private static final Set<String> TYPED_OR_KEY;

    static {
        Set<String> s = new HashSet<>(ConnectionChange.TYPED);
        s.add("name");
        s.add("strategy");
        TYPED_OR_KEY = Set.copyOf(s);
    }

    private ConnectionRequests() {
    }

    static NewConnection newConnection(ObjectNode body) {
        String strategy = Json.text(body, "strategy", "");
        return new NewConnection(Json.text(body, "name", ""), strategy, change(body, strategy));
    }

    /** A change of a connection whose strategy is {@code strategy} (its options are read as that strategy's). */
    static ConnectionChange change(ObjectNode body, String strategy) {
        ConnectionChange c = ConnectionChange.none().withOthers(KeptFields.of(body, TYPED_OR_KEY));
        if (body.has("display_name")) {
            c = c.withDisplayName(Json.text(body, "display_name", ""));
        }
        if (body.has("options")) {
            c = c.withOptions(ConnectionOptions.parse(strategy, body.get("options")));
        }
        if (body.has("enabled_clients") && !body.get("enabled_clients").isNull()) {
            c = c.withEnabledClients(Json.stringList(body.get("enabled_clients")));
        }
        if (body.has("is_domain_connection")) {
            c = c.withDomainConnection(Json.bool(body, "is_domain_connection", false));
        }
        if (body.has("show_as_button")) {
            c = c.withShowAsButton(Json.bool(body, "show_as_button", true));
        }
        if (body.has("realms")) {
            c = c.withRealms(Json.stringList(body.get("realms")));
        }
        if (body.has("metadata")) {
            c = c.withMetadata(metadata(body.get("metadata")));
        }
        return c;
    }

    /** String values only (the schema let an object or {@code null} through); {@code null} removes the metadata. */
    private static Change<Map<String, String>> metadata(JsonNode v) {
        if (v.isNull()) {
            return Change.clear();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : v.propertyNames()) {
            if (!v.get(k).isString()) {
                throw ConnectionChange.metadataRefused();
            }
            out.put(k, v.get(k).asString());
        }
        return Change.to(out);
    }
}
