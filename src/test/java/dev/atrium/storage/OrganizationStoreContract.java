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
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
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

    default OrganizationStore store() {
        return new JdbcOrganizationStore(jdbi(), Clock.systemUTC());
    }

    default Organization newOrg() {
        String name = "org-" + Ids.alnum(12).toLowerCase();
        return new Organization(Ids.prefixed("org_", 16), name, Json.object().put("display_name", "Org " + name)
                .put("third_party_client_access", "block"), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    default Organization createdOrg() {
        Organization org = newOrg();
        store().create(org, List.of());
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
        store().create(org, List.of(enabled(org, c)));
        assertThat(store().find(org.id())).contains(org);
        assertThat(store().findByName(org.name())).contains(org);
        assertThat(store().connections(org.id())).containsExactly(enabled(org, c));
        OrganizationConnection disabled = new OrganizationConnection(org.id(), c.id(), false, false, false, c.name(),
                c.strategy(), false, Optional.of("Staff"), Optional.of("readonly"));
        assertThat(store().updateConnection(disabled)).isTrue();
        assertThat(store().connection(org.id(), c.id())).contains(disabled);
        assertThat(store().find("org_" + Ids.alnum(16))).isEmpty();
    }

    @Test
    default void O2_nameIsUniqueOnCreateAndRename() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        Organization clash = new Organization(Ids.prefixed("org_", 16), a.name(), Json.object(), Instant.now());
        assertThatThrownBy(() -> store().create(clash, List.of())).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store().update(b.with(a.name(), b.doc()))).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void O3_freedNameIsReusable() {
        Organization a = createdOrg();
        String old = a.name();
        assertThat(store().update(a.with(old + "-renamed", a.doc()))).isTrue();
        Organization b = new Organization(Ids.prefixed("org_", 16), old, Json.object(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        store().create(b, List.of());
        assertThat(store().findByName(old).map(Organization::id)).contains(b.id());
    }

    @Test
    default void failedCreateLeavesNoOrganizationBehind() {
        Organization org = newOrg();
        OrganizationConnection missing = new OrganizationConnection(org.id(), "con_" + Ids.alnum(16), false, true, false, "x", "auth0");
        assertThatThrownBy(() -> store().create(org, List.of(missing))).isInstanceOf(RuntimeException.class);
        assertThat(store().find(org.id())).isEmpty();
    }

    @Test
    default void membersAndTheirRoles() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String u1 = users.create();
        String u2 = users.create();
        store().addMembers(org.id(), List.of(u1, u2, u1));
        store().addMembers(org.id(), List.of(u1));
        assertThat(store().countMembers(org.id())).isEqualTo(2);
        assertThat(store().members(org.id(), 0, 10)).extracting(Member::userId).containsExactlyInAnyOrder(u1, u2);
        assertThat(store().isMember(org.id(), u1)).isTrue();
        assertThat(store().organizationsOf(u1, 0, 10)).extracting(Organization::id).containsExactly(org.id());

        Role tenantRole = role(Optional.empty());
        Role orgRole = role(Optional.of(org.id()));
        store().assignRoles(org.id(), u1, List.of(tenantRole.id(), orgRole.id()));
        assertThat(store().memberRoles(org.id(), u1)).containsExactlyInAnyOrder(tenantRole, orgRole);
        assertThat(store().memberRoles(org.id(), List.of(u1, u2))).containsOnlyKeys(u1);
        store().unassignRoles(org.id(), u1, List.of(tenantRole.id()));
        assertThat(store().memberRoles(org.id(), u1)).containsExactly(orgRole);

        store().removeMembers(org.id(), List.of(u1));
        assertThat(store().isMember(org.id(), u1)).isFalse();
        assertThat(store().memberRoles(org.id(), u1)).isEmpty();
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
        store().addMembership(org.id(), user, List.of(role.id()));
        store().addConnection(enabled(org, c));
        store().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));
        store().addClientGrant(org.id(), grantId);

        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(role.id());
        assertThat(store().memberRoles(org.id(), user)).isEmpty();
        users.delete(user);
        assertThat(store().countMembers(org.id())).isZero();
        new JdbcConnectionStore(jdbi(), Clock.systemUTC()).delete(c.id());
        assertThat(store().connections(org.id())).isEmpty();
        new JdbcClientStore(jdbi(), Clock.systemUTC()).delete(clientId);
        assertThat(store().countClients(org.id())).isZero();
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).delete(grantId);
        assertThat(store().hasClientGrant(org.id(), grantId)).isFalse();
    }

    @Test
    default void deletingAnOrganizationRemovesEverythingAttachedAndKeepsUsers() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String user = users.create();
        Role orgRole = role(Optional.of(org.id()));
        String clientId = client();
        store().addConnection(enabled(org, connection("auth0")));
        store().addMembership(org.id(), user, List.of(orgRole.id()));
        store().createInvitation(invitation(org, clientId, List.of()));
        store().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), org.id(), Ids.alnum(8).toLowerCase() + ".com",
                DiscoveryDomain.VERIFIED, true, "txt", "host"));
        store().addClientGrant(org.id(), grant(clientId));
        store().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));

        assertThat(store().delete(org.id())).isTrue();
        assertThat(store().delete(org.id())).isFalse();
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
        store().createInvitation(inv);
        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(gone.id());
        assertThat(store().invitationByTicket(inv.ticketId())).contains(inv);
        assertThat(store().invitation(org.id(), inv.id())).contains(inv);
        assertThat(store().countInvitations(org.id())).isEqualTo(1);

        assertThat(store().acceptInvitation(inv.id(), user)).isTrue();
        assertThat(store().acceptInvitation(inv.id(), user)).isFalse();
        assertThat(store().isMember(org.id(), user)).isTrue();
        assertThat(store().memberRoles(org.id(), user)).containsExactly(role);
        assertThat(store().invitationByTicket(inv.ticketId())).isEmpty();
    }

    @Test
    default void O126_O127_O128_discoveryDomainsAreUniquePerOrganizationAndOnlyVerifiedOnesAreDiscoverable() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        String domain = Ids.alnum(10).toLowerCase() + ".example";
        DiscoveryDomain da = new DiscoveryDomain(Ids.prefixed("ord_", 22), a.id(), domain, DiscoveryDomain.PENDING, true, "t", "h");
        store().createDomain(da);
        assertThatThrownBy(() -> store().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), a.id(), domain,
                DiscoveryDomain.PENDING, true, "t", "h"))).isInstanceOf(AlreadyExistsException.class);
        DiscoveryDomain db = new DiscoveryDomain(Ids.prefixed("ord_", 22), b.id(), domain, DiscoveryDomain.VERIFIED, false, "t", "h");
        store().createDomain(db);
        assertThat(store().discoverableDomains(domain.toUpperCase())).isEmpty();

        store().updateDomain(da.with(DiscoveryDomain.VERIFIED, true));
        assertThat(store().discoverableDomains(domain)).extracting(DiscoveryDomain::organizationId).containsExactly(a.id());
        assertThat(store().domainByName(a.id(), domain.toUpperCase())).isPresent();
        assertThat(store().deleteDomain(a.id(), da.id())).isTrue();
        assertThat(store().domain(a.id(), da.id())).isEmpty();
    }

    @Test
    default void clientGrantAndClientAssociations() {
        Organization org = createdOrg();
        String clientId = client();
        String grantId = grant(clientId);
        store().addClientGrant(org.id(), grantId);
        assertThatThrownBy(() -> store().addClientGrant(org.id(), grantId)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store().clientGrantIds(org.id())).containsExactly(grantId);
        assertThat(store().organizationsOfGrant(grantId, 0, 10)).extracting(Organization::id).containsExactly(org.id());
        assertThat(store().removeClientGrant(org.id(), grantId)).isTrue();
        assertThat(store().hasClientGrant(org.id(), grantId)).isFalse();

        OrganizationClient assoc = new OrganizationClient(org.id(), clientId, false);
        store().addClients(List.of(assoc));
        assertThatThrownBy(() -> store().addClients(List.of(assoc))).isInstanceOf(AlreadyExistsException.class);
        store().updateClient(new OrganizationClient(org.id(), clientId, true));
        assertThat(store().client(org.id(), clientId).map(OrganizationClient::useForMemberAccess)).contains(true);
        assertThat(store().associationsOf(clientId, List.of(org.id(), "org_other"))).containsOnlyKeys(org.id());
        store().removeClients(org.id(), List.of(clientId, clientId));
        assertThat(store().countClients(org.id())).isZero();
    }

    @Test
    default void listPagesAndSorts() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        long total = store().count();
        List<Organization> byName = store().list(OrganizationStore.Sort.NAME, true, 0, (int) total);
        assertThat(byName).extracting(Organization::name).isSorted();
        assertThat(byName).extracting(Organization::id).contains(a.id(), b.id());
        List<Organization> desc = store().list(OrganizationStore.Sort.CREATED_AT, false, 0, 1);
        assertThat(desc).hasSize(1);
        assertThat(store().list(OrganizationStore.Sort.DISPLAY_NAME, true, 0, (int) total)).hasSize((int) total);
    }
}
