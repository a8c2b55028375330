package dev.atrium.connections;

import dev.atrium.clients.ClientStore;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.oidc.OidcOptions;
import dev.atrium.connections.saml.SamlOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for connections, shared by the Management API and the dashboard: the name format,
 * the defaults of a new database connection, wholesale replacement of {@code options}, and the
 * applications enabled for each connection, which must exist.
 *
 * <p>Specifications: Auth0 Management API "Create a connection", "Update a connection",
 * "Update enabled clients for a connection".
 */
public final class ConnectionService {
    /** The database connection every new tenant has. */
    public static final String DEFAULT_DATABASE = "Username-Password-Authentication";
    private static final String NAME_PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?";

    private final ConnectionStore store;
    private final ClientStore clients;
    private final OidcOptions oidc; // issue 11: options of strategy oidc
    private final SamlOptions saml; // issue 11: options of strategy samlp

    /** One change of {@code PATCH /connections/{id}/clients}. */
    public record ClientStatus(String clientId, boolean enabled) {
    }

    public ConnectionService(ConnectionStore store, ClientStore clients, OidcOptions oidc, SamlOptions saml) {
        this.store = store;
        this.clients = clients;
        this.oidc = oidc;
        this.saml = saml;
    }

    public Optional<Connection> find(String id) {
        return store.find(id);
    }

    public Optional<Connection> findByName(String name) {
        return store.findByName(name);
    }

    public List<Connection> list() {
        return store.list();
    }

    public List<String> enabledClients(String connectionId) {
        return store.enabledClients(connectionId);
    }

    public List<Connection> forClient(String clientId) {
        return store.forClient(clientId);
    }

    /** Creates a connection from a request document whose types were already checked. */
    public Connection create(ObjectNode request) {
        ObjectNode doc = request.deepCopy();
        List<String> enabled = enabledClients(doc.remove("enabled_clients"));
        String name = Json.text(doc, "name", "");
        if (!name.matches(NAME_PATTERN)) {
            throw new InvalidRequestException("name", "name must start and end with a letter or digit and hold only "
                    + "letters, digits and '-' (at most 128 characters)");
        }
        String id = Ids.prefixed("con_", 16);
        doc.put("id", id);
        putIfAbsent(doc, "display_name", Json.MAPPER.getNodeFactory().stringNode(name));
        putIfAbsent(doc, "is_domain_connection", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "realms", Json.strings(List.of(name)));
        ObjectNode options = doc.get("options") instanceof ObjectNode o ? o : Json.object();
        if ("auth0".equals(Json.text(doc, "strategy", ""))) {
            databaseDefaults(options);
        }
        if (Connection.OIDC.equals(Json.text(doc, "strategy", ""))) {
            oidc.normalise(options, null);
        }
        if (Connection.SAMLP.equals(Json.text(doc, "strategy", ""))) {
            saml.normalise(name, options, null);
        }
        doc.set("options", options);
        check(doc);
        Connection c = new Connection(id, doc);
        store.create(c);
        store.setEnabledClients(id, enabled);
        return c;
    }

    /** The default database connection, created once; an existing one is left as the administrator set it. */
    public Connection ensureDefaultDatabase() {
        return store.findByName(DEFAULT_DATABASE).orElseGet(() -> create(Json.object()
                .put("name", DEFAULT_DATABASE).put("strategy", "auth0")));
    }

    /**
     * Applies a PATCH: shallow merge, {@code null} removes a property, a supplied {@code options}
     * replaces the stored one, and {@code enabled_clients} replaces the enabled set.
     */
    public Optional<Connection> update(String id, ObjectNode patch) {
        if (store.find(id).isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = patch.deepCopy();
        JsonNode enabled = body.remove("enabled_clients");
        List<String> clientIds = enabled == null || enabled.isNull() ? null : enabledClients(enabled);
        Optional<Connection> updated = store.update(id, current -> patched(current, body));
        if (updated.isPresent() && clientIds != null) {
            store.setEnabledClients(id, clientIds);
        }
        return updated;
    }

    /** {@code existing} with the PATCH (less {@code enabled_clients}) applied and checked; runs while the row is locked. */
    private Connection patched(Connection existing, ObjectNode patch) {
        ObjectNode body = patch.deepCopy();
        String id = existing.id();
        ObjectNode doc = existing.doc();
        if (existing.isOidc() && body.has("options")) {
            if (!(body.get("options") instanceof ObjectNode replaced)) {
                throw new InvalidRequestException("options", "options must be an object");
            }
            oidc.normalise(replaced, existing.options());
        }
        if (existing.isSaml() && body.has("options")) {
            if (!(body.get("options") instanceof ObjectNode replaced)) {
                throw new InvalidRequestException("options", "options must be an object");
            }
            saml.normalise(existing.name(), replaced, existing.options());
        }
        for (String name : body.propertyNames()) {
            JsonNode v = body.get(name);
            if (v.isNull()) {
                doc.remove(name);
            } else {
                doc.set(name, v);
            }
        }
        check(doc);
        return new Connection(id, doc);
    }

    /** Enables and disables applications one by one; false when the connection does not exist. */
    public boolean setClients(String connectionId, List<ClientStatus> changes) {
        if (store.find(connectionId).isEmpty()) {
            return false;
        }
        for (ClientStatus s : changes) {
            // disabling an application that no longer exists is harmless, enabling one is not
            if (s.enabled() && clients.find(s.clientId()).isEmpty()) {
                throw new InvalidRequestException("client_id", "The client does not exist: " + s.clientId());
            }
        }
        changes.forEach(s -> store.setClientEnabled(connectionId, s.clientId(), s.enabled()));
        return true;
    }

    /** Deletes the connection with its users and enablements; false when there was nothing to delete. */
    public boolean delete(String id) {
        return store.delete(id);
    }

    private List<String> enabledClients(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>(Json.stringList(node));
        for (String clientId : ids) {
            if (clients.find(clientId).isEmpty()) {
                throw new InvalidRequestException("enabled_clients", "The client does not exist: " + clientId);
            }
        }
        return new ArrayList<>(ids);
    }

    /** What Auth0 sets on a new database connection, for the options the request left out. */
    private static void databaseDefaults(ObjectNode options) {
        ObjectNode methods = Json.object();
        methods.set("password", Json.object().put("enabled", true));
        methods.set("passkey", Json.object().put("enabled", false));
        Map<String, JsonNode> defaults = Map.of(
                "mfa", Json.object().put("active", true).put("return_enroll_settings", true),
                "passwordPolicy", Json.MAPPER.getNodeFactory().stringNode(PasswordPolicy.GOOD.value()),
                "strategy_version", Json.MAPPER.getNodeFactory().numberNode(2),
                "authentication_methods", methods,
                "passkey_options", Json.object().put("challenge_ui", "both")
                        .put("progressive_enrollment_enabled", true).put("local_enrollment_enabled", true),
                "brute_force_protection", Json.MAPPER.getNodeFactory().booleanNode(true));
        defaults.forEach((k, v) -> putIfAbsent(options, k, v));
    }

    /** Rules that hold for every stored connection, checked after defaults and merges. */
    private static void check(ObjectNode doc) {
        JsonNode options = doc.get("options");
        if (options != null && options.has("passwordPolicy")) {
            JsonNode policy = options.get("passwordPolicy");
            if (!policy.isString() || PasswordPolicy.named(policy.asString()).isEmpty()) {
                throw new InvalidRequestException("options", "options.passwordPolicy must be none, low, fair, good or excellent");
            }
        }
        if (options != null && options.has("requires_username") && !options.get("requires_username").isBoolean()) {
            throw new InvalidRequestException("options", "options.requires_username must be a boolean");
        }
        JsonNode meta = doc.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject() || meta.size() > 10) {
                throw new InvalidRequestException("metadata", "metadata holds at most 10 string properties");
            }
            for (String k : meta.propertyNames()) {
                JsonNode v = meta.get(k);
                if (!v.isString() || v.asString().length() > 255 || k.length() > 255) {
                    throw new InvalidRequestException("metadata", "metadata values are strings of at most 255 characters");
                }
            }
        }
    }

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name)) {
            doc.set(name, value);
        }
    }
}
