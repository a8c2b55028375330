package dev.atrium.roles;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for roles and permissions, shared by the Management API and the dashboard: a role's
 * type and owner, permissions that name a scope of an existing API, and assignments that name
 * existing users and tenant roles.
 *
 * <p>Specifications: Auth0 Management API "Roles", "Users" (roles and permissions of a user);
 * Auth0 "Role-Based Access Control".
 */
public final class RoleService {
    public static final int MAX_NAME = 128;
    public static final int MAX_DESCRIPTION = 255;
    public static final int MAX_OWNER_ID = 64;
    /** O96: roles one organization may own. */
    public static final int MAX_ORGANIZATION_ROLES = 350;

    private final RoleStore store;
    private final ResourceServerStore apis;

    public RoleService(RoleStore store, ResourceServerStore apis) {
        this.store = store;
        this.apis = apis;
    }

    public Optional<Role> find(String id) {
        return store.find(id);
    }

    public List<Role> list(RoleQuery query, int offset, int limit) {
        return store.list(query, offset, limit);
    }

    public long count(RoleQuery query) {
        return store.count(query);
    }

    /** {@code type} defaults to {@code tenant}; an {@code organization} role needs its owner, a tenant role has none. */
    public Role create(String name, Optional<String> description, Optional<String> type, Optional<String> ownerId) {
        String t = type.orElse(Role.TENANT);
        if (!t.equals(Role.TENANT) && !t.equals(Role.ORGANIZATION)) {
            throw new InvalidRequestException("type", "type must be tenant or organization");
        }
        if (t.equals(Role.ORGANIZATION) && ownerId.filter(o -> !o.isBlank()).isEmpty()) {
            throw new InvalidRequestException("owner_id", "owner_id is required for organization roles");
        }
        if (t.equals(Role.TENANT) && ownerId.isPresent()) {
            throw new InvalidRequestException("owner_id", "owner_id is only allowed for organization roles");
        }
        if (ownerId.isPresent() && ownerId.get().length() > MAX_OWNER_ID) {
            throw new InvalidRequestException("owner_id", "owner_id is at most " + MAX_OWNER_ID + " characters");
        }
        checkName(name);
        checkDescription(description);
        if (t.equals(Role.ORGANIZATION) && store.count(new RoleQuery(Optional.empty(), Optional.of(Role.ORGANIZATION), ownerId))
                >= MAX_ORGANIZATION_ROLES) {
            throw new InvalidRequestException("owner_id", "An organization can own at most " + MAX_ORGANIZATION_ROLES + " roles.");
        }
        Role role = new Role(Ids.prefixed("rol_", 16), name, description, t, ownerId);
        store.create(role);
        return role;
    }

    /** Changes name and description only; empty when the role does not exist. */
    public Optional<Role> update(String id, Optional<String> name, Optional<String> description) {
        Optional<Role> existing = store.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        name.ifPresent(RoleService::checkName);
        checkDescription(description);
        Role role = existing.get().withNameAndDescription(name.orElse(existing.get().name()),
                description.or(() -> existing.get().description()));
        store.update(role);
        return Optional.of(role);
    }

    public boolean delete(String id) {
        return store.delete(id);
    }

    public List<DescribedPermission> permissions(Role role) {
        Map<String, Optional<ResourceServer>> cache = new HashMap<>();
        return store.permissions(role.id()).stream()
                .map(p -> describe(p, List.of(), cache))
                .toList();
    }

    public void addPermissions(Role role, List<Permission> permissions) {
        checkPermissions(permissions);
        store.addPermissions(role.id(), permissions);
    }

    public void removePermissions(Role role, List<Permission> permissions) {
        store.removePermissions(role.id(), permissions);
    }

    public List<RoleMember> members(Role role, int offset, int limit) {
        return store.members(role.id(), offset, limit);
    }

    public long countMembers(Role role) {
        return store.countMembers(role.id());
    }

    /** Assigns a tenant role to existing users. */
    public void addMembers(Role role, List<String> userIds) {
        requireTenantRole(role);
        Set<String> existing = store.existingUsers(userIds);
        for (String userId : userIds) {
            if (!existing.contains(userId)) {
                throw new InvalidRequestException("users", "User not found: " + userId);
            }
        }
        store.assign(userIds, List.of(role.id()));
    }

    public boolean userExists(String userId) {
        return !store.existingUsers(List.of(userId)).isEmpty();
    }

    public List<Role> rolesOf(String userId, int offset, int limit) {
        return store.rolesOf(userId, offset, limit);
    }

    public long countRolesOf(String userId) {
        return store.countRolesOf(userId);
    }

    /** Assigns existing tenant roles to a user the caller knows to exist. */
    public void assignRoles(String userId, List<String> roleIds) {
        for (String roleId : roleIds) {
            Role role = store.find(roleId)
                    .orElseThrow(() -> new InvalidRequestException("roles", "Role not found: " + roleId));
            requireTenantRole(role);
        }
        store.assign(List.of(userId), roleIds);
    }

    public void unassignRoles(String userId, List<String> roleIds) {
        store.unassign(userId, roleIds);
    }

    /** The user's permissions, each once, with every source: the direct assignment and each tenant role granting it. */
    public List<DescribedPermission> userPermissions(String userId) {
        Map<Permission, List<DescribedPermission.Source>> sources = new LinkedHashMap<>();
        for (UserPermission up : store.userPermissions(userId)) {
            DescribedPermission.Source source = up.viaRole()
                    .map(r -> new DescribedPermission.Source(r.id(), r.name(), DescribedPermission.ROLE))
                    .orElse(new DescribedPermission.Source("", "", DescribedPermission.DIRECT));
            sources.computeIfAbsent(up.permission(), p -> new ArrayList<>()).add(source);
        }
        Map<String, Optional<ResourceServer>> cache = new HashMap<>();
        return sources.entrySet().stream().map(e -> describe(e.getKey(), e.getValue(), cache)).toList();
    }

    public void addUserPermissions(String userId, List<Permission> permissions) {
        checkPermissions(permissions);
        store.addDirectPermissions(userId, permissions);
    }

    public void removeUserPermissions(String userId, List<Permission> permissions) {
        store.removeDirectPermissions(userId, permissions);
    }

    /** See {@link RoleStore#permissionsOf}. */
    public List<String> permissionsOf(String userId, String resourceServerIdentifier) {
        return store.permissionsOf(userId, resourceServerIdentifier);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name", "name is required");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidRequestException("name", "name is at most " + MAX_NAME + " characters");
        }
    }

    private static void checkDescription(Optional<String> description) {
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            throw new InvalidRequestException("description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
    }

    /** Organization roles reach users only through organization membership. */
    private static void requireTenantRole(Role role) {
        if (!role.isTenantRole()) {
            throw new InvalidRequestException("roles", "Role " + role.id()
                    + " is an organization role; assign it to organization members instead");
        }
    }

    /** Every permission must be a scope of an existing API. */
    private void checkPermissions(Collection<Permission> permissions) {
        Map<String, Optional<ResourceServer>> cache = new HashMap<>();
        for (Permission p : new LinkedHashSet<>(permissions)) {
            ResourceServer api = cache.computeIfAbsent(p.resourceServerIdentifier(), apis::findByIdentifier)
                    .orElseThrow(() -> new InvalidRequestException("permissions",
                            "Resource server not found: " + p.resourceServerIdentifier()));
            if (!api.scopes().contains(p.permissionName())) {
                throw new InvalidRequestException("permissions", "Permission \"" + p.permissionName()
                        + "\" is not defined by the resource server " + api.identifier());
            }
        }
    }

    private DescribedPermission describe(Permission p, List<DescribedPermission.Source> sources,
                                         Map<String, Optional<ResourceServer>> cache) {
        Optional<ResourceServer> api = cache.computeIfAbsent(p.resourceServerIdentifier(), apis::findByIdentifier);
        return new DescribedPermission(p,
                api.map(ResourceServer::name).orElse(p.resourceServerIdentifier()),
                api.flatMap(a -> scopeDescription(a, p.permissionName())),
                sources);
    }

    private static Optional<String> scopeDescription(ResourceServer api, String scope) {
        for (JsonNode s : api.doc().path("scopes")) {
            if (scope.equals(Json.text(s, "value", null))) {
                return Optional.ofNullable(Json.text(s, "description", null));
            }
        }
        return Optional.empty();
    }
}
