package dev.atrium.storage;

import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.AccessLevel;
import dev.atrium.roles.Role;
import dev.atrium.organizations.OrganizationMemberStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link OrganizationMemberStore} over {@code organization_members}, {@code organization_member_roles}
 * and {@code organization_invitations} (V20).
 */
public final class JdbcOrganizationMemberStore implements OrganizationMemberStore {
    private static final String INVITATION_COLUMNS = "id, organization_id, ticket_id, doc, created_at, expires_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcOrganizationMemberStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<Member> members(String organizationId, int offset, int limit) {
        // the memberships' copies of their users' fields (V285): one range of the organization's memberships, no user read
        return jdbi.withHandle(h -> h.createQuery("select user_id, member_email, member_name, member_picture from organization_members "
                        + "where organization_id = :org "
                        // the primary key's order (H2 and PostgreSQL read one page of members in it, no sort of them all)
                        + "order by organization_id, user_id limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new Member(rs.getString("user_id"), Optional.ofNullable(rs.getString("member_email")),
                        Optional.ofNullable(rs.getString("member_name")), Optional.ofNullable(rs.getString("member_picture"))))
                .list());
    }

    @Override
    public long countMembers(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_members where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public boolean isMember(String organizationId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_members "
                        + "where organization_id = :org and user_id = :user")
                .bind("org", organizationId).bind("user", userId).mapTo(Long.class).one() > 0);
    }

    @Override
    public void addMembers(String organizationId, Collection<String> userIds) {
        jdbi.useTransaction(h -> insertMembers(h, organizationId, userIds));
    }

    /**
     * Inserts the memberships that do not exist yet, each with a copy of its user's email, name and picture (V285).
     * The users' rows are locked first, in id order, so a concurrent change of one of those fields waits for this
     * transaction and then updates the new membership's copy too ({@link JdbcUserStore} rewrites the copies under
     * the same row lock); without the lock a change committed between the read and the insert would be missed.
     * A user that does not exist gets no copy, and its insert fails on the foreign key as before.
     */
    private void insertMembers(Handle h, String organizationId, Collection<String> userIds) {
        List<String> ids = List.copyOf(new java.util.TreeSet<>(userIds));
        if (ids.isEmpty()) {
            return;
        }
        Map<String, Member> fields = new java.util.HashMap<>();
        h.createQuery("select user_id, email, name, picture from users where user_id in (<ids>) order by user_id for update")
                .bindList("ids", ids)
                .map((rs, ctx) -> new Member(rs.getString("user_id"), Optional.ofNullable(rs.getString("email")),
                        Optional.ofNullable(rs.getString("name")), Optional.ofNullable(rs.getString("picture"))))
                .forEach(m -> fields.put(m.userId(), m));
        PreparedBatch batch = h.prepareBatch("insert into organization_members "
                + "(organization_id, user_id, created_at, member_email, member_name, member_picture) "
                + "values (:org, :user, :now, :email, :name, :picture) on conflict do nothing");
        var now = SqlTime.of(clock.instant());
        Member none = new Member("", Optional.empty(), Optional.empty(), Optional.empty());
        for (String userId : ids) {
            Member m = fields.getOrDefault(userId, none);
            batch.bind("org", organizationId).bind("user", userId).bind("now", now).bind("email", m.email().orElse(null))
                    .bind("name", m.name().orElse(null)).bind("picture", m.picture().orElse(null)).add();
        }
        JdbcOrganizationStore.executeIfAny(batch);
    }

    @Override
    public void removeMembers(String organizationId, Collection<String> userIds) {
        jdbi.useTransaction(h -> {
            for (String userId : new LinkedHashSet<>(userIds)) {
                h.createUpdate("delete from organization_member_roles where organization_id = :org and user_id = :user")
                        .bind("org", organizationId).bind("user", userId).execute();
                h.createUpdate("delete from organization_members where organization_id = :org and user_id = :user")
                        .bind("org", organizationId).bind("user", userId).execute();
            }
        });
    }

    @Override
    public void addMembership(String organizationId, String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            insertMembers(h, organizationId, List.of(userId));
            insertRoles(h, organizationId, userId, roleIds);
        });
    }

    @Override
    public List<Organization> organizationsOf(String userId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + JdbcOrganizationStore.ORG_COLUMNS + " from organization_members m "
                        + "join organizations o on o.id = m.organization_id where m.user_id = :user "
                        + "order by o.name limit :limit offset :offset")
                .bind("user", userId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> JdbcOrganizationStore.organization(rs)).list());
    }

    @Override
    public long countOrganizationsOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_members where user_id = :user")
                .bind("user", userId).mapTo(Long.class).one());
    }

    @Override
    public List<String> membershipsInJoinOrder(String userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id from organization_members where user_id = :user "
                        + "order by created_at, organization_id limit :limit")
                .bind("user", userId).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public List<Role> memberRoles(String organizationId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("select r.id, r.name, r.description, r.type, r.owner_key "
                        + "from organization_member_roles mr join roles r on r.id = mr.role_id "
                        + "where mr.organization_id = :org and mr.user_id = :user order by r.name, r.id")
                .bind("org", organizationId).bind("user", userId).map((rs, ctx) -> role(rs)).list());
    }

    @Override
    public Map<String, List<Role>> memberRoles(String organizationId, Collection<String> userIds) {
        Map<String, List<Role>> out = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("select mr.user_id, r.id, r.name, r.description, r.type, r.owner_key "
                        + "from organization_member_roles mr join roles r on r.id = mr.role_id "
                        + "where mr.organization_id = :org and mr.user_id in (<users>) order by r.name, r.id")
                .bind("org", organizationId).bindList("users", List.copyOf(new LinkedHashSet<>(userIds)))
                .map((rs, ctx) -> Map.entry(rs.getString("user_id"), role(rs)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        return out;
    }

    @Override
    public void assignRoles(String organizationId, String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> insertRoles(h, organizationId, userId, roleIds));
    }

    private static void insertRoles(Handle h, String organizationId, String userId, Collection<String> roleIds) {
        if (roleIds.isEmpty()) {
            return;
        }
        List<String> existing = h.createQuery("select id from roles where id in (<roles>)")
                .bindList("roles", List.copyOf(new LinkedHashSet<>(roleIds))).mapTo(String.class).list();
        PreparedBatch batch = h.prepareBatch("insert into organization_member_roles (organization_id, user_id, role_id) "
                + "values (:org, :user, :role) on conflict do nothing");
        for (String roleId : existing) {
            batch.bind("org", organizationId).bind("user", userId).bind("role", roleId).add();
        }
        JdbcOrganizationStore.executeIfAny(batch);
    }

    @Override
    public void unassignRoles(String organizationId, String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("delete from organization_member_roles "
                    + "where organization_id = :org and user_id = :user and role_id = :role");
            for (String roleId : new LinkedHashSet<>(roleIds)) {
                batch.bind("org", organizationId).bind("user", userId).bind("role", roleId).add();
            }
            JdbcOrganizationStore.executeIfAny(batch);
        });
    }

    @Override
    public void createInvitation(Invitation i) {
        Docs.unique("invitation", () -> jdbi.withHandle(h -> h.createUpdate("insert into organization_invitations "
                        + "(id, organization_id, ticket_id, client_id, connection_id, invitee_email, doc, created_at, expires_at) "
                        + "values (:id, :org, :ticket, :client, :con, :email, :doc, :created, :expires)")
                .bind("id", i.id()).bind("org", i.organizationId()).bind("ticket", i.ticketId())
                .bind("client", i.clientId()).bind("con", i.connectionId().orElse(null))
                .bind("email", i.inviteeEmail().toLowerCase(Locale.ROOT)).bind("doc", Docs.write(i.doc()))
                .bind("created", SqlTime.of(i.createdAt())).bind("expires", SqlTime.of(i.expiresAt())).execute()));
    }

    @Override
    public Optional<Invitation> invitation(String organizationId, String invitationId) {
        return jdbi.withHandle(h -> h.createQuery("select " + INVITATION_COLUMNS + " from organization_invitations "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", invitationId).map((rs, ctx) -> invitation(rs)).findOne());
    }

    @Override
    public Optional<Invitation> invitationByTicket(String ticketId) {
        return jdbi.withHandle(h -> h.createQuery("select " + INVITATION_COLUMNS + " from organization_invitations "
                        + "where ticket_id = :ticket")
                .bind("ticket", ticketId).map((rs, ctx) -> invitation(rs)).findOne());
    }

    @Override
    public Optional<Invitation> invitationById(String invitationId) {
        return jdbi.withHandle(h -> h.createQuery("select " + INVITATION_COLUMNS + " from organization_invitations where id = :id")
                .bind("id", invitationId).map((rs, ctx) -> invitation(rs)).findOne());
    }

    @Override
    public List<Invitation> invitations(String organizationId, boolean oldestFirst, int offset, int limit) {
        String dir = oldestFirst ? "asc" : "desc";
        return jdbi.withHandle(h -> h.createQuery("select " + INVITATION_COLUMNS + " from organization_invitations "
                        + "where organization_id = :org order by created_at " + dir + ", id " + dir
                        + " limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> invitation(rs)).list());
    }

    @Override
    public long countInvitations(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_invitations where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public boolean deleteInvitation(String organizationId, String invitationId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_invitations "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", invitationId).execute() == 1);
    }

    @Override
    public boolean acceptInvitation(String invitationId, String userId) {
        return jdbi.inTransaction(h -> {
            Optional<Invitation> invitation = h.createQuery("select " + INVITATION_COLUMNS
                            + " from organization_invitations where id = :id")
                    .bind("id", invitationId).map((rs, ctx) -> invitation(rs)).findOne();
            if (invitation.isEmpty()) {
                return false;
            }
            // Deleting first makes a concurrent second acceptance find nothing to delete and roll back.
            if (h.createUpdate("delete from organization_invitations where id = :id").bind("id", invitationId).execute() != 1) {
                return false;
            }
            insertMembers(h, invitation.get().organizationId(), List.of(userId));
            insertRoles(h, invitation.get().organizationId(), userId, invitation.get().roles());
            verifyInvitedEmail(h, invitation.get(), userId);
            return true;
        });
    }

    /** O77: an invitation reached its address, so accepting it with that address verifies it, in the same transaction. */
    private void verifyInvitedEmail(Handle h, Invitation invitation, String userId) {
        h.createQuery("select email, doc from users where user_id = :u").bind("u", userId)
                .map((rs, ctx) -> new String[]{rs.getString("email"), rs.getString("doc")}).findOne()
                .filter(row -> row[0] != null && row[0].equalsIgnoreCase(invitation.inviteeEmail()))
                .map(row -> Docs.read(row[1]))
                .filter(doc -> !doc.path("email_verified").asBoolean(false))
                .ifPresent(doc -> h.createUpdate("update users set doc = :doc, updated_at = :now where user_id = :u")
                        .bind("doc", Docs.write(doc.put("email_verified", true))).bind("now", SqlTime.of(clock.instant()))
                        .bind("u", userId).execute());
    }

    private static Role role(ResultSet rs) throws SQLException {
        String owner = rs.getString("owner_key");
        return new Role(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("description")),
                rs.getString("type"), owner == null || owner.isEmpty() ? Optional.empty() : Optional.of(owner));
    }

    private static Invitation invitation(ResultSet rs) throws SQLException {
        return new Invitation(rs.getString("id"), rs.getString("organization_id"), rs.getString("ticket_id"),
                Docs.read(rs.getString("doc")), SqlTime.get(rs, "created_at"), SqlTime.get(rs, "expires_at"));
    }
}
