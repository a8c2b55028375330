package dev.atrium.web.management;

import dev.atrium.clients.ClientGrant;
import dev.atrium.common.Json;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v2/organizations} itself, its enabled connections, client-grant associations and
 * per-application access, plus {@code /users/{id}/organizations} and
 * {@code /client-grants/{id}/organizations} (api-contract.md §B.7.1, §B.7.4–§B.7.6, §B.7.8;
 * organizations.md §4.1–§4.2, §4.8–§4.9).
 */
public final class OrganizationsApi {
    static final Set<String> THIRD_PARTY_ACCESS = Set.of("allow", "block", "deny");
    static final Schema UPDATE = Schema.of()
            .string("name", false, 1, 50)
            .nullableString("display_name", 255)
            .nullableObject("branding")
            .nullableObject("metadata")
            .nullableObject("token_quota")
            .enumOf("third_party_client_access", false, THIRD_PARTY_ACCESS)
            .bool("is_app_entitlement_active");
    static final Schema CREATE = Schema.of()
            .string("name", true, 1, 50)
            .nullableString("display_name", 255)
            .nullableObject("branding")
            .nullableObject("metadata")
            .nullableObject("token_quota")
            .enumOf("third_party_client_access", false, THIRD_PARTY_ACCESS)
            .bool("is_app_entitlement_active")
            .array("enabled_connections", false);
    /** The GA body: the Early Access fields are refused here. */
    static final Schema CONNECTION_CREATE = Schema.of()
            .string("connection_id", true, 1, 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled");
    static final Schema CONNECTION_UPDATE = CONNECTION_CREATE.without("connection_id");
    static final Set<String> ACCESS_LEVELS = Set.of("none", "readonly", "read-only", "limited", "full");
    static final Schema EA_CONNECTION_CREATE = Schema.of()
            .string("connection_id", true, 1, 50)
            .string("organization_connection_name", false, 1, 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled")
            .enumOf("organization_access_level", false, ACCESS_LEVELS)
            .bool("is_enabled");
    static final Schema EA_CONNECTION_UPDATE = Schema.of()
            .nullableString("organization_connection_name", 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled")
            .nullableEnum("organization_access_level", ACCESS_LEVELS)
            .nullableBool("is_enabled");
    static final Schema CLIENT_GRANT = Schema.of().string("grant_id", true, 1, 64);
    static final Schema CLIENTS = Schema.of().array("clients", true);
    static final Schema CLIENT_UPDATE = Schema.of().bool("use_for_member_access");
    static final int MAX_CLIENTS_PER_CALL = 10;
    static final String NAME_TAKEN = "An organization with the same name already exists.";

    private final OrganizationService service;

    public OrganizationsApi(OrganizationService service) {
        this.service = service;
    }

    // organizations

    /** Offset or checkpoint per the mode rule; {@code sort} and {@code include_client_association_for}. */
    public void list(Context ctx) {
        var principal = ManagementApi.require(ctx, "read:organizations", "read:organizations_summary");
        Paging paging = Paging.parse(ctx);
        OrganizationStore.Sort sort = OrganizationStore.Sort.CREATED_AT;
        boolean ascending = true;
        String s = ctx.queryParam("sort");
        if (s != null && !s.isEmpty()) {
            String[] parts = s.split(":");
            if (s.length() > 15 || parts.length != 2 || !Set.of("1", "-1").contains(parts[1])) {
                throw ApiException.invalidQuery("Query validation error: 'sort' must be <field>:1 or <field>:-1.");
            }
            sort = switch (parts[0]) {
                case "name" -> OrganizationStore.Sort.NAME;
                case "display_name" -> OrganizationStore.Sort.DISPLAY_NAME;
                case "created_at" -> OrganizationStore.Sort.CREATED_AT;
                default -> throw ApiException.invalidQuery("Query validation error: 'sort' field must be one of "
                        + "name, display_name, created_at.");
            };
            ascending = parts[1].equals("1");
        }
        List<Organization> page = service.list(sort, ascending, paging.offset(), paging.limit());
        boolean full = principal.hasAny("read:organizations");
        String clientId = ctx.queryParam("include_client_association_for");
        Map<String, OrganizationClient> associations = clientId == null || clientId.isEmpty() ? Map.of()
                : service.associationsOf(clientId, page.stream().map(Organization::id).toList());
        List<JsonNode> items = page.stream().map(o -> {
            ObjectNode v = full ? view(o) : summary(o);
            OrganizationClient a = associations.get(o.id());
            if (a != null) {
                v.set("client", Json.object().put("use_for_member_access", a.useForMemberAccess()));
            }
            return (JsonNode) v;
        }).toList();
        ManagementApi.json(ctx, 200, paging.render("organizations", items, service.count(), false));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:organizations");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        if (body.has("enabled_connections")) {
            ManagementApi.require(ctx, "create:organization_connections");
        }
        Organization org = nameConflict(() -> service.create(body));
        ObjectNode v = view(org);
        if (body.has("enabled_connections")) {
            ArrayNode arr = v.putArray("enabled_connections");
            service.connections(org).forEach(c -> arr.add(view(c)));
        }
        ManagementApi.json(ctx, 201, v);
    }

    public void get(Context ctx) {
        var principal = ManagementApi.require(ctx, "read:organizations", "read:organizations_summary");
        Organization org = find(ctx);
        ManagementApi.json(ctx, 200, principal.hasAny("read:organizations") ? view(org) : summary(org));
    }

    public void getByName(Context ctx) {
        ManagementApi.require(ctx, "read:organizations");
        Organization org = service.findByName(ManagementApi.path(ctx, "name")).orElseThrow(OrganizationsApi::notFound);
        ManagementApi.json(ctx, 200, view(org));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:organizations");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        String id = ManagementApi.path(ctx, "id");
        Organization org = nameConflict(() -> service.update(id, body)).orElseThrow(OrganizationsApi::notFound);
        ManagementApi.json(ctx, 200, view(org));
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:organizations");
        if (!service.delete(ManagementApi.path(ctx, "id"))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    /** {@code GET /users/{id}/organizations}: offset paging, as the SDKs call it. */
    public void ofUser(Context ctx) {
        ManagementApi.require(ctx, "read:organizations");
        Paging paging = Paging.parse(ctx);
        String userId = ManagementApi.path(ctx, "id");
        if (!service.userExists(userId)) {
            throw ApiException.notFound("User not found", "inexistent_user");
        }
        List<JsonNode> items = service.organizationsOf(userId, paging.offset(), paging.limit()).stream()
                .map(o -> (JsonNode) view(o)).toList();
        ManagementApi.json(ctx, 200, paging.render("organizations", items, service.countOrganizationsOf(userId), false));
    }

    // enabled connections

    public void connections(Context ctx) {
        ManagementApi.require(ctx, "read:organization_connections");
        Paging paging = Paging.parse(ctx);
        List<JsonNode> items = service.connections(find(ctx)).stream().map(c -> (JsonNode) view(c)).toList();
        ManagementApi.json(ctx, 200, paging.slice("enabled_connections", items));
    }

    public void connection(Context ctx) {
        showConnection(ctx, OrganizationsApi::view);
    }

    public void addConnection(Context ctx) {
        addConnection(ctx, CONNECTION_CREATE, OrganizationsApi::view);
    }

    public void updateConnection(Context ctx) {
        updateConnection(ctx, CONNECTION_UPDATE, OrganizationsApi::view);
    }

    /** One enabled connection, as {@code view} renders it (the GA and Early Access shapes differ). */
    private void showConnection(Context ctx, java.util.function.Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "read:organization_connections");
        Organization org = find(ctx);
        OrganizationConnection c = service.connection(org.id(), ManagementApi.path(ctx, "connectionId"))
                .orElseThrow(OrganizationsApi::connectionNotFound);
        ManagementApi.json(ctx, 200, view.apply(c));
    }

    private void addConnection(Context ctx, Schema schema, java.util.function.Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "create:organization_connections");
        ObjectNode body = ManagementApi.body(ctx);
        schema.validate(body);
        Organization org = find(ctx);
        OrganizationConnection c = conflict("The organization connection already exists.",
                () -> service.addConnection(org, body));
        ManagementApi.json(ctx, 201, view.apply(c));
    }

    private void updateConnection(Context ctx, Schema schema, java.util.function.Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "update:organization_connections");
        ObjectNode body = ManagementApi.body(ctx);
        schema.validate(body);
        Organization org = find(ctx);
        OrganizationConnection c = ManagementApi.domain(() -> service.updateConnection(org,
                ManagementApi.path(ctx, "connectionId"), body)).orElseThrow(OrganizationsApi::connectionNotFound);
        ManagementApi.json(ctx, 200, view.apply(c));
    }

    public void removeConnection(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_connections");
        if (!service.removeConnection(find(ctx), ManagementApi.path(ctx, "connectionId"))) {
            throw connectionNotFound();
        }
        ManagementApi.noContent(ctx);
    }

    // organization connections, Early Access variant (organizations.md §4.3): the same associations

    /** Offset page {@code connections}, optionally only those with {@code is_enabled}. */
    public void eaConnections(Context ctx) {
        ManagementApi.require(ctx, "read:organization_connections");
        Paging paging = Paging.parse(ctx);
        Boolean enabled = ctx.queryParam("is_enabled") == null ? null : Paging.flag(ctx, "is_enabled", true);
        List<JsonNode> items = service.connections(find(ctx)).stream()
                .filter(c -> enabled == null || c.isEnabled() == enabled)
                .map(c -> (JsonNode) eaView(c)).toList();
        ManagementApi.json(ctx, 200, paging.slice("connections", items));
    }

    public void eaConnection(Context ctx) {
        showConnection(ctx, OrganizationsApi::eaView);
    }

    public void eaAddConnection(Context ctx) {
        addConnection(ctx, EA_CONNECTION_CREATE, OrganizationsApi::eaView);
    }

    public void eaUpdateConnection(Context ctx) {
        updateConnection(ctx, EA_CONNECTION_UPDATE, OrganizationsApi::eaView);
    }

    // organization client grants

    /** Offset page {@code client_grants}, filtered by {@code audience}, {@code client_id} and repeated {@code grant_ids}. */
    public void clientGrants(Context ctx) {
        ManagementApi.require(ctx, "read:organization_client_grants");
        Paging paging = Paging.parse(ctx);
        Organization org = find(ctx);
        String audience = ctx.queryParam("audience");
        String clientId = ctx.queryParam("client_id");
        List<String> grantIds = ctx.queryParams("grant_ids");
        if (grantIds.size() > 10) {
            throw ApiException.invalidQuery("Query validation error: 'grant_ids' takes at most 10 values.");
        }
        List<JsonNode> items = service.clientGrants(org).stream()
                .filter(g -> audience == null || g.audience().equals(audience))
                .filter(g -> clientId == null || g.clientId().filter(clientId::equals).isPresent())
                .filter(g -> grantIds.isEmpty() || grantIds.contains(g.id()))
                .map(g -> (JsonNode) view(g)).toList();
        ManagementApi.json(ctx, 200, paging.slice("client_grants", items));
    }

    public void addClientGrant(Context ctx) {
        ManagementApi.require(ctx, "create:organization_client_grants");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENT_GRANT.validate(body);
        Organization org = find(ctx);
        ClientGrant g = conflict("The client grant has already been added to this organization.",
                () -> service.addClientGrant(org, Json.text(body, "grant_id", "")))
                .orElseThrow(OrganizationsApi::grantNotFound);
        ObjectNode v = view(g);
        v.put("grant_id", g.id());
        ManagementApi.json(ctx, 201, v);
    }

    /** Removing an association that does not exist succeeds: the end state is the one asked for. */
    public void removeClientGrant(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_client_grants");
        service.removeClientGrant(find(ctx), ManagementApi.path(ctx, "grantId"));
        ManagementApi.noContent(ctx);
    }

    /** {@code GET /client-grants/{id}/organizations}. */
    public void ofGrant(Context ctx) {
        ManagementApi.require(ctx, "read:organization_client_grants");
        Paging paging = Paging.parse(ctx);
        String grantId = ManagementApi.path(ctx, "id");
        if (service.findGrant(grantId).isEmpty()) {
            throw grantNotFound();
        }
        List<JsonNode> items = service.organizationsOfGrant(grantId, paging.offset(), paging.limit()).stream()
                .map(o -> (JsonNode) view(o)).toList();
        ManagementApi.json(ctx, 200, paging.render("organizations", items, service.countOrganizationsOfGrant(grantId), false));
    }

    // per-application access

    /** Checkpoint paging only (organizations.md §4.9). */
    public void clients(Context ctx) {
        ManagementApi.require(ctx, "read:organization_clients");
        Paging paging = checkpointOnly(ctx);
        Organization org = find(ctx);
        List<JsonNode> items = service.clients(org, paging.offset(), paging.limit()).stream()
                .map(c -> (JsonNode) view(c)).toList();
        ManagementApi.json(ctx, 200, paging.render("clients", items, service.countClients(org), false));
    }

    public void client(Context ctx) {
        ManagementApi.require(ctx, "read:organization_clients");
        Organization org = find(ctx);
        OrganizationClient c = service.client(org.id(), ManagementApi.path(ctx, "clientId"))
                .orElseThrow(OrganizationsApi::clientNotFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    public void addClients(Context ctx) {
        ManagementApi.require(ctx, "create:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENTS.validate(body);
        JsonNode array = body.get("clients");
        checkCount(array);
        Organization org = find(ctx);
        List<OrganizationClient> associations = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode item)) {
                throw ApiException.badRequest("Payload validation error: 'Expected type object' on property clients[" + i + "].");
            }
            Schema.of().string("client_id", true, 1, 64).bool("use_for_member_access").validate(item);
            associations.add(new OrganizationClient(org.id(), Json.text(item, "client_id", ""),
                    Json.bool(item, "use_for_member_access", false)));
        }
        List<OrganizationClient> added = conflict("The application is already associated with this organization.",
                () -> service.addClients(org, associations));
        ArrayNode out = Json.array();
        added.forEach(c -> out.add(view(c)));
        ManagementApi.json(ctx, 201, out);
    }

    public void updateClient(Context ctx) {
        ManagementApi.require(ctx, "update:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENT_UPDATE.validate(body);
        Organization org = find(ctx);
        String clientId = ManagementApi.path(ctx, "clientId");
        OrganizationClient existing = service.client(org.id(), clientId).orElseThrow(OrganizationsApi::clientNotFound);
        OrganizationClient c = service.updateClient(org, clientId,
                Json.bool(body, "use_for_member_access", existing.useForMemberAccess())).orElseThrow(OrganizationsApi::clientNotFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    /** Body items may be client ids or {@code {client_id}} objects (organizations.md Q10); idempotent. */
    public void removeClients(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_clients");
        ObjectNode body = ManagementApi.body(ctx);
        CLIENTS.validate(body);
        JsonNode array = body.get("clients");
        checkCount(array);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isString()) {
                ids.add(item.asString());
            } else if (item instanceof ObjectNode o && o.size() == 1 && o.get("client_id") != null && o.get("client_id").isString()) {
                ids.add(o.get("client_id").asString());
            } else {
                throw ApiException.badRequest("Payload validation error: 'Expected a client id or {client_id}' on property clients["
                        + i + "].");
            }
        }
        service.removeClients(find(ctx), ids);
        ManagementApi.noContent(ctx);
    }

    private static void checkCount(JsonNode array) {
        if (array.isEmpty() || array.size() > MAX_CLIENTS_PER_CALL) {
            throw ApiException.badRequest("Payload validation error: 'Array must have 1 to " + MAX_CLIENTS_PER_CALL
                    + " items' on property clients.");
        }
    }

    // shared

    /** The organization named by the {@code id} path parameter, else the 404 Auth0 answers. */
    Organization find(Context ctx) {
        return service.find(ManagementApi.path(ctx, "id")).orElseThrow(OrganizationsApi::notFound);
    }

    /** Auth0 answers an unknown organization without an {@code errorCode} (api-contract.md §B.2.2). */
    static ApiException notFound() {
        return ApiException.notFound("No organization found by that id or name", null);
    }

    static ApiException connectionNotFound() {
        return ApiException.notFound("No connection found by that id", null);
    }

    static ApiException grantNotFound() {
        return ApiException.notFound("The grant does not exist.", null);
    }

    static ApiException clientNotFound() {
        return ApiException.notFound("The client is not associated with this organization.", null);
    }

    /** Checkpoint mode whatever the query says, for the endpoints that page only that way. */
    static Paging checkpointOnly(Context ctx) {
        Paging paging = Paging.parse(ctx);
        return paging.checkpoint() ? paging : new Paging(true, 0, 50, false);
    }

    private static <T> T nameConflict(Supplier<T> call) {
        return conflictAs(NAME_TAKEN, "organization_conflict", call);
    }

    static <T> T conflict(String message, Supplier<T> call) {
        return conflictAs(message, "conflict", call);
    }

    private static <T> T conflictAs(String message, String code, Supplier<T> call) {
        try {
            return ManagementApi.domain(call);
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict(message, code);
            }
            throw e;
        }
    }

    static ObjectNode view(Organization o) {
        ObjectNode v = Json.object().put("id", o.id()).put("name", o.name());
        v.setAll(o.doc());
        return v;
    }

    /** What {@code read:organizations_summary} alone sees (organizations.md Q21). */
    static ObjectNode summary(Organization o) {
        ObjectNode v = Json.object().put("id", o.id()).put("name", o.name());
        o.displayName().ifPresent(d -> v.put("display_name", d));
        JsonNode branding = o.doc().get("branding");
        if (branding != null) {
            v.set("branding", branding);
        }
        return v;
    }

    static ObjectNode view(OrganizationConnection c) {
        ObjectNode v = Json.object().put("connection_id", c.connectionId())
                .put("assign_membership_on_login", c.assignMembershipOnLogin())
                .put("show_as_button", c.showAsButton())
                .put("is_signup_enabled", c.isSignupEnabled());
        v.set("connection", Json.object().put("name", c.connectionName()).put("strategy", c.strategy()));
        return v;
    }

    static ObjectNode eaView(OrganizationConnection c) {
        ObjectNode v = view(c);
        c.organizationConnectionName().ifPresent(n -> v.put("organization_connection_name", n));
        c.organizationAccessLevel().ifPresent(l -> v.put("organization_access_level", l));
        v.put("is_enabled", c.isEnabled());
        return v;
    }

    static ObjectNode view(ClientGrant g) {
        ObjectNode v = Json.object().put("id", g.id());
        g.clientId().ifPresent(c -> v.put("client_id", c));
        v.put("audience", g.audience());
        v.set("scope", Json.strings(g.scope()));
        v.put("organization_usage", g.organizationUsage());
        v.put("allow_any_organization", g.allowAnyOrganization());
        return v;
    }

    ObjectNode view(OrganizationClient c) {
        ObjectNode v = Json.object().put("client_id", c.clientId()).put("use_for_member_access", c.useForMemberAccess());
        service.findClient(c.clientId()).ifPresent(client -> {
            ObjectNode meta = Json.object().put("name", client.name());
            client.appType().ifPresent(t -> meta.put("app_type", t));
            String logo = Json.text(client.doc(), "logo_uri", null);
            if (logo != null) {
                meta.put("logo_uri", logo);
            }
            meta.put("is_first_party", client.isFirstParty());
            meta.set("grant_types", Json.strings(client.grantTypes()));
            meta.put("organization_usage", client.organizationUsage());
            v.set("client", meta);
        });
        return v;
    }
}
