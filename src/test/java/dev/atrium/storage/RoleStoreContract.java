package dev.atrium.storage;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleMember;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleStore;
import dev.atrium.roles.UserPermission;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link RoleStore}, one test per behaviour, run against each database by a class
 * that supplies a migrated {@link #jdbi()}. Tests share the database: every name is unique and no
 * test assumes the tables are empty.
 */
public interface RoleStoreContract {
    Jdbi jdbi();

    default RoleStore roleStore() {
        return new JdbcRoleStore(jdbi(), Clock.systemUTC());
    }

    default TestUsers users() {
        return new TestUsers(jdbi());
    }

    private static String unique(String prefix) {
        return prefix + "-" + Ids.alnum(12);
    }

    private static Role tenantRole(String name) {
        return new Role(Ids.prefixed("rol_", 16), name, Optional.of("about " + name), Role.TENANT, Optional.empty());
    }

    private static Role organizationRole(String name, String ownerId) {
        return new Role(Ids.prefixed("rol_", 16), name, Optional.empty(), Role.ORGANIZATION, Optional.of(ownerId));
    }

    private static String api() {
        return "https://" + Ids.alnum(10).toLowerCase() + ".example.com/api";
    }

    @Test
    default void createdRoleIsFoundWithEveryField() {
        RoleStore store = roleStore();
        Role tenant = tenantRole(unique("reader"));
        Role org = organizationRole(unique("admin"), Ids.prefixed("org_", 16));
        store.create(tenant);
        store.create(org);
        assertThat(store.find(tenant.id())).contains(tenant);
        assertThat(store.find(org.id())).contains(org);
        assertThat(store.find(Ids.prefixed("rol_", 16))).isEmpty();
    }

    @Test
    default void nameIsUniqueWithinTypeAndOwner() {
        RoleStore store = roleStore();
        String name = unique("dup");
        String owner = Ids.prefixed("org_", 16);
        store.create(tenantRole(name));
        assertThatThrownBy(() -> store.create(tenantRole(name))).isInstanceOf(AlreadyExistsException.class);
        store.create(organizationRole(name, owner));
        store.create(organizationRole(name, Ids.prefixed("org_", 16)));
        assertThatThrownBy(() -> store.create(organizationRole(name, owner))).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void updateReplacesNameAndDescriptionAndKeepsNamesUnique() {
        RoleStore store = roleStore();
        Role role = tenantRole(unique("old"));
        Role other = tenantRole(unique("other"));
        store.create(role);
        store.create(other);
        Role renamed = role.withNameAndDescription(unique("new"), Optional.empty());
        assertThat(store.update(renamed)).isTrue();
        assertThat(store.find(role.id())).contains(renamed);
        assertThatThrownBy(() -> store.update(renamed.withNameAndDescription(other.name(), Optional.empty())))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(store.update(tenantRole(unique("ghost")))).isFalse();
    }

    @Test
    default void listFiltersByNameTypeAndOwnerAndPages() {
        RoleStore store = roleStore();
        // LIKE wildcards in the prefix prove that the filter matches them literally.
        String prefix = unique("List%_!");
        String owner = Ids.prefixed("org_", 16);
        Role a = tenantRole(prefix + "-a");
        Role b = tenantRole(prefix + "-b");
        Role c = organizationRole(prefix + "-c", owner);
        store.create(b);
        store.create(a);
        store.create(c);
        store.create(tenantRole(unique("List")));

        RoleQuery byName = new RoleQuery(Optional.of(prefix.toUpperCase()), Optional.empty(), Optional.empty());
        assertThat(store.list(byName, 0, 10)).containsExactly(a, b, c);
        assertThat(store.count(byName)).isEqualTo(3);
        assertThat(store.list(byName, 1, 1)).containsExactly(b);
        assertThat(store.list(byName, 3, 10)).isEmpty();

        RoleQuery tenantOnly = new RoleQuery(Optional.of(prefix), Optional.of(Role.TENANT), Optional.empty());
        assertThat(store.list(tenantOnly, 0, 10)).containsExactly(a, b);
        assertThat(store.count(tenantOnly)).isEqualTo(2);

        RoleQuery ofOwner = new RoleQuery(Optional.empty(), Optional.of(Role.ORGANIZATION), Optional.of(owner));
        assertThat(store.list(ofOwner, 0, 10)).containsExactly(c);
        assertThat(store.count(ofOwner)).isEqualTo(1);
        assertThat(store.count(RoleQuery.all())).isGreaterThanOrEqualTo(4);
    }

    @Test
    default void rolePermissionsAreAddedOnceAndRemoved() {
        RoleStore store = roleStore();
        Role role = tenantRole(unique("perms"));
        store.create(role);
        String api = api();
        Permission read = new Permission(api, "read:things");
        Permission write = new Permission(api, "write:things");
        store.addPermissions(role.id(), List.of(write, read, read));
        store.addPermissions(role.id(), List.of(read));
        assertThat(store.permissions(role.id())).containsExactly(read, write);
        store.removePermissions(role.id(), List.of(write, new Permission(api, "absent")));
        assertThat(store.permissions(role.id())).containsExactly(read);
        store.removePermissions(role.id(), List.of());
        assertThat(store.permissions(role.id())).containsExactly(read);
    }

    @Test
    default void assignmentsListMembersAndRolesOfUser() {
        RoleStore store = roleStore();
        TestUsers users = users();
        Role role = tenantRole(unique("b-members"));
        Role second = tenantRole(unique("a-members"));
        store.create(role);
        store.create(second);
        String u1 = users.create(unique("one") + "@example.com", "One", "https://example.com/one.png");
        String u2 = users.create();
        store.assign(List.of(u1, u2), List.of(role.id()));
        store.assign(List.of(u1), List.of(role.id(), second.id()));

        assertThat(store.countMembers(role.id())).isEqualTo(2);
        List<RoleMember> members = store.members(role.id(), 0, 10);
        assertThat(members).extracting(RoleMember::userId).containsExactlyElementsOf(List.of(u1, u2).stream().sorted().toList());
        RoleMember one = members.stream().filter(m -> m.userId().equals(u1)).findFirst().orElseThrow();
        assertThat(one.name()).contains("One");
        assertThat(one.picture()).contains("https://example.com/one.png");
        assertThat(one.email()).hasValueSatisfying(e -> assertThat(e).endsWith("@example.com"));
        assertThat(store.members(role.id(), 1, 10)).hasSize(1);

        assertThat(store.rolesOf(u1, 0, 10)).containsExactly(second, role);
        assertThat(store.countRolesOf(u1)).isEqualTo(2);
        assertThat(store.rolesOf(u1, 1, 1)).containsExactly(role);

        store.unassign(u1, List.of(second.id(), Ids.prefixed("rol_", 16)));
        assertThat(store.rolesOf(u1, 0, 10)).containsExactly(role);
        assertThat(store.countRolesOf(u2)).isEqualTo(1);
    }

    @Test
    default void deletingARoleRemovesItsPermissionsAndAssignments() {
        RoleStore store = roleStore();
        Role role = tenantRole(unique("doomed"));
        store.create(role);
        String user = users().create();
        String api = api();
        store.addPermissions(role.id(), List.of(new Permission(api, "p")));
        store.assign(List.of(user), List.of(role.id()));

        assertThat(store.delete(role.id())).isTrue();
        assertThat(store.find(role.id())).isEmpty();
        assertThat(store.permissions(role.id())).isEmpty();
        assertThat(store.rolesOf(user, 0, 10)).isEmpty();
        assertThat(store.permissionsOf(user, api)).isEmpty();
        assertThat(store.delete(role.id())).isFalse();
    }

    @Test
    default void deletingAUserRemovesItsAssignmentsAndPermissions() {
        RoleStore store = roleStore();
        TestUsers users = users();
        Role role = tenantRole(unique("kept"));
        store.create(role);
        String user = users.create();
        store.assign(List.of(user), List.of(role.id()));
        store.addDirectPermissions(user, List.of(new Permission(api(), "p")));

        users.delete(user);
        assertThat(store.countMembers(role.id())).isZero();
        assertThat(store.directPermissions(user)).isEmpty();
        assertThat(store.find(role.id())).contains(role);
    }

    @Test
    default void directPermissionsAreAddedOnceAndRemoved() {
        RoleStore store = roleStore();
        String user = users().create();
        String api = api();
        Permission read = new Permission(api, "read:x");
        Permission write = new Permission(api, "write:x");
        store.addDirectPermissions(user, List.of(write, read));
        store.addDirectPermissions(user, List.of(read));
        assertThat(store.directPermissions(user)).containsExactly(read, write);
        store.removeDirectPermissions(user, List.of(read));
        assertThat(store.directPermissions(user)).containsExactly(write);
    }

    @Test
    default void userPermissionsListEverySourceDirectFirstAndIgnoreOrganizationRoles() {
        RoleStore store = roleStore();
        String user = users().create();
        String api = api();
        Permission read = new Permission(api, "read:x");
        Permission write = new Permission(api, "write:x");
        Role editors = tenantRole(unique("b-editors"));
        Role readers = tenantRole(unique("a-readers"));
        Role orgRole = organizationRole(unique("org"), Ids.prefixed("org_", 16));
        for (Role r : List.of(editors, readers, orgRole)) {
            store.create(r);
        }
        store.addPermissions(editors.id(), List.of(read, write));
        store.addPermissions(readers.id(), List.of(read));
        store.addPermissions(orgRole.id(), List.of(new Permission(api, "org:only")));
        store.addDirectPermissions(user, List.of(read));
        store.assign(List.of(user), List.of(editors.id(), readers.id(), orgRole.id()));

        assertThat(store.userPermissions(user)).containsExactly(
                new UserPermission(read, Optional.empty()),
                new UserPermission(read, Optional.of(readers)),
                new UserPermission(read, Optional.of(editors)),
                new UserPermission(write, Optional.of(editors)));
    }

    @Test
    default void permissionsOfMergesDirectAndTenantRolePermissionsForOneApi() {
        RoleStore store = roleStore();
        String user = users().create();
        String api = api();
        String otherApi = api();
        Role role = tenantRole(unique("effective"));
        Role orgRole = organizationRole(unique("effective-org"), Ids.prefixed("org_", 16));
        store.create(role);
        store.create(orgRole);
        store.addPermissions(role.id(), List.of(new Permission(api, "b:write"), new Permission(api, "a:read"),
                new Permission(otherApi, "elsewhere")));
        store.addPermissions(orgRole.id(), List.of(new Permission(api, "org:only")));
        store.addDirectPermissions(user, List.of(new Permission(api, "a:read"), new Permission(api, "c:direct")));
        store.assign(List.of(user), List.of(role.id(), orgRole.id()));

        assertThat(store.permissionsOf(user, api)).containsExactly("a:read", "b:write", "c:direct");
        assertThat(store.permissionsOf(user, otherApi)).containsExactly("elsewhere");
        assertThat(store.permissionsOf(users().create(), api)).isEmpty();
    }

    @Test
    default void existingUsersNamesOnlyStoredUsers() {
        RoleStore store = roleStore();
        String user = users().create();
        String ghost = "auth0|" + Ids.hex(12);
        assertThat(store.existingUsers(List.of(user, ghost, user))).containsExactly(user);
        assertThat(store.existingUsers(List.of())).isEmpty();
    }
}
