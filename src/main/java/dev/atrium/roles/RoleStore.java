package dev.atrium.roles;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Roles, their permissions, and the roles and direct permissions of users. A role name is unique
 * within its type and owner: {@code create} and {@code update} throw
 * {@link dev.atrium.common.AlreadyExistsException}. Adding something already present and removing
 * something absent are no-ops. Lists are in a stable order so that offsets page through them.
 */
public interface RoleStore {
    Optional<Role> find(String id);

    /** Roles matching {@code query} by name then id, {@code offset}/{@code limit} applied by the database. */
    List<Role> list(RoleQuery query, int offset, int limit);

    long count(RoleQuery query);

    void create(Role role);

    /** Replaces name and description; false when the role does not exist. */
    boolean update(Role role);

    /** Removes the role with its permissions and assignments; false when it did not exist. */
    boolean delete(String id);

    /** The role's permissions by API identifier then name. */
    List<Permission> permissions(String roleId);

    void addPermissions(String roleId, Collection<Permission> permissions);

    void removePermissions(String roleId, Collection<Permission> permissions);

    /** Users holding the role, by user id. */
    List<RoleMember> members(String roleId, int offset, int limit);

    long countMembers(String roleId);

    /** Assigns each role to each user; every user and role must exist. */
    void assign(Collection<String> userIds, Collection<String> roleIds);

    void unassign(String userId, Collection<String> roleIds);

    /** The user's roles by name then id. */
    List<Role> rolesOf(String userId, int offset, int limit);

    long countRolesOf(String userId);

    /** The permissions assigned to the user directly, by API identifier then name. */
    List<Permission> directPermissions(String userId);

    void addDirectPermissions(String userId, Collection<Permission> permissions);

    void removeDirectPermissions(String userId, Collection<Permission> permissions);

    /**
     * Every reason the user holds each permission: direct assignments and the permissions of the
     * user's tenant roles, by API identifier, then name, direct first.
     */
    List<UserPermission> userPermissions(String userId);

    /**
     * The names of the permissions the user holds on one API, directly or through tenant roles,
     * sorted and without duplicates: what an access token for that API may carry.
     */
    List<String> permissionsOf(String userId, String resourceServerIdentifier);

    /** The ids among {@code userIds} that name existing users. */
    Set<String> existingUsers(Collection<String> userIds);
}
