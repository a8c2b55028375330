package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.roles.Permission;
import dev.atrium.roles.RoleService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code /api/v2/users/{id}/roles} and {@code /api/v2/users/{id}/permissions}: the role and
 * permission calls of Auth0 Management API "Users" (api-contract.md §B.8).
 */
public final class UserRolesApi {
    static final Schema ROLES = Schema.of().strings("roles", true, RolesApi.MAX_ITEMS);

    private final RoleService roles;

    public UserRolesApi(RoleService roles) {
        this.roles = roles;
    }

    public void roles(Context ctx) {
        ManagementApi.require(ctx, "read:users", "read:roles", "read:role_members");
        Paging paging = Paging.parse(ctx);
        String userId = existingUser(ctx);
        List<JsonNode> items = roles.rolesOf(userId, paging.offset(), paging.limit()).stream()
                .map(r -> (JsonNode) RolesApi.view(r)).toList();
        ManagementApi.json(ctx, 200, paging.render("roles", items, roles.countRolesOf(userId), false));
    }

    public void assignRoles(Context ctx) {
        ManagementApi.require(ctx, "update:users", "create:role_members");
        List<String> roleIds = RolesApi.idsBody(ctx, ROLES, "roles");
        String userId = existingUser(ctx);
        ManagementApi.domain(() -> {
            roles.assignRoles(userId, roleIds);
            return null;
        });
        ManagementApi.noContent(ctx);
    }

    public void removeRoles(Context ctx) {
        ManagementApi.require(ctx, "update:users", "delete:role_members");
        List<String> roleIds = RolesApi.idsBody(ctx, ROLES, "roles");
        roles.unassignRoles(existingUser(ctx), roleIds);
        ManagementApi.noContent(ctx);
    }

    public void permissions(Context ctx) {
        ManagementApi.require(ctx, "read:users");
        Paging paging = Paging.parse(ctx);
        List<JsonNode> items = roles.userPermissions(existingUser(ctx)).stream()
                .map(p -> (JsonNode) RolesApi.view(p)).toList();
        ManagementApi.json(ctx, 200, paging.slice("permissions", items));
    }

    /** Answers 201 {@code {}}, as Auth0 does. */
    public void addPermissions(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        List<Permission> permissions = RolesApi.permissionsBody(ctx);
        String userId = existingUser(ctx);
        ManagementApi.domain(() -> {
            roles.addUserPermissions(userId, permissions);
            return null;
        });
        ManagementApi.json(ctx, 201, Json.object());
    }

    public void removePermissions(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        List<Permission> permissions = RolesApi.permissionsBody(ctx);
        roles.removeUserPermissions(existingUser(ctx), permissions);
        ManagementApi.noContent(ctx);
    }

    private String existingUser(Context ctx) {
        String userId = ManagementApi.path(ctx, "id");
        if (!roles.userExists(userId)) {
            throw ApiException.notFound("The user does not exist.", "inexistent_user");
        }
        return userId;
    }
}
