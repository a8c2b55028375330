package dev.atrium.web.management;

import dev.atrium.clients.ClientGrant;
import dev.atrium.common.Json;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.ThirdPartyClientAccess;
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
 * {@code /api/v2/organizations} itself and {@code /users/{id}/organizations} (api-contract.md §B.7.1;
 * organizations.md §4.1). The sub-resources have classes of their own, which find their
 * organization through {@link #find}: {@link OrganizationConnectionsApi}, {@link OrganizationMembersApi},
 * {@link OrganizationDomainsApi} and {@link OrganizationApplicationsApi}. Bodies are checked by their
 * {@link Schema} and mapped to commands once, by {@link OrganizationRequests}.
 */
public final class OrganizationsApi {
    static final Set<String> THIRD_PARTY_ACCESS = ThirdPartyClientAccess.ACCEPTED;
    static final Schema UPDATE = Schema.of()
            .string("name", false, 1, 50)
            .nullableString("display_name", 255)
            .nullableObject("branding")
            .nullableObject("metadata")
            .nullableObject("token_quota")
            .enumOf("third_party_client_access", false, THIRD_PARTY_ACCESS)
            .bool("is_app_entitlement_active")
            .bool("require_mfa");
    static final Schema CREATE = Schema.of()
            .string("name", true, 1, 50)
            .nullableString("display_name", 255)
            .nullableObject("branding")
            .nullableObject("metadata")
            .nullableObject("token_quota")
            .enumOf("third_party_client_access", false, THIRD_PARTY_ACCESS)
            .bool("is_app_entitlement_active")
            .bool("require_mfa")
            .array("enabled_connections", false);
    static final String NAME_TAKEN = "An organization with the same name already exists.";

    private final OrganizationService service;
    private final OrganizationConnectionService connections;
    private final OrganizationApplicationService applications;

    public OrganizationsApi(OrganizationService service, OrganizationConnectionService connections,
                            OrganizationApplicationService applications) {
        this.service = service;
        this.connections = connections;
        this.applications = applications;
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
                : applications.associationsOf(clientId, page.stream().map(Organization::id).toList());
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
        Organization org = nameConflict(() -> service.create(OrganizationRequests.newOrganization(body)));
        ObjectNode v = view(org);
        if (body.has("enabled_connections")) {
            ArrayNode arr = v.putArray("enabled_connections");
            connections.connections(org).forEach(c -> arr.add(OrganizationConnectionsApi.view(c)));
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
        Organization org = nameConflict(() -> service.update(id, OrganizationRequests.patch(body))).orElseThrow(OrganizationsApi::notFound);
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

    // shared

    /** The organization named by the {@code id} path parameter, else the 404 Auth0 answers. */
    Organization find(Context ctx) {
        return service.find(ManagementApi.path(ctx, "id")).orElseThrow(OrganizationsApi::notFound);
    }

    /** Auth0 answers an unknown organization without an {@code errorCode} (api-contract.md §B.2.2). */
    static ApiException notFound() {
        return ApiException.notFound("No organization found by that id or name", null);
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
}
