package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.roles.DescribedPermission;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v2/roles}: Auth0 Management API "Roles" (api-contract.md §B.9). */
public final class RolesApi {
    /** The most items one assignment call takes [DESIGN]. */
    static final int MAX_ITEMS = 1000;

    static final Schema CREATE = Schema.of()
            .string("name", true, 1, RoleService.MAX_NAME)
            .string("description", false, 0, RoleService.MAX_DESCRIPTION)
            .enumOf("type", false, Set.of(Role.TENANT, Role.ORGANIZATION))
            .string("owner_id", false, 1, RoleService.MAX_OWNER_ID);
    static final Schema UPDATE = CREATE.without("type", "owner_id").optional();
    static final Schema PERMISSIONS = Schema.of().array("permissions", true);
    static final Schema USERS = Schema.of().strings("users", true, MAX_ITEMS);

    private final RoleService roles;

    public RolesApi(RoleService roles) {
        this.roles = roles;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:roles");
        Paging paging = Paging.parse(ctx);
        Optional<String> type = Optional.ofNullable(ctx.queryParam("type"));
        if (type.isPresent() && !type.get().equals(Role.TENANT) && !type.get().equals(Role.ORGANIZATION)) {
            throw ApiException.invalidQuery("Query validation error: 'No enum match for: \"" + type.get()
                    + "\"; expected one of tenant, organization' on property type.");
        }
        Optional<String> owner = Optional.ofNullable(ctx.queryParam("owner_id"));
        if (type.filter(Role.ORGANIZATION::equals).isPresent() && owner.isEmpty()) {
            throw ApiException.invalidQuery("Query validation error: 'owner_id is required when type is organization'.");
        }
        RoleQuery query = new RoleQuery(Optional.ofNullable(ctx.queryParam("name_filter")).filter(s -> !s.isEmpty()),
                type, owner);
        List<JsonNode> items = roles.list(query, paging.offset(), paging.limit()).stream()
                .map(r -> (JsonNode) view(r)).toList();
        ManagementApi.json(ctx, 200, paging.render("roles", items, roles.count(query), false));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:roles");
        ManagementApi.json(ctx, 200, view(find(ctx)));
    }

    /** Answers 200, as Auth0 does for this one create. */
    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:roles");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        Role role = conflictAsRoleName(() -> roles.create(Json.text(body, "name", ""),
                Optional.ofNullable(Json.text(body, "description", null)),
                Optional.ofNullable(Json.text(body, "type", null)),
                Optional.ofNullable(Json.text(body, "owner_id", null))));
        ManagementApi.json(ctx, 200, view(role));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:roles");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        String id = ManagementApi.path(ctx, "id");
        Role role = conflictAsRoleName(() -> roles.update(id, Optional.ofNullable(Json.text(body, "name", null)),
                Optional.ofNullable(Json.text(body, "description", null)))).orElseThrow(RolesApi::notFound);
        ManagementApi.json(ctx, 200, view(role));
    }

    /** Answers 200 {@code {}} and 404 for an unknown role, as Auth0 does. */
    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:roles");
        if (!roles.delete(ManagementApi.path(ctx, "id"))) {
            throw notFound();
        }
        ManagementApi.json(ctx, 200, Json.object());
    }

    public void permissions(Context ctx) {
        ManagementApi.require(ctx, "read:roles");
        Paging paging = Paging.parse(ctx);
        List<JsonNode> items = roles.permissions(find(ctx)).stream().map(p -> (JsonNode) view(p)).toList();
        ManagementApi.json(ctx, 200, paging.slice("permissions", items));
    }

    public void addPermissions(Context ctx) {
        ManagementApi.require(ctx, "update:roles");
        List<Permission> permissions = permissionsBody(ctx);
        Role role = find(ctx);
        ManagementApi.domain(() -> {
            roles.addPermissions(role, permissions);
            return null;
        });
        ManagementApi.json(ctx, 201, Json.object());
    }

    public void removePermissions(Context ctx) {
        ManagementApi.require(ctx, "update:roles");
        List<Permission> permissions = permissionsBody(ctx);
        roles.removePermissions(find(ctx), permissions);
        ManagementApi.noContent(ctx);
    }

    /** Checkpoint paging unless the caller asks for offset paging, since that is what the SDKs expect here. */
    public void users(Context ctx) {
        ManagementApi.require(ctx, "read:users", "read:roles", "read:role_members");
        Paging paging = Paging.parse(ctx);
        if (!paging.checkpoint() && ctx.queryParam("page") == null && ctx.queryParam("per_page") == null
                && ctx.queryParam("include_totals") == null) {
            paging = new Paging(true, 0, 50, false);
        }
        Role role = find(ctx);
        List<JsonNode> items = roles.members(role, paging.offset(), paging.limit()).stream().map(m -> {
            ObjectNode o = Json.object().put("user_id", m.userId());
            m.email().ifPresent(e -> o.put("email", e));
            m.name().ifPresent(n -> o.put("name", n));
            m.picture().ifPresent(p -> o.put("picture", p));
            return (JsonNode) o;
        }).toList();
        ManagementApi.json(ctx, 200, paging.render("users", items, roles.countMembers(role), false));
    }

    /** Answers 200 {@code {}}, as Auth0 does. */
    public void addUsers(Context ctx) {
        ManagementApi.require(ctx, "update:roles", "create:role_members");
        List<String> userIds = idsBody(ctx, USERS, "users");
        Role role = find(ctx);
        ManagementApi.domain(() -> {
            roles.addMembers(role, userIds);
            return null;
        });
        ManagementApi.json(ctx, 200, Json.object());
    }

    private Role find(Context ctx) {
        return roles.find(ManagementApi.path(ctx, "id")).orElseThrow(RolesApi::notFound);
    }

    /** Auth0 answers an unknown role without an {@code errorCode}. */
    static ApiException notFound() {
        return ApiException.notFound("The role does not exist.", null);
    }

    private static <T> T conflictAsRoleName(java.util.function.Supplier<T> call) {
        try {
            return ManagementApi.domain(call);
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict("A role with the same name already exists.", "conflict");
            }
            throw e;
        }
    }

    static ObjectNode view(Role r) {
        ObjectNode o = Json.object().put("id", r.id()).put("name", r.name());
        r.description().ifPresent(d -> o.put("description", d));
        o.put("type", r.type());
        r.ownerId().ifPresent(owner -> o.put("owner_id", owner));
        return o;
    }

    static ObjectNode view(DescribedPermission p) {
        ObjectNode o = Json.object()
                .put("permission_name", p.permission().permissionName());
        p.description().ifPresent(d -> o.put("description", d));
        o.put("resource_server_name", p.resourceServerName());
        o.put("resource_server_identifier", p.permission().resourceServerIdentifier());
        if (!p.sources().isEmpty()) {
            var sources = o.putArray("sources");
            p.sources().forEach(s -> sources.addObject()
                    .put("source_id", s.sourceId())
                    .put("source_name", s.sourceName())
                    .put("source_type", s.sourceType()));
        }
        return o;
    }

    /** {@code {"permissions":[{"resource_server_identifier","permission_name"}, …]}}: at least one, each both strings. */
    static List<Permission> permissionsBody(Context ctx) {
        ObjectNode body = ManagementApi.body(ctx);
        PERMISSIONS.validate(body);
        JsonNode array = body.get("permissions");
        checkSize(array, "permissions");
        List<Permission> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String where = "permissions[" + i + "]";
            if (!(item instanceof ObjectNode o)) {
                throw ApiException.badRequest("Payload validation error: 'Expected type object but found type "
                        + Schema.typeOf(item) + "' on property " + where + ".");
            }
            for (String name : o.propertyNames()) {
                if (!name.equals("resource_server_identifier") && !name.equals("permission_name")) {
                    throw ApiException.badRequest("Payload validation error: 'Additional properties not allowed: "
                            + name + "' on property " + where + ".");
                }
            }
            out.add(new Permission(requiredString(o, "resource_server_identifier", where),
                    requiredString(o, "permission_name", where)));
        }
        return out;
    }

    /** A non-empty array of ids under {@code property}, checked by {@code schema}. */
    static List<String> idsBody(Context ctx, Schema schema, String property) {
        ObjectNode body = ManagementApi.body(ctx);
        schema.validate(body);
        checkSize(body.get(property), property);
        return Json.stringList(body.get(property));
    }

    private static void checkSize(JsonNode array, String property) {
        if (array.isEmpty()) {
            throw ApiException.badRequest("Payload validation error: 'Array is too short (0), minimum 1' on property "
                    + property + ".");
        }
        if (array.size() > MAX_ITEMS) {
            throw ApiException.badRequest("Payload validation error: 'Array is too long (" + array.size()
                    + "), maximum " + MAX_ITEMS + "' on property " + property + ".");
        }
    }

    private static String requiredString(ObjectNode o, String name, String where) {
        JsonNode v = o.get(name);
        if (v == null) {
            throw ApiException.badRequest("Payload validation error: 'Missing required property: " + name
                    + "' on property " + where + ".");
        }
        if (!v.isString() || v.asString().isEmpty()) {
            throw ApiException.badRequest("Payload validation error: 'Expected a non-empty string but found type "
                    + Schema.typeOf(v) + "' on property " + where + "." + name + ".");
        }
        return v.asString();
    }
}
