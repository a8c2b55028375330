package dev.atrium.storage;

import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.common.Json;
import dev.atrium.roles.Role;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import tools.jackson.databind.node.ObjectNode;

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

/**
 * {@link OrganizationStore} over {@code organizations} and its {@code organization_*} tables (V20).
 * Rows pointing at users, connections, clients, client grants and roles go with them through
 * cascading foreign keys; deleting an organization deletes its rows explicitly in one transaction,
 * together with its organization roles, which {@code roles} only names by {@code owner_key}.
 */
public final class JdbcOrganizationStore implements OrganizationStore {
    private static final String ORG_COLUMNS = "o.id, o.name, o.doc, o.created_at";
    private static final String CONNECTION_SELECT = "select oc.organization_id, oc.connection_id, "
            + "oc.assign_membership_on_login, oc.show_as_button, oc.is_signup_enabled, oc.is_enabled, "
            + "oc.organization_connection_name, oc.organization_access_level, c.name, c.strategy "
            + "from organization_connections oc join connections c on c.id = oc.connection_id ";
    private static final String DOMAIN_COLUMNS = "id, organization_id, domain, status, use_for_organization_discovery, "
            + "verification_txt, verification_host";
    private static final String INVITATION_COLUMNS = "id, organization_id, ticket_id, doc, created_at, expires_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcOrganizationStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    // organizations

    @Override
    public Optional<Organization> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o where o.id = :id")
                .bind("id", id).map((rs, ctx) -> organization(rs)).findOne());
    }

    @Override
    public Optional<Organization> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o where o.name = :name")
                .bind("name", name).map((rs, ctx) -> organization(rs)).findOne());
    }

    @Override
    public List<Organization> list(Sort sort, boolean ascending, int offset, int limit) {
        // display_name lives in the document: sorting by it is done on the parsed rows, which is fine
        // at the sizes this server keeps; the other orders run in the database.
        String dir = ascending ? "asc" : "desc";
        if (sort == Sort.DISPLAY_NAME) {
            List<Organization> all = jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS
                    + " from organizations o order by o.id").map((rs, ctx) -> organization(rs)).list());
            var cmp = java.util.Comparator.comparing((Organization o) -> o.displayName().orElse(o.name()),
                    String.CASE_INSENSITIVE_ORDER).thenComparing(Organization::id);
            List<Organization> sorted = all.stream().sorted(ascending ? cmp : cmp.reversed()).toList();
            int from = Math.min(offset, sorted.size());
            return sorted.subList(from, Math.min(sorted.size(), from + limit));
        }
        String order = sort == Sort.NAME ? "o.name " + dir : "o.created_at " + dir + ", o.id " + dir;
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organizations o order by " + order
                        + " limit :limit offset :offset")
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> organization(rs)).list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organizations").mapTo(Long.class).one());
    }

    @Override
    public void create(Organization organization, List<OrganizationConnection> connections) {
        Docs.unique("organization " + organization.name(), () -> jdbi.inTransaction(h -> {
            var now = SqlTime.of(clock.instant());
            h.createUpdate("insert into organizations (id, name, doc, created_at, updated_at) "
                            + "values (:id, :name, :doc, :created, :now)")
                    .bind("id", organization.id()).bind("name", organization.name())
                    .bind("doc", Docs.write(organization.doc())).bind("created", SqlTime.of(organization.createdAt()))
                    .bind("now", now).execute();
            for (OrganizationConnection c : connections) {
                insertConnection(h, c);
            }
            return null;
        }));
    }

    @Override
    public boolean update(Organization organization) {
        return Docs.unique("organization " + organization.name(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "update organizations set name = :name, doc = :doc, updated_at = :now where id = :id")
                .bind("id", organization.id()).bind("name", organization.name())
                .bind("doc", Docs.write(organization.doc())).bind("now", SqlTime.of(clock.instant()))
                .execute() == 1));
    }

    @Override
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            for (String table : List.of("organization_member_roles", "organization_members", "organization_invitations",
                    "organization_connections", "organization_client_grants", "organization_clients",
                    "organization_discovery_domains")) {
                h.createUpdate("delete from " + table + " where organization_id = :id").bind("id", id).execute();
            }
            h.createUpdate("delete from roles where type = :type and owner_key = :id")
                    .bind("type", Role.ORGANIZATION).bind("id", id).execute();
            return h.createUpdate("delete from organizations where id = :id").bind("id", id).execute() == 1;
        });
    }

    @Override
    public List<Organization> organizationsOf(String userId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organization_members m "
                        + "join organizations o on o.id = m.organization_id where m.user_id = :user "
                        + "order by o.name limit :limit offset :offset")
                .bind("user", userId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> organization(rs)).list());
    }

    @Override
    public List<String> membershipsInJoinOrder(String userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id from organization_members where user_id = :user "
                        + "order by created_at, organization_id limit :limit")
                .bind("user", userId).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public long countOrganizationsOf(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_members where user_id = :user")
                .bind("user", userId).mapTo(Long.class).one());
    }

    @Override
    public List<Organization> organizationsOfGrant(String grantId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + ORG_COLUMNS + " from organization_client_grants g "
                        + "join organizations o on o.id = g.organization_id where g.grant_id = :grant "
                        + "order by o.name limit :limit offset :offset")
                .bind("grant", grantId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> organization(rs)).list());
    }

    @Override
    public long countOrganizationsOfGrant(String grantId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_client_grants where grant_id = :grant")
                .bind("grant", grantId).mapTo(Long.class).one());
    }

    // enabled connections

    @Override
    public List<OrganizationConnection> connections(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery(CONNECTION_SELECT + "where oc.organization_id = :org "
                        + "order by oc.created_at, oc.connection_id")
                .bind("org", organizationId).map((rs, ctx) -> connection(rs)).list());
    }

    @Override
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return jdbi.withHandle(h -> h.createQuery(CONNECTION_SELECT + "where oc.organization_id = :org "
                        + "and oc.connection_id = :con")
                .bind("org", organizationId).bind("con", connectionId).map((rs, ctx) -> connection(rs)).findOne());
    }

    @Override
    public void addConnection(OrganizationConnection connection) {
        Docs.unique("organization connection", () -> jdbi.withHandle(h -> insertConnection(h, connection)));
    }

    private int insertConnection(Handle h, OrganizationConnection c) {
        return h.createUpdate("insert into organization_connections (organization_id, connection_id, "
                        + "assign_membership_on_login, show_as_button, is_signup_enabled, is_enabled, "
                        + "organization_connection_name, organization_access_level, created_at) "
                        + "values (:org, :con, :assign, :button, :signup, :enabled, :label, :level, :now)")
                .bind("org", c.organizationId()).bind("con", c.connectionId())
                .bind("assign", c.assignMembershipOnLogin()).bind("button", c.showAsButton())
                .bind("signup", c.isSignupEnabled()).bind("enabled", c.isEnabled())
                .bind("label", c.organizationConnectionName().orElse(null))
                .bind("level", c.organizationAccessLevel().orElse(null))
                .bind("now", SqlTime.of(clock.instant())).execute();
    }

    @Override
    public boolean updateConnection(OrganizationConnection c) {
        return jdbi.withHandle(h -> h.createUpdate("update organization_connections set "
                        + "assign_membership_on_login = :assign, show_as_button = :button, is_signup_enabled = :signup, "
                        + "is_enabled = :enabled, organization_connection_name = :label, organization_access_level = :level "
                        + "where organization_id = :org and connection_id = :con")
                .bind("org", c.organizationId()).bind("con", c.connectionId())
                .bind("assign", c.assignMembershipOnLogin()).bind("button", c.showAsButton())
                .bind("signup", c.isSignupEnabled()).bind("enabled", c.isEnabled())
                .bind("label", c.organizationConnectionName().orElse(null))
                .bind("level", c.organizationAccessLevel().orElse(null)).execute() == 1);
    }

    @Override
    public boolean removeConnection(String organizationId, String connectionId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_connections "
                        + "where organization_id = :org and connection_id = :con")
                .bind("org", organizationId).bind("con", connectionId).execute() == 1);
    }

    // members and member roles

    @Override
    public List<Member> members(String organizationId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select u.user_id, u.email, u.doc from organization_members m "
                        + "join users u on u.user_id = m.user_id where m.organization_id = :org "
                        + "order by u.user_id limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> {
                    ObjectNode doc = Docs.read(rs.getString("doc"));
                    return new Member(rs.getString("user_id"), Optional.ofNullable(rs.getString("email")),
                            Optional.ofNullable(Json.text(doc, "name", null)),
                            Optional.ofNullable(Json.text(doc, "picture", null)));
                }).list());
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

    private void insertMembers(Handle h, String organizationId, Collection<String> userIds) {
        PreparedBatch batch = h.prepareBatch("insert into organization_members (organization_id, user_id, created_at) "
                + "values (:org, :user, :now) on conflict do nothing");
        var now = SqlTime.of(clock.instant());
        for (String userId : new LinkedHashSet<>(userIds)) {
            batch.bind("org", organizationId).bind("user", userId).bind("now", now).add();
        }
        executeIfAny(batch);
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
        executeIfAny(batch);
    }

    @Override
    public void unassignRoles(String organizationId, String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("delete from organization_member_roles "
                    + "where organization_id = :org and user_id = :user and role_id = :role");
            for (String roleId : new LinkedHashSet<>(roleIds)) {
                batch.bind("org", organizationId).bind("user", userId).bind("role", roleId).add();
            }
            executeIfAny(batch);
        });
    }

    @Override
    public void addMembership(String organizationId, String userId, Collection<String> roleIds) {
        jdbi.useTransaction(h -> {
            insertMembers(h, organizationId, List.of(userId));
            insertRoles(h, organizationId, userId, roleIds);
        });
    }

    // invitations

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

    // discovery domains

    @Override
    public void createDomain(DiscoveryDomain d) {
        Docs.unique("discovery domain " + d.domain(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into organization_discovery_domains (" + DOMAIN_COLUMNS + ", created_at) "
                                + "values (:id, :org, :domain, :status, :use, :txt, :host, :now)")
                .bind("id", d.id()).bind("org", d.organizationId()).bind("domain", d.domain())
                .bind("status", d.status()).bind("use", d.useForOrganizationDiscovery())
                .bind("txt", d.verificationTxt()).bind("host", d.verificationHost())
                .bind("now", SqlTime.of(clock.instant())).execute()));
    }

    @Override
    public Optional<DiscoveryDomain> domain(String organizationId, String domainId) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", domainId).map((rs, ctx) -> domain(rs)).findOne());
    }

    @Override
    public Optional<DiscoveryDomain> domainByName(String organizationId, String domain) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org and domain = :domain")
                .bind("org", organizationId).bind("domain", domain.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> domain(rs)).findOne());
    }

    @Override
    public List<DiscoveryDomain> domains(String organizationId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where organization_id = :org order by created_at, id limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> domain(rs)).list());
    }

    @Override
    public long countDomains(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_discovery_domains where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public boolean updateDomain(DiscoveryDomain d) {
        return jdbi.withHandle(h -> h.createUpdate("update organization_discovery_domains set status = :status, "
                        + "use_for_organization_discovery = :use where organization_id = :org and id = :id")
                .bind("org", d.organizationId()).bind("id", d.id()).bind("status", d.status())
                .bind("use", d.useForOrganizationDiscovery()).execute() == 1);
    }

    @Override
    public boolean deleteDomain(String organizationId, String domainId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_discovery_domains "
                        + "where organization_id = :org and id = :id")
                .bind("org", organizationId).bind("id", domainId).execute() == 1);
    }

    @Override
    public List<DiscoveryDomain> discoverableDomains(String domain) {
        return jdbi.withHandle(h -> h.createQuery("select " + DOMAIN_COLUMNS + " from organization_discovery_domains "
                        + "where domain = :domain and status = :verified and use_for_organization_discovery = true "
                        + "order by created_at, id")
                .bind("domain", domain.toLowerCase(Locale.ROOT)).bind("verified", DiscoveryDomain.VERIFIED)
                .map((rs, ctx) -> domain(rs)).list());
    }

    // organization client grants

    @Override
    public void addClientGrant(String organizationId, String grantId) {
        Docs.unique("organization client grant", () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into organization_client_grants (organization_id, grant_id, created_at) values (:org, :grant, :now)")
                .bind("org", organizationId).bind("grant", grantId).bind("now", SqlTime.of(clock.instant())).execute()));
    }

    @Override
    public boolean removeClientGrant(String organizationId, String grantId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from organization_client_grants "
                        + "where organization_id = :org and grant_id = :grant")
                .bind("org", organizationId).bind("grant", grantId).execute() == 1);
    }

    @Override
    public List<String> autoMembershipOrganizations(String connectionId) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id from organization_connections where connection_id = :c "
                        + "and assign_membership_on_login = true and is_enabled = true order by created_at, organization_id")
                .bind("c", connectionId).mapTo(String.class).list());
    }

    @Override
    public List<String> clientGrantIds(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select grant_id from organization_client_grants "
                        + "where organization_id = :org order by created_at, grant_id")
                .bind("org", organizationId).mapTo(String.class).list());
    }

    @Override
    public boolean hasClientGrant(String organizationId, String grantId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_client_grants "
                        + "where organization_id = :org and grant_id = :grant")
                .bind("org", organizationId).bind("grant", grantId).mapTo(Long.class).one() > 0);
    }

    // organization client associations

    @Override
    public void addClients(List<OrganizationClient> clients) {
        Docs.unique("organization client", () -> jdbi.inTransaction(h -> {
            var now = SqlTime.of(clock.instant());
            for (OrganizationClient c : clients) {
                h.createUpdate("insert into organization_clients (organization_id, client_id, use_for_member_access, created_at) "
                                + "values (:org, :client, :use, :now)")
                        .bind("org", c.organizationId()).bind("client", c.clientId())
                        .bind("use", c.useForMemberAccess()).bind("now", now).execute();
            }
            return null;
        }));
    }

    @Override
    public Optional<OrganizationClient> client(String organizationId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where organization_id = :org and client_id = :client")
                .bind("org", organizationId).bind("client", clientId).map((rs, ctx) -> orgClient(rs)).findOne());
    }

    @Override
    public List<OrganizationClient> clients(String organizationId, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where organization_id = :org order by client_id "
                        + "limit :limit offset :offset")
                .bind("org", organizationId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> orgClient(rs)).list());
    }

    @Override
    public long countClients(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from organization_clients where organization_id = :org")
                .bind("org", organizationId).mapTo(Long.class).one());
    }

    @Override
    public boolean updateClient(OrganizationClient c) {
        return jdbi.withHandle(h -> h.createUpdate("update organization_clients set use_for_member_access = :use "
                        + "where organization_id = :org and client_id = :client")
                .bind("org", c.organizationId()).bind("client", c.clientId()).bind("use", c.useForMemberAccess())
                .execute() == 1);
    }

    @Override
    public void removeClients(String organizationId, Collection<String> clientIds) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("delete from organization_clients "
                    + "where organization_id = :org and client_id = :client");
            for (String clientId : new LinkedHashSet<>(clientIds)) {
                batch.bind("org", organizationId).bind("client", clientId).add();
            }
            executeIfAny(batch);
        });
    }

    @Override
    public Map<String, OrganizationClient> associationsOf(String clientId, Collection<String> organizationIds) {
        Map<String, OrganizationClient> out = new LinkedHashMap<>();
        if (organizationIds.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("select organization_id, client_id, use_for_member_access "
                        + "from organization_clients where client_id = :client and organization_id in (<orgs>)")
                .bind("client", clientId).bindList("orgs", List.copyOf(new LinkedHashSet<>(organizationIds)))
                .map((rs, ctx) -> orgClient(rs)).forEach(c -> out.put(c.organizationId(), c)));
        return out;
    }

    // mapping

    private static Organization organization(ResultSet rs) throws SQLException {
        return new Organization(rs.getString("id"), rs.getString("name"), Docs.read(rs.getString("doc")),
                SqlTime.get(rs, "created_at"));
    }

    private static OrganizationConnection connection(ResultSet rs) throws SQLException {
        return new OrganizationConnection(rs.getString("organization_id"), rs.getString("connection_id"),
                rs.getBoolean("assign_membership_on_login"), rs.getBoolean("show_as_button"),
                rs.getBoolean("is_signup_enabled"), rs.getString("name"), rs.getString("strategy"),
                rs.getBoolean("is_enabled"), Optional.ofNullable(rs.getString("organization_connection_name")),
                Optional.ofNullable(rs.getString("organization_access_level")));
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

    private static DiscoveryDomain domain(ResultSet rs) throws SQLException {
        return new DiscoveryDomain(rs.getString("id"), rs.getString("organization_id"), rs.getString("domain"),
                rs.getString("status"), rs.getBoolean("use_for_organization_discovery"),
                rs.getString("verification_txt"), rs.getString("verification_host"));
    }

    private static OrganizationClient orgClient(ResultSet rs) throws SQLException {
        return new OrganizationClient(rs.getString("organization_id"), rs.getString("client_id"),
                rs.getBoolean("use_for_member_access"));
    }

    private static void executeIfAny(PreparedBatch batch) {
        if (batch.size() > 0) {
            batch.execute();
        }
    }
}
