package dev.atrium.connections;

import dev.atrium.clients.ClientStore;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.oidc.OidcOptions;
import dev.atrium.connections.oidc.OidcSettings;
import dev.atrium.connections.saml.SamlOptions;
import dev.atrium.connections.saml.SamlSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for connections, shared by the Management API, the import and the dashboard, which hand over
 * typed commands ({@link NewConnection}, {@link ConnectionChange}): the defaults of a new connection and of
 * a database connection's options, wholesale replacement of {@code options} (the enterprise ones checked and
 * sealed by {@link OidcOptions} and {@link SamlOptions}), and the applications enabled for each connection,
 * which must exist. The values' own rules (the name format, metadata, the options' types) are the commands'.
 *
 * <p>Specifications: Auth0 Management API "Create a connection", "Update a connection",
 * "Update enabled clients for a connection".
 */
public final class ConnectionService {
    /** The database connection every new tenant has. */
    public static final String DEFAULT_DATABASE = "Username-Password-Authentication";

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

    /** Creates a connection with its enabled applications, which must exist. */
    public Connection create(NewConnection request) {
        ConnectionChange fields = request.fields();
        List<String> enabled = existingClients(fields.enabledClients().orElse(List.of()));
        String name = request.name();
        String id = Ids.prefixed("con_", 16);
        ObjectNode doc = Json.object();
        doc.put("name", name);
        doc.put("strategy", request.strategy());
        fields.others().writeTo(doc);
        apply(doc, fields);
        if (fields.metadata().present() && fields.metadata().value().isEmpty()) {
            doc.putNull("metadata"); // a create stores what it was sent
        }
        doc.put("id", id);
        putIfAbsent(doc, "display_name", Json.MAPPER.getNodeFactory().stringNode(name));
        putIfAbsent(doc, "is_domain_connection", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "realms", Json.strings(List.of(name)));
        ConnectionOptions options = fields.options().orElseGet(() -> ConnectionOptions.none(request.strategy()));
        ObjectNode stored = document(name, options, null);
        if (options instanceof DatabaseOptions) {
            databaseDefaults(stored);
        }
        doc.set("options", stored);
        Connection c = new Connection(id, doc);
        store.create(c);
        store.setEnabledClients(id, enabled);
        return c;
    }

    /** The default database connection, created once; an existing one is left as the administrator set it. */
    public Connection ensureDefaultDatabase() {
        return store.findByName(DEFAULT_DATABASE).orElseGet(() -> create(NewConnection.of(DEFAULT_DATABASE, Connection.DATABASE)));
    }

    /**
     * Applies a change: each property it holds replaces the stored one ({@code options} wholesale, as Auth0 does), a
     * kept property set to {@code null} is removed, and {@code enabled_clients} replaces the enabled set.
     */
    public Optional<Connection> update(String id, ConnectionChange change) {
        if (store.find(id).isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> clientIds = change.enabledClients().map(this::existingClients);
        Optional<Connection> updated = store.update(id, current -> patched(current, change));
        if (updated.isPresent() && clientIds.isPresent()) {
            store.setEnabledClients(id, clientIds.get());
        }
        return updated;
    }

    /** {@code existing} with the change (less {@code enabled_clients}) applied; runs while the row is locked. */
    private Connection patched(Connection existing, ConnectionChange change) {
        ObjectNode doc = existing.doc();
        if (change.options().isPresent()) {
            if (!ConnectionOptions.fits(existing.strategy(), change.options().get())) {
                throw new IllegalArgumentException("options of another strategy than " + existing.strategy());
            }
            doc.set("options", document(existing.name(), change.options().get(), existing.options()));
        }
        change.others().patch(doc);
        apply(doc, change);
        return new Connection(existing.id(), doc);
    }

    /** The stored {@code options}; the enterprise ones checked and sealed, keeping what {@code previous} holds sealed. */
    private ObjectNode document(String name, ConnectionOptions options, JsonNode previous) {
        if (options instanceof OidcSettings o) {
            return oidc.normalise(o, previous);
        }
        if (options instanceof SamlSettings s) {
            return saml.normalise(name, s, previous);
        }
        if (options instanceof DatabaseOptions d) {
            return d.document();
        }
        ObjectNode out = Json.object();
        options.others().writeTo(out);
        return out;
    }

    /** Writes the typed properties the change sets (not {@code options}, not {@code enabled_clients}) into {@code doc}. */
    private static void apply(ObjectNode doc, ConnectionChange c) {
        c.displayName().ifPresent(v -> doc.put("display_name", v));
        c.domainConnection().ifPresent(v -> doc.put("is_domain_connection", v));
        c.showAsButton().ifPresent(v -> doc.put("show_as_button", v));
        c.realms().ifPresent(v -> doc.set("realms", Json.strings(v)));
        if (c.metadata().present()) {
            if (c.metadata().value().isEmpty()) {
                doc.remove("metadata");
            } else {
                ObjectNode m = doc.putObject("metadata");
                c.metadata().value().get().forEach(m::put);
            }
        }
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

    /** The applications to enable, each once; every one must exist. */
    private List<String> existingClients(List<String> requested) {
        Set<String> ids = new LinkedHashSet<>(requested);
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

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name)) {
            doc.set(name, value);
        }
    }
}
