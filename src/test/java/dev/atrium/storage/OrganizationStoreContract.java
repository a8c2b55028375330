package dev.atrium.storage;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.roles.Role;
import dev.atrium.support.TestClock;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link OrganizationStore}, run against each database by a class supplying a
 * migrated {@link #jdbi()}. Tests share the database: every name is unique and no test assumes
 * empty tables.
 */
public interface OrganizationStoreContract {
    Jdbi jdbi();

    default OrganizationStore organizationStore() {
        return new JdbcOrganizationStore(jdbi(), Clock.systemUTC());
    }

    default Organization newOrg() {
        String name = "org-" + Ids.alnum(12).toLowerCase();
        return new Organization(Ids.prefixed("org_", 16), name, Json.object().put("display_name", "Org " + name)
                .put("third_party_client_access", "block"), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    default Organization createdOrg() {
        Organization org = newOrg();
        organizationStore().create(org, List.of());
        return org;
    }

    default Connection connection(String strategy) {
        Connection c = new Connection(Ids.prefixed("con_", 16), Json.object().put("name", "conn-" + Ids.alnum(10))
                .put("strategy", strategy));
        new JdbcConnectionStore(jdbi(), Clock.systemUTC()).create(c);
        return c;
    }

    default String client() {
        String id = Ids.alnum(32);
        new JdbcClientStore(jdbi(), Clock.systemUTC()).create(new Client(id, Json.object().put("client_id", id)
                .put("name", "app " + id), Optional.empty()));
        return id;
    }

    default String grant(String clientId) {
        String id = Ids.prefixed("cgr_", 16);
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).create(new ClientGrant(id, Json.object().put("id", id)
                .put("client_id", clientId).put("audience", "https://" + Ids.alnum(8) + ".example.com")
                .put("subject_type", "client").put("organization_usage", "allow")));
        return id;
    }

    default Role role(Optional<String> owner) {
        Role r = new Role(Ids.prefixed("rol_", 16), "role-" + Ids.alnum(10), Optional.empty(),
                owner.isPresent() ? Role.ORGANIZATION : Role.TENANT, owner);
        new JdbcRoleStore(jdbi(), Clock.systemUTC()).create(r);
        return r;
    }

    default OrganizationConnection enabled(Organization org, Connection c) {
        return new OrganizationConnection(org.id(), c.id(), true, true, false, c.name(), c.strategy());
    }

    default Invitation invitation(Organization org, String clientId, List<String> roles) {
        String id = Ids.prefixed("uinv_", 16);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var doc = Json.object().put("id", id).put("client_id", clientId);
        doc.set("invitee", Json.object().put("email", "someone@example.com"));
        doc.set("roles", Json.strings(roles));
        return new Invitation(id, org.id(), Ids.alnum(32), doc, now, now.plusSeconds(60));
    }

    @Test
    default void createdOrganizationIsFoundByIdAndNameWithItsConnections() {
        Organization org = newOrg();
        Connection c = connection("auth0");
        organizationStore().create(org, List.of(enabled(org, c)));
        assertThat(organizationStore().find(org.id())).contains(org);
        assertThat(organizationStore().findByName(org.name())).contains(org);
        assertThat(organizationStore().connections(org.id())).containsExactly(enabled(org, c));
        OrganizationConnection disabled = new OrganizationConnection(org.id(), c.id(), false, false, false, c.name(),
                c.strategy(), false, Optional.of("Staff"), Optional.of("readonly"));
        assertThat(organizationStore().updateConnection(disabled)).isTrue();
        assertThat(organizationStore().connection(org.id(), c.id())).contains(disabled);
        assertThat(organizationStore().find("org_" + Ids.alnum(16))).isEmpty();
    }

    @Test
    default void O2_nameIsUniqueOnCreateAndRename() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        Organization clash = new Organization(Ids.prefixed("org_", 16), a.name(), Json.object(), Instant.now());
        assertThatThrownBy(() -> organizationStore().create(clash, List.of())).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> organizationStore().update(b.with(a.name(), b.doc()))).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void O3_freedNameIsReusable() {
        Organization a = createdOrg();
        String old = a.name();
        assertThat(organizationStore().update(a.with(old + "-renamed", a.doc()))).isTrue();
        Organization b = new Organization(Ids.prefixed("org_", 16), old, Json.object(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        organizationStore().create(b, List.of());
        assertThat(organizationStore().findByName(old).map(Organization::id)).contains(b.id());
    }

    @Test
    default void failedCreateLeavesNoOrganizationBehind() {
        Organization org = newOrg();
        OrganizationConnection missing = new OrganizationConnection(org.id(), "con_" + Ids.alnum(16), false, true, false, "x", "auth0");
        assertThatThrownBy(() -> organizationStore().create(org, List.of(missing))).isInstanceOf(RuntimeException.class);
        assertThat(organizationStore().find(org.id())).isEmpty();
    }

    @Test
    default void membersAndTheirRoles() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String u1 = users.create();
        String u2 = users.create();
        organizationStore().addMembers(org.id(), List.of(u1, u2, u1));
        organizationStore().addMembers(org.id(), List.of(u1));
        assertThat(organizationStore().countMembers(org.id())).isEqualTo(2);
        assertThat(organizationStore().members(org.id(), 0, 10)).extracting(Member::userId).containsExactlyInAnyOrder(u1, u2);
        assertThat(organizationStore().isMember(org.id(), u1)).isTrue();
        assertThat(organizationStore().organizationsOf(u1, 0, 10)).extracting(Organization::id).containsExactly(org.id());

        Role tenantRole = role(Optional.empty());
        Role orgRole = role(Optional.of(org.id()));
        organizationStore().assignRoles(org.id(), u1, List.of(tenantRole.id(), orgRole.id()));
        assertThat(organizationStore().memberRoles(org.id(), u1)).containsExactlyInAnyOrder(tenantRole, orgRole);
        assertThat(organizationStore().memberRoles(org.id(), List.of(u1, u2))).containsOnlyKeys(u1);
        organizationStore().unassignRoles(org.id(), u1, List.of(tenantRole.id()));
        assertThat(organizationStore().memberRoles(org.id(), u1)).containsExactly(orgRole);

        organizationStore().removeMembers(org.id(), List.of(u1));
        assertThat(organizationStore().isMember(org.id(), u1)).isFalse();
        assertThat(organizationStore().memberRoles(org.id(), u1)).isEmpty();
    }

    @Test
    default void O47_membershipsComeInJoinOrderNotNameOrder() {
        TestClock clock = new TestClock();
        OrganizationStore store = new JdbcOrganizationStore(jdbi(), clock);
        String user = new TestUsers(jdbi()).create();
        Organization zed = newOrg();
        store.create(new Organization(zed.id(), "zz-" + zed.name(), zed.doc(), zed.createdAt()), List.of());
        Organization abc = newOrg();
        store.create(new Organization(abc.id(), "aa-" + abc.name(), abc.doc(), abc.createdAt()), List.of());
        store.addMembers(zed.id(), List.of(user));
        clock.advance(Duration.ofSeconds(1));
        store.addMembers(abc.id(), List.of(user));
        assertThat(store.membershipsInJoinOrder(user, 10)).containsExactly(zed.id(), abc.id());
        assertThat(store.membershipsInJoinOrder(user, 1)).containsExactly(zed.id());
        assertThat(store.organizationsOf(user, 0, 10)).extracting(Organization::id).containsExactly(abc.id(), zed.id());
    }

    @Test
    default void deletingAUserConnectionRoleClientOrGrantRemovesItsOrganizationRows() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String user = users.create();
        Role role = role(Optional.empty());
        Connection c = connection("auth0");
        String clientId = client();
        String grantId = grant(client());
        organizationStore().addMembership(org.id(), user, List.of(role.id()));
        organizationStore().addConnection(enabled(org, c));
        organizationStore().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));
        organizationStore().addClientGrant(org.id(), grantId);

        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(role.id());
        assertThat(organizationStore().memberRoles(org.id(), user)).isEmpty();
        users.delete(user);
        assertThat(organizationStore().countMembers(org.id())).isZero();
        new JdbcConnectionStore(jdbi(), Clock.systemUTC()).delete(c.id());
        assertThat(organizationStore().connections(org.id())).isEmpty();
        new JdbcClientStore(jdbi(), Clock.systemUTC()).delete(clientId);
        assertThat(organizationStore().countClients(org.id())).isZero();
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).delete(grantId);
        assertThat(organizationStore().hasClientGrant(org.id(), grantId)).isFalse();
    }

    @Test
    default void deletingAnOrganizationRemovesEverythingAttachedAndKeepsUsers() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String user = users.create();
        Role orgRole = role(Optional.of(org.id()));
        String clientId = client();
        organizationStore().addConnection(enabled(org, connection("auth0")));
        organizationStore().addMembership(org.id(), user, List.of(orgRole.id()));
        organizationStore().createInvitation(invitation(org, clientId, List.of()));
        organizationStore().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), org.id(), Ids.alnum(8).toLowerCase() + ".com",
                DiscoveryDomain.VERIFIED, true, "txt", "host"));
        organizationStore().addClientGrant(org.id(), grant(clientId));
        organizationStore().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));

        assertThat(organizationStore().delete(org.id())).isTrue();
        assertThat(organizationStore().delete(org.id())).isFalse();
        long left = jdbi().withHandle(h -> h.createQuery("select "
                + "(select count(*) from organization_members where organization_id = :o) + "
                + "(select count(*) from organization_member_roles where organization_id = :o) + "
                + "(select count(*) from organization_invitations where organization_id = :o) + "
                + "(select count(*) from organization_connections where organization_id = :o) + "
                + "(select count(*) from organization_client_grants where organization_id = :o) + "
                + "(select count(*) from organization_clients where organization_id = :o) + "
                + "(select count(*) from organization_discovery_domains where organization_id = :o) + "
                + "(select count(*) from roles where owner_key = :o)").bind("o", org.id()).mapTo(Long.class).one());
        assertThat(left).isZero();
        long kept = jdbi().withHandle(h -> h.createQuery("select count(*) from users where user_id = :u")
                .bind("u", user).mapTo(Long.class).one());
        assertThat(kept).isEqualTo(1);
    }

    @Test
    default void invitationIsFoundByTicketAndAcceptedOnce() {
        Organization org = createdOrg();
        String user = new TestUsers(jdbi()).create();
        Role role = role(Optional.empty());
        Role gone = role(Optional.empty());
        Invitation inv = invitation(org, client(), List.of(role.id(), gone.id()));
        organizationStore().createInvitation(inv);
        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(gone.id());
        assertThat(organizationStore().invitationByTicket(inv.ticketId())).contains(inv);
        assertThat(organizationStore().invitation(org.id(), inv.id())).contains(inv);
        assertThat(organizationStore().countInvitations(org.id())).isEqualTo(1);

        assertThat(organizationStore().acceptInvitation(inv.id(), user)).isTrue();
        assertThat(organizationStore().acceptInvitation(inv.id(), user)).isFalse();
        assertThat(organizationStore().isMember(org.id(), user)).isTrue();
        assertThat(organizationStore().memberRoles(org.id(), user)).containsExactly(role);
        assertThat(organizationStore().invitationByTicket(inv.ticketId())).isEmpty();
    }

    /** O77: accepting verifies the invited email in the same transaction; another user's email is left alone. */
    @Test
    default void acceptingAnInvitationVerifiesTheInvitedEmailOnly() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String invited = users.create("someone@example.com", "someone", "https://example.com/s.png");
        String other = users.create();
        Invitation first = invitation(org, client(), List.of());
        Invitation second = invitation(org, client(), List.of());
        organizationStore().createInvitation(first);
        organizationStore().createInvitation(second);
        assertThat(organizationStore().acceptInvitation(first.id(), invited)).isTrue();
        assertThat(organizationStore().acceptInvitation(second.id(), other)).isTrue();
        java.util.function.Function<String, Boolean> verified = id -> jdbi().withHandle(h -> h.createQuery(
                "select doc from users where user_id = :u").bind("u", id).mapTo(String.class).one()).contains("\"email_verified\":true");
        assertThat(verified.apply(invited)).isTrue();
        assertThat(verified.apply(other)).isFalse();
    }

    @Test
    default void O126_O127_O128_discoveryDomainsAreUniquePerOrganizationAndOnlyVerifiedOnesAreDiscoverable() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        String domain = Ids.alnum(10).toLowerCase() + ".example";
        DiscoveryDomain da = new DiscoveryDomain(Ids.prefixed("ord_", 22), a.id(), domain, DiscoveryDomain.PENDING, true, "t", "h");
        organizationStore().createDomain(da);
        assertThatThrownBy(() -> organizationStore().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), a.id(), domain,
                DiscoveryDomain.PENDING, true, "t", "h"))).isInstanceOf(AlreadyExistsException.class);
        DiscoveryDomain db = new DiscoveryDomain(Ids.prefixed("ord_", 22), b.id(), domain, DiscoveryDomain.VERIFIED, false, "t", "h");
        organizationStore().createDomain(db);
        assertThat(organizationStore().discoverableDomains(domain.toUpperCase())).isEmpty();

        organizationStore().updateDomain(da.with(DiscoveryDomain.VERIFIED, true));
        assertThat(organizationStore().discoverableDomains(domain)).extracting(DiscoveryDomain::organizationId).containsExactly(a.id());
        assertThat(organizationStore().domainByName(a.id(), domain.toUpperCase())).isPresent();
        assertThat(organizationStore().deleteDomain(a.id(), da.id())).isTrue();
        assertThat(organizationStore().domain(a.id(), da.id())).isEmpty();
    }

    @Test
    default void clientGrantAndClientAssociations() {
        Organization org = createdOrg();
        String clientId = client();
        String grantId = grant(clientId);
        organizationStore().addClientGrant(org.id(), grantId);
        assertThatThrownBy(() -> organizationStore().addClientGrant(org.id(), grantId)).isInstanceOf(AlreadyExistsException.class);
        assertThat(organizationStore().clientGrantIds(org.id())).containsExactly(grantId);
        assertThat(organizationStore().organizationsOfGrant(grantId, 0, 10)).extracting(Organization::id).containsExactly(org.id());
        assertThat(organizationStore().removeClientGrant(org.id(), grantId)).isTrue();
        assertThat(organizationStore().hasClientGrant(org.id(), grantId)).isFalse();

        OrganizationClient assoc = new OrganizationClient(org.id(), clientId, false);
        organizationStore().addClients(List.of(assoc));
        assertThatThrownBy(() -> organizationStore().addClients(List.of(assoc))).isInstanceOf(AlreadyExistsException.class);
        organizationStore().updateClient(new OrganizationClient(org.id(), clientId, true));
        assertThat(organizationStore().client(org.id(), clientId).map(OrganizationClient::useForMemberAccess)).contains(true);
        assertThat(organizationStore().associationsOf(clientId, List.of(org.id(), "org_other"))).containsOnlyKeys(org.id());
        organizationStore().removeClients(org.id(), List.of(clientId, clientId));
        assertThat(organizationStore().countClients(org.id())).isZero();
    }

    @Test
    default void listPagesAndSorts() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        long total = organizationStore().count();
        List<Organization> byName = organizationStore().list(OrganizationStore.Sort.NAME, true, 0, (int) total);
        assertThat(byName).extracting(Organization::name).isSorted();
        assertThat(byName).extracting(Organization::id).contains(a.id(), b.id());
        List<Organization> desc = organizationStore().list(OrganizationStore.Sort.CREATED_AT, false, 0, 1);
        assertThat(desc).hasSize(1);
        assertThat(organizationStore().list(OrganizationStore.Sort.DISPLAY_NAME, true, 0, (int) total)).hasSize((int) total);
    }
}
