package dev.atrium.migration;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.clients.ThirdPartyRules;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.UnitOfWork;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.migration.ImportChecks.Kind;
import dev.atrium.migration.ImportReport.Action;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.tenant.TenantSettingsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes a {@link DeployExport} into Atrium through the services the Management API uses, after the
 * Management API's own body checks ({@link ImportChecks}), all inside one transaction: an object the
 * services refuse rolls back everything before it ({@link ImportException}). Objects are matched to
 * existing ones by their Auth0 id when exported, otherwise by their natural key (client and role
 * name, API identifier, connection and organization name, grant client and audience), so a second
 * run finds them all equal and changes nothing. The import creates and changes; it never deletes.
 * Auth0 ids are kept where Atrium's formats allow (see {@link Ids#preferring}); third-party
 * applications always get a new id (X29).
 */
public final class TenantImporter {
    /** Client properties Auth0 exports that are read-only or secret (the Deploy CLI strips most of them). */
    private static final Set<String> CLIENT_READ_ONLY = Set.of("client_id", "client_secret", "tenant", "global",
            "callback_url_template", "signing_keys", "owners", "config_route", "custom_login_page_preview",
            "created_at", "updated_at", "is_first_party", "third_party_security_mode");
    private static final Set<String> CONNECTION_READ_ONLY = Set.of("id", "enabled_clients", "realms");

    private final TenantSettingsService tenant;
    private final ClientService clients;
    private final ResourceServerService apis;
    private final ClientGrantService grants;
    private final ConnectionService connections;
    private final RoleService roles;
    private final OrganizationImport organizations;
    private final ImportChecks checks;
    private final UnitOfWork unitOfWork;
    private final Clock clock;

    public TenantImporter(TenantSettingsService tenant, ClientService clients, ResourceServerService apis,
                          ClientGrantService grants, ConnectionService connections, RoleService roles,
                          OrganizationImport organizations, ImportChecks checks, UnitOfWork unitOfWork, Clock clock) {
        this.tenant = tenant;
        this.clients = clients;
        this.apis = apis;
        this.grants = grants;
        this.connections = connections;
        this.roles = roles;
        this.organizations = organizations;
        this.checks = checks;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
    }

    /** Imports {@code export}; a dry run does all the work, with all the checks, and rolls it back. */
    public ImportReport run(DeployExport export, boolean dryRun) {
        long start = clock.millis();
        ImportReport report = dryRun
                ? unitOfWork.rolledBack(() -> apply(export))
                : unitOfWork.inTransaction(() -> apply(export));
        report.finish(dryRun, clock.millis() - start);
        return report;
    }

    private ImportReport apply(DeployExport export) {
        ImportReport report = new ImportReport();
        export.unsupported().forEach(s -> report.notCarried(s + ": no counterpart in Atrium"));
        Run run = new Run(report);
        run.tenant(export.tenant());
        export.resourceServers().forEach(run::resourceServer);
        export.clients().forEach(run::client);
        export.databases().forEach(d -> run.connection(d, true));
        export.connections().forEach(c -> run.connection(c, false));
        export.clientGrants().forEach(run::grant);
        export.roles().forEach(run::role);
        export.organizations().forEach(o -> guard("organizations", Json.text(o, "name", "?"),
                () -> organizations.apply(o, run, report)));
        return report;
    }

    /** Runs one object's import; a refusal names the object and stops the whole import. */
    static <T> T guard(String kind, String name, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidRequestException | AlreadyExistsException e) {
            throw new ImportException(kind + "/" + name + ": " + e.getMessage(), e);
        }
    }

    private static void guard(String kind, String name, Runnable step) {
        guard(kind, name, () -> {
            step.run();
            return null;
        });
    }

    /** The body of {@code source} restricted to what the Management API accepts; dropped properties are reported. */
    ObjectNode accepted(ImportReport report, Kind kind, boolean create, String where, ObjectNode source, Set<String> ignore) {
        ObjectNode body = Json.object();
        // what the create body accepts is what can be carried over; an update may accept less (see updatable)
        Set<String> allowed = checks.fields(kind, true);
        List<String> dropped = new ArrayList<>();
        for (String name : source.propertyNames()) {
            if (ignore.contains(name)) {
                continue;
            }
            if (allowed.contains(name)) {
                body.set(name, source.get(name));
            } else {
                dropped.add(name);
            }
        }
        if (!dropped.isEmpty()) {
            report.notCarried(where + ": properties " + String.join(", ", dropped));
        }
        return body;
    }

    /** {@code patch} without the properties an update cannot change, which are reported. */
    ObjectNode updatable(ImportReport report, Kind kind, String where, ObjectNode patch) {
        Set<String> allowed = checks.fields(kind, false);
        List<String> fixed = new ArrayList<>();
        for (String name : new ArrayList<>(patch.propertyNames())) {
            if (!allowed.contains(name)) {
                patch.remove(name);
                fixed.add(name);
            }
        }
        if (!fixed.isEmpty()) {
            report.notCarried(where + ": " + String.join(", ", fixed) + " differ but cannot be changed after creation");
        }
        return patch;
    }

    /** The state of one run: the names the export's references resolve against. */
    final class Run {
        final ImportReport report;
        /** Client name (and exported id) to Atrium client id. */
        final Map<String, String> clientIds = new HashMap<>();
        /** Connection name to id. */
        final Map<String, String> connectionIds = new HashMap<>();

        Run(ImportReport report) {
            this.report = report;
            for (Client c : clients.list()) {
                clientIds.putIfAbsent(Json.text(c.doc(), "name", c.clientId()), c.clientId());
                clientIds.put(c.clientId(), c.clientId());
            }
            for (Connection c : connections.list()) {
                connectionIds.put(c.name(), c.id());
            }
        }

        /** A client reference as the Deploy CLI writes it (a name, or an id when ids were exported). */
        Optional<String> client(String ref) {
            return Optional.ofNullable(clientIds.get(ref));
        }

        Optional<String> connection(String name) {
            return Optional.ofNullable(connectionIds.get(name));
        }

        void tenant(ObjectNode source) {
            if (source.isEmpty()) {
                return;
            }
            guard("tenant", "settings", () -> {
                ObjectNode body = accepted(report, Kind.TENANT, false, "tenant", source, Set.of());
                ObjectNode patch = updatable(report, Kind.TENANT, "tenant", Diff.patch(tenant.get().doc(), body));
                if (patch.isEmpty()) {
                    report.add(Action.UNCHANGED, "tenant", "settings", null);
                    return;
                }
                checks.check(Kind.TENANT, false, patch);
                tenant.update(checks.tenantSettingsPatch(patch));
                report.add(Action.CHANGE, "tenant", "settings", String.join(", ", patch.propertyNames()));
            });
        }

        void resourceServer(ObjectNode source) {
            String identifier = Json.text(source, "identifier", "");
            String name = Json.text(source, "name", identifier);
            guard("resource-servers", name, () -> {
                Optional<ResourceServer> existing = apis.findByIdentifier(identifier);
                if (existing.isPresent() && existing.get().isSystem()) {
                    report.add(Action.SKIP, "api", name, "Atrium's own Management API");
                    return;
                }
                ObjectNode body = accepted(report, Kind.RESOURCE_SERVER, existing.isEmpty(), "resource-servers/" + name, source,
                        Set.of("id", "client_id", "is_system"));
                if (existing.isEmpty()) {
                    checks.check(Kind.RESOURCE_SERVER, true, body);
                    String id = Json.text(source, "id", "");
                    ResourceServer rs = Ids.preferring(id, () -> apis.create(checks.newResourceServer(body)));
                    report.add(Action.CREATE, "api", name, keptId(id, rs.id()));
                    return;
                }
                body.remove("identifier");
                ObjectNode patch = updatable(report, Kind.RESOURCE_SERVER, "resource-servers/" + name,
                        Diff.patch(existing.get().doc(), body));
                if (patch.isEmpty()) {
                    report.add(Action.UNCHANGED, "api", name, null);
                    return;
                }
                checks.check(Kind.RESOURCE_SERVER, false, patch);
                apis.update(existing.get().id(), checks.resourceServerPatch(patch));
                report.add(Action.CHANGE, "api", name, String.join(", ", patch.propertyNames()));
            });
        }

        void client(ObjectNode source) {
            String name = Json.text(source, "name", "");
            guard("clients", name, () -> {
                String exportedId = Json.text(source, "client_id", "");
                Optional<Client> existing = exportedId.isEmpty() ? Optional.empty() : clients.find(exportedId);
                if (existing.isEmpty()) {
                    existing = clients.list().stream().filter(c -> name.equals(Json.text(c.doc(), "name", null))).findFirst();
                }
                boolean firstParty = Json.bool(source, "is_first_party", true);
                Set<String> ignore = new LinkedHashSet<>(CLIENT_READ_ONLY);
                if (existing.isEmpty()) {
                    ignore.removeAll(Set.of("is_first_party", "third_party_security_mode"));
                }
                ObjectNode body = accepted(report, Kind.CLIENT, existing.isEmpty(), "clients/" + name, source, ignore);
                boolean strict = !firstParty && !ThirdPartySecurityMode.PERMISSIVE.is(Json.text(source, "third_party_security_mode",
                        existing.flatMap(Client::thirdPartySecurityMode).orElse(ThirdPartySecurityMode.STRICT.wire())));
                if (strict) {
                    // T10: a strict third-party application holds only its curated properties
                    List<String> outside = body.propertyNames().stream()
                            .filter(p -> !ThirdPartyRules.settableOnStrict(p)).toList();
                    outside.forEach(body::remove);
                    if (!outside.isEmpty()) {
                        report.notCarried("clients/" + name + ": properties " + String.join(", ", outside)
                                + " (not settable on a strict third-party application)");
                    }
                }
                if (existing.isEmpty()) {
                    checks.check(Kind.CLIENT, true, body);
                    NewClient request = checks.newClient(body);
                    // X29: a third-party application never keeps an imported id
                    ClientService.Created created = firstParty && !exportedId.isEmpty()
                            ? Ids.preferring(exportedId, () -> clients.create(request, ClientService.TenantModes.of(tenant.get())))
                            : clients.create(request, ClientService.TenantModes.of(tenant.get()));
                    String id = created.client().clientId();
                    clientIds.put(name, id);
                    if (!exportedId.isEmpty()) {
                        clientIds.put(exportedId, id);
                    }
                    created.secret().ifPresent(s -> report.secret(new ImportReport.Secret(name, id, s)));
                    report.add(Action.CREATE, "client", name, exportedId.isEmpty() ? "client_id " + id : keptId(exportedId, id));
                    return;
                }
                Client c = existing.get();
                clientIds.put(name, c.clientId());
                if (!exportedId.isEmpty()) {
                    clientIds.put(exportedId, c.clientId());
                }
                ObjectNode patch = updatable(report, Kind.CLIENT, "clients/" + name, Diff.patch(c.doc(), body));
                if (patch.isEmpty()) {
                    report.add(Action.UNCHANGED, "client", name, null);
                    return;
                }
                checks.check(Kind.CLIENT, false, patch);
                clients.update(c.clientId(), checks.clientPatch(patch), Optional.empty());
                report.add(Action.CHANGE, "client", name, String.join(", ", patch.propertyNames()));
            });
        }

        void connection(ObjectNode source, boolean database) {
            String name = Json.text(source, "name", "");
            String kind = database ? "database-connections" : "connections";
            guard(kind, name, () -> {
                ObjectNode wanted = source.deepCopy();
                if (database) {
                    wanted.put("strategy", Connection.DATABASE);
                    if (wanted.get("options") instanceof ObjectNode options) {
                        List<String> dropped = new ArrayList<>();
                        for (String scriptKey : List.of("customScripts", "enabledDatabaseCustomization", "import_mode",
                                "bareConfiguration", "configuration")) {
                            if (options.remove(scriptKey) != null) {
                                dropped.add(scriptKey);
                            }
                        }
                        if (!dropped.isEmpty()) {
                            report.notCarried(kind + "/" + name + ": options " + String.join(", ", dropped)
                                    + " (custom database scripts do not run in Atrium; import the users instead)");
                        }
                    }
                }
                String strategy = Json.text(wanted, "strategy", "");
                List<String> enabled = new ArrayList<>();
                for (String ref : Json.stringList(source.get("enabled_clients"))) {
                    Optional<String> id = client(ref);
                    if (id.isPresent()) {
                        enabled.add(id.get());
                    } else {
                        report.notCarried(kind + "/" + name + ": enabled client " + ref + " is not in the export");
                    }
                }
                Optional<Connection> existing = connections.findByName(name);
                if (existing.isEmpty() && !checks.fields(Kind.CONNECTION, true).isEmpty()
                        && !strategyAccepted(strategy)) {
                    report.add(Action.SKIP, "connection", name, "strategy " + strategy + " is not supported");
                    return;
                }
                ObjectNode body = accepted(report, Kind.CONNECTION, existing.isEmpty(), kind + "/" + name, wanted,
                        CONNECTION_READ_ONLY);
                if (existing.isEmpty()) {
                    body.set("enabled_clients", Json.strings(enabled));
                    checks.check(Kind.CONNECTION, true, body);
                    String exportedId = Json.text(source, "id", "");
                    Connection c = Ids.preferring(exportedId, () -> connections.create(checks.newConnection(body)));
                    connectionIds.put(name, c.id());
                    if (!c.isDatabase()) {
                        report.notCarried(kind + "/" + name + ": kept with its settings, but Atrium signs users in only "
                                + "through database connections; its users cannot sign in through " + strategy + " yet");
                    }
                    report.add(Action.CREATE, "connection", name, keptId(exportedId, c.id()));
                    return;
                }
                Connection c = existing.get();
                body.remove("name");
                body.remove("strategy");
                ObjectNode patch = updatable(report, Kind.CONNECTION, kind + "/" + name, Diff.patch(c.doc(), body));
                Set<String> current = new LinkedHashSet<>(connections.enabledClients(c.id()));
                if (!current.containsAll(enabled)) {
                    current.addAll(enabled);
                    patch.set("enabled_clients", Json.strings(new ArrayList<>(current)));
                }
                if (patch.isEmpty()) {
                    report.add(Action.UNCHANGED, "connection", name, null);
                    return;
                }
                checks.check(Kind.CONNECTION, false, patch);
                connections.update(c.id(), checks.connectionChange(patch, c.strategy()));
                report.add(Action.CHANGE, "connection", name, String.join(", ", patch.propertyNames()));
            });
        }

        private boolean strategyAccepted(String strategy) {
            try {
                checks.check(Kind.CONNECTION, true, Json.object().put("name", "probe").put("strategy", strategy));
                return true;
            } catch (InvalidRequestException e) {
                return false;
            }
        }

        void grant(ObjectNode source) {
            String audience = Json.text(source, "audience", "");
            String clientRef = Json.text(source, "client_id", null);
            String defaultFor = Json.text(source, "default_for", null);
            String name = (clientRef != null ? clientRef : defaultFor) + " -> " + audience;
            guard("grants", name, () -> {
                String clientId = null;
                if (clientRef != null) {
                    Optional<String> id = client(clientRef);
                    if (id.isEmpty()) {
                        report.add(Action.SKIP, "grant", name, "client " + clientRef + " is not in the export");
                        return;
                    }
                    clientId = id.get();
                }
                Optional<ResourceServer> api = apis.findByIdentifier(audience);
                if (api.isPresent() && api.get().isSystem()) {
                    report.add(Action.SKIP, "grant", name, "grants to Auth0's Management API do not carry over; grant "
                            + "Atrium's Management API (" + api.get().identifier() + ") instead");
                    return;
                }
                String cid = clientId;
                Optional<ClientGrant> existing = grants.list().stream()
                        .filter(g -> g.audience().equals(audience))
                        .filter(g -> cid != null ? g.clientId().filter(cid::equals).isPresent()
                                : g.defaultFor().filter(defaultFor::equals).isPresent())
                        .findFirst();
                ObjectNode body = accepted(report, Kind.CLIENT_GRANT, existing.isEmpty(), "grants/" + name, source,
                        Set.of("id", "client_id", "is_system"));
                if (existing.isEmpty()) {
                    if (cid != null) {
                        body.put("client_id", cid);
                    }
                    checks.check(Kind.CLIENT_GRANT, true, body);
                    String exportedId = Json.text(source, "id", "");
                    String suffix = exportedId.startsWith("cgr_") ? exportedId.substring(4) : "";
                    NewClientGrant request = checks.newClientGrant(body);
                    ClientGrant g = Ids.preferring(suffix, () -> grants.create(request));
                    report.add(Action.CREATE, "grant", name, keptId(exportedId, g.id()));
                    return;
                }
                for (String fixed : List.of("audience", "default_for", "subject_type")) {
                    body.remove(fixed);
                }
                ObjectNode patch = updatable(report, Kind.CLIENT_GRANT, "grants/" + name, Diff.patch(existing.get().doc(), body));
                if (patch.isEmpty()) {
                    report.add(Action.UNCHANGED, "grant", name, null);
                    return;
                }
                checks.check(Kind.CLIENT_GRANT, false, patch);
                grants.update(existing.get().id(), checks.clientGrantPatch(patch));
                report.add(Action.CHANGE, "grant", name, String.join(", ", patch.propertyNames()));
            });
        }

        void role(ObjectNode source) {
            String name = Json.text(source, "name", "");
            guard("roles", name, () -> {
                Optional<Role> existing = roleNamed(name);
                Optional<String> description = Optional.ofNullable(Json.text(source, "description", null));
                List<Permission> wanted = new ArrayList<>();
                JsonNode perms = source.get("permissions");
                if (perms != null && perms.isArray()) {
                    for (JsonNode p : perms) {
                        wanted.add(new Permission(Json.text(p, "resource_server_identifier", ""), Json.text(p, "permission_name", "")));
                    }
                }
                ObjectNode body = Json.object().put("name", name);
                description.ifPresent(d -> body.put("description", d));
                Role role;
                boolean created = existing.isEmpty();
                List<String> changed = new ArrayList<>();
                if (created) {
                    checks.check(Kind.ROLE, true, body);
                    String exportedId = Json.text(source, "id", "");
                    role = Ids.preferring(exportedId, () -> roles.create(name, description, Optional.empty(), Optional.empty()));
                } else {
                    role = existing.get();
                    if (description.isPresent() && !description.equals(role.description())) {
                        role = roles.update(role.id(), Optional.empty(), description).orElseThrow();
                        changed.add("description");
                    }
                }
                Set<Permission> have = new LinkedHashSet<>();
                roles.permissions(role).forEach(d -> have.add(d.permission()));
                List<Permission> missing = wanted.stream().filter(p -> !have.contains(p)).toList();
                if (!missing.isEmpty()) {
                    roles.addPermissions(role, missing);
                    changed.add("permissions");
                }
                if (created) {
                    report.add(Action.CREATE, "role", name, keptId(Json.text(source, "id", ""), role.id()));
                } else {
                    report.add(changed.isEmpty() ? Action.UNCHANGED : Action.CHANGE, "role", name, String.join(", ", changed));
                }
            });
        }

        Optional<Role> roleNamed(String name) {
            return roles.list(new RoleQuery(Optional.of(name), Optional.empty(), Optional.empty()), 0, 100).stream()
                    .filter(r -> r.name().equals(name) && r.ownerId().isEmpty()).findFirst();
        }

        Optional<String> grantFor(String clientRef, String audience) {
            Optional<String> cid = client(clientRef);
            if (cid.isEmpty()) {
                return Optional.empty();
            }
            List<ClientGrant> matching = grants.list().stream()
                    .filter(g -> g.clientId().filter(cid.get()::equals).isPresent())
                    .filter(g -> audience == null || g.audience().equals(audience))
                    .toList();
            return matching.size() == 1 ? Optional.of(matching.get(0).id()) : Optional.empty();
        }
    }

    /** Says whether the exported id was kept. */
    static String keptId(String exported, String actual) {
        if (exported == null || exported.isEmpty()) {
            return "id " + actual;
        }
        return exported.equals(actual) || actual.endsWith(exported) ? "id kept" : "new id " + actual + " (Auth0 id " + exported + ")";
    }
}
