package dev.atrium.web.management;

import dev.atrium.clients.ClientGrant;
import dev.atrium.common.Json;
import dev.atrium.organizations.AccessLevel;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.organizations.ThirdPartyClientAccess;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The connections enabled for an organization: the GA {@code /organizations/{id}/enabled_connections}
 * and the Early Access {@code /organizations/{id}/connections}, two shapes of the same associations
 * (api-contract.md §B.7.4; organizations.md §4.2–§4.3).
 */
public final class OrganizationConnectionsApi {
    /** The GA body: the Early Access fields are refused here. */
    static final Schema CONNECTION_CREATE = Schema.of()
            .string("connection_id", true, 1, 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled");
    static final Schema CONNECTION_UPDATE = CONNECTION_CREATE.without("connection_id");
    static final Schema EA_CONNECTION_CREATE = Schema.of()
            .string("connection_id", true, 1, 50)
            .string("organization_connection_name", false, 1, 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled")
            .enumOf("organization_access_level", false, AccessLevel.ACCEPTED)
            .bool("is_enabled");
    static final Schema EA_CONNECTION_UPDATE = Schema.of()
            .nullableString("organization_connection_name", 50)
            .bool("assign_membership_on_login")
            .bool("show_as_button")
            .bool("is_signup_enabled")
            .nullableEnum("organization_access_level", AccessLevel.ACCEPTED)
            .nullableBool("is_enabled");

    private final OrganizationConnectionService service;
    private final OrganizationsApi organizations;

    public OrganizationConnectionsApi(OrganizationConnectionService service, OrganizationsApi organizations) {
        this.service = service;
        this.organizations = organizations;
    }


    public void connections(Context ctx) {
        ManagementApi.require(ctx, "read:organization_connections");
        Paging paging = Paging.parse(ctx);
        List<JsonNode> items = service.connections(organizations.find(ctx)).stream().map(c -> (JsonNode) view(c)).toList();
        ManagementApi.json(ctx, 200, paging.slice("enabled_connections", items));
    }

    public void connection(Context ctx) {
        showConnection(ctx, OrganizationConnectionsApi::view);
    }

    public void addConnection(Context ctx) {
        addConnection(ctx, CONNECTION_CREATE, OrganizationConnectionsApi::view);
    }

    public void updateConnection(Context ctx) {
        updateConnection(ctx, CONNECTION_UPDATE, OrganizationConnectionsApi::view);
    }

    /** One enabled connection, as {@code view} renders it (the GA and Early Access shapes differ). */
    private void showConnection(Context ctx, Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "read:organization_connections");
        Organization org = organizations.find(ctx);
        OrganizationConnection c = service.connection(org.id(), ManagementApi.path(ctx, "connectionId"))
                .orElseThrow(OrganizationConnectionsApi::notFound);
        ManagementApi.json(ctx, 200, view.apply(c));
    }

    private void addConnection(Context ctx, Schema schema, Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "create:organization_connections");
        ObjectNode body = ManagementApi.body(ctx);
        schema.validate(body);
        Organization org = organizations.find(ctx);
        OrganizationConnection c = OrganizationsApi.conflict("The organization connection already exists.",
                () -> service.addConnection(org, OrganizationRequests.enablement(body, OrganizationRequests.EA_CONNECTION_FIELDS)));
        ManagementApi.json(ctx, 201, view.apply(c));
    }

    private void updateConnection(Context ctx, Schema schema, Function<OrganizationConnection, ObjectNode> view) {
        ManagementApi.require(ctx, "update:organization_connections");
        ObjectNode body = ManagementApi.body(ctx);
        schema.validate(body);
        Organization org = organizations.find(ctx);
        OrganizationConnection c = ManagementApi.domain(() -> service.updateConnection(org,
                ManagementApi.path(ctx, "connectionId"), OrganizationRequests.connectionPatch(body))).orElseThrow(OrganizationConnectionsApi::notFound);
        ManagementApi.json(ctx, 200, view.apply(c));
    }

    public void removeConnection(Context ctx) {
        ManagementApi.require(ctx, "delete:organization_connections");
        if (!service.removeConnection(organizations.find(ctx), ManagementApi.path(ctx, "connectionId"))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    // organization connections, Early Access variant (organizations.md §4.3): the same associations

    /** Offset page {@code connections}, optionally only those with {@code is_enabled}. */
    public void eaConnections(Context ctx) {
        ManagementApi.require(ctx, "read:organization_connections");
        Paging paging = Paging.parse(ctx);
        Boolean enabled = ctx.queryParam("is_enabled") == null ? null : Paging.flag(ctx, "is_enabled", true);
        List<JsonNode> items = service.connections(organizations.find(ctx)).stream()
                .filter(c -> enabled == null || c.isEnabled() == enabled)
                .map(c -> (JsonNode) eaView(c)).toList();
        ManagementApi.json(ctx, 200, paging.slice("connections", items));
    }

    public void eaConnection(Context ctx) {
        showConnection(ctx, OrganizationConnectionsApi::eaView);
    }

    public void eaAddConnection(Context ctx) {
        addConnection(ctx, EA_CONNECTION_CREATE, OrganizationConnectionsApi::eaView);
    }

    public void eaUpdateConnection(Context ctx) {
        updateConnection(ctx, EA_CONNECTION_UPDATE, OrganizationConnectionsApi::eaView);
    }

    static ApiException notFound() {
        return ApiException.notFound("No connection found by that id", null);
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
        c.organizationAccessLevel().ifPresent(l -> v.put("organization_access_level", l.wire()));
        v.put("is_enabled", c.isEnabled());
        return v;
    }
}
