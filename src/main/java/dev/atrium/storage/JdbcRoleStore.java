package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleMember;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleStore;
import dev.atrium.roles.UserPermission;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RoleStore} over {@code roles}, {@code role_permissions}, {@code user_roles} and
 * {@code user_permissions}. It reads {@code users} directly for the profile fields of role members;
 * deleting a role or a user removes its rows through the tables' cascading foreign keys.
 */
public final class JdbcRoleStore implements RoleStore {
    private static final String ROLE_COLUMNS = "r.id, r.name, r.description, r.type, r.owner_key";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcRoleStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<Role> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select " + ROLE_COLUMNS + " from roles r where r.id = :id")
                .bind("id", id).map((rs, ctx) -> role(rs)).findOne());
    }

    @Override
    public List<Role> list(RoleQuery query, int offset, int limit) {
        return jdbi.withHandle(h -> filter(h.createQuery("select " + ROLE_COLUMNS + " from roles r where "
                        + where(query) + " order by r.name, r.id limit :limit offset :offset"), query)
                .bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> role(rs)).list());
    }

    @Override
    public long count(RoleQuery query) {
        return jdbi.withHandle(h -> filter(h.createQuery("select count(*) from roles r where " + where(query)), query)
                .mapTo(Long.class).one());
    }

    /** The conditions of {@code q}, bound by {@link #filter}. */
    private static String where(RoleQuery q) {
        List<String> conditions = new ArrayList<>();
        conditions.add("1 = 1");
        q.nameContains().ifPresent(n -> conditions.add("lower(r.name) like :pattern escape '!'"));
        q.type().ifPresent(t -> conditions.add("r.type = :type"));
        q.ownerId().ifPresent(o -> conditions.add("r.owner_key = :owner"));
        return String.join(" and ", conditions);
    }

    private static <S extends SqlStatement<S>> S filter(S statement, RoleQuery q) {
        // '!' rather than backslash as the LIKE escape: both databases read it the same way.
        q.nameContains().ifPresent(n -> statement.bind("pattern", "%" + n.toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"));
        q.type().ifPresent(t -> statement.bind("type", t));
        q.ownerId().ifPresent(o -> statement.bind("owner", o));
        return statement;
    }

    @Override
    public void create(Role role) {
        Docs.unique("role " + role.name(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into roles (id, name, description, type, owner_key, created_at) "
                                + "values (:id, :name, :description, :type, :owner, :now)")
                .bind("id", role.id()).bind("name", role.name()).bind("description", role.description().orElse(null))
                .bind("type", role.type()).bind("owner", role.ownerId().orElse(""))
                .bind("now", SqlTime.of(clock.instant()))
                .execute()));
    }

    @Override
    public boolean update(Role role) {
        return Docs.unique("role " + role.name(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "update roles set name = :name, description = :description where id = :id")
                .bind("id", role.id()).bind("name", role.name()).bind("description", role.description().orElse(null))
                .execute() == 1));
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from roles where id = :id").bind("id", id).execute() == 1);
    }

    @Override
    public List<Permission> permissions(String roleId) {
        return jdbi.withHandle(h -> h.createQuery("select resource_server_identifier, permission_name from role_permissions "
                        + "where role_id = :id order by resource_server_identifier, permission_name")
                .bind("id", roleId).map((rs, ctx) -> permission(rs)).list());
    }

    @Override
    public void addPermissions(String roleId, Collection<Permission> permissions) {
        permissionBatch("insert into role_permissions (role_id, resource_server_identifier, permission_name) "
                + "values (:owner, :api, :name) on conflict do nothing", roleId, permissions);
    }

    @Override
    public void removePermissions(String roleId, Collection<Permission> permissions) {
        permissionBatch("delete from role_permissions where role_id = :owner "
                + "and resource_server_identifier = :api and permission_name = :name", roleId, permissions);
    }

    @Override
    public List<RoleMember> members(String roleId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select u.user_id, u.email, u.doc from user_roles ur "
                        + "join users u on u.user_id = ur.user_id where ur.role_id = :id "
                        + "order by u.user_id limit :limit offset :offset")
                .bind("id", roleId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> member(rs)).list());
    }

    @Override
    public long countMembers(String roleId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from user_roles where role_id = :id")
                .bind("id", roleId).mapTo(Long.class).one());
    }

    @Override
    public void assign(Collection<String> userIds, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("insert into user_roles (user_id, role_id) values (:user, :role) "
                    + "on conflict do nothing");
            for (String userId : new LinkedHashSet<>(userIds)) {
                for (String roleId : new LinkedHashSet<>(roleIds)) {
                    batch.bind("user", userId).bind("role", roleId).add();
                }
            }
            executeIfAny(batch);
        });
    }

    @Override
    public void unassign(String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("delete from user_roles where user_id = :user and role_id = :role");
            for (String roleId : new LinkedHashSet<>(roleIds)) {
                batch.bind("user", userId).bind("role", roleId).add();
            }
            executeIfAny(batch);
        });
    }

    @Override
    public List<Role> rolesOf(String userId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + ROLE_COLUMNS + " from user_roles ur "
                        + "join roles r on r.id = ur.role_id where ur.user_id = :user "
                        + "order by r.name, r.id limit :limit offset :offset")
                .bind("user", userId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> role(rs)).list());
    }

    @Override
    public long countRolesOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from user_roles where user_id = :user")
                .bind("user", userId).mapTo(Long.class).one());
    }

    @Override
    public List<Permission> directPermissions(String userId) {
        return jdbi.withHandle(h -> directPermissions(h, userId));
    }

    private static List<Permission> directPermissions(Handle h, String userId) {
        return h.createQuery("select resource_server_identifier, permission_name from user_permissions "
                        + "where user_id = :user order by resource_server_identifier, permission_name")
                .bind("user", userId).map((rs, ctx) -> permission(rs)).list();
    }

    @Override
    public void addDirectPermissions(String userId, Collection<Permission> permissions) {
        permissionBatch("insert into user_permissions (user_id, resource_server_identifier, permission_name) "
                + "values (:owner, :api, :name) on conflict do nothing", userId, permissions);
    }

    @Override
    public void removeDirectPermissions(String userId, Collection<Permission> permissions) {
        permissionBatch("delete from user_permissions where user_id = :owner "
                + "and resource_server_identifier = :api and permission_name = :name", userId, permissions);
    }

    @Override
    public List<UserPermission> userPermissions(String userId) {
        return jdbi.inTransaction(h -> {
            List<UserPermission> out = new ArrayList<>();
            directPermissions(h, userId).forEach(p -> out.add(new UserPermission(p, Optional.empty())));
            out.addAll(h.createQuery("select rp.resource_server_identifier, rp.permission_name, " + ROLE_COLUMNS
                            + " from user_roles ur join roles r on r.id = ur.role_id "
                            + "join role_permissions rp on rp.role_id = r.id "
                            + "where ur.user_id = :user and r.type = 'tenant'")
                    .bind("user", userId)
                    .map((rs, ctx) -> new UserPermission(permission(rs), Optional.of(role(rs)))).list());
            // Sorted here rather than in SQL so that both databases agree on the order of the two sources.
            out.sort(Comparator.comparing((UserPermission u) -> u.permission().resourceServerIdentifier())
                    .thenComparing(u -> u.permission().permissionName())
                    .thenComparing(u -> u.viaRole().isPresent())
                    .thenComparing(u -> u.viaRole().map(Role::name).orElse(""))
                    .thenComparing(u -> u.viaRole().map(Role::id).orElse("")));
            return out;
        });
    }

    @Override
    public List<String> permissionsOf(String userId, String resourceServerIdentifier) {
        return jdbi.withHandle(h -> h.createQuery("select permission_name from user_permissions "
                        + "where user_id = :user and resource_server_identifier = :api "
                        + "union "
                        + "select rp.permission_name from user_roles ur join roles r on r.id = ur.role_id "
                        + "join role_permissions rp on rp.role_id = r.id "
                        + "where ur.user_id = :user and r.type = 'tenant' and rp.resource_server_identifier = :api "
                        + "order by permission_name")
                .bind("user", userId).bind("api", resourceServerIdentifier)
                .mapTo(String.class).list());
    }

    @Override
    public Set<String> existingUsers(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery("select user_id from users where user_id in (<ids>)")
                .bindList("ids", List.copyOf(new LinkedHashSet<>(userIds)))
                .mapTo(String.class).list()));
    }

    /** Runs {@code sql} once per permission in one transaction, binding {@code :owner}, {@code :api} and {@code :name}. */
    private void permissionBatch(String sql, String owner, Collection<Permission> permissions) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(sql);
            for (Permission p : new LinkedHashSet<>(permissions)) {
                batch.bind("owner", owner).bind("api", p.resourceServerIdentifier()).bind("name", p.permissionName()).add();
            }
            executeIfAny(batch);
        });
    }

    private static void executeIfAny(PreparedBatch batch) {
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    private static Role role(ResultSet rs) throws SQLException {
        String owner = rs.getString("owner_key");
        return new Role(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("description")),
                rs.getString("type"), owner == null || owner.isEmpty() ? Optional.empty() : Optional.of(owner));
    }

    private static Permission permission(ResultSet rs) throws SQLException {
        return new Permission(rs.getString("resource_server_identifier"), rs.getString("permission_name"));
    }

    private static RoleMember member(ResultSet rs) throws SQLException {
        ObjectNode doc = Docs.read(rs.getString("doc"));
        return new RoleMember(rs.getString("user_id"), Optional.ofNullable(rs.getString("email")),
                Optional.ofNullable(Json.text(doc, "name", null)), Optional.ofNullable(Json.text(doc, "picture", null)));
    }
}
