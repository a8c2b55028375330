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
import dev.atrium.organizations.AccessLevel;
import dev.atrium.organizations.DiscoveryDomainStore;
import dev.atrium.organizations.OrganizationApplicationStore;
import dev.atrium.organizations.OrganizationConnectionStore;
import dev.atrium.organizations.OrganizationMemberStore;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.roles.Role;
import dev.atrium.support.TestClock;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of the organization stores ({@link OrganizationStore} and its sub-resource stores), run against each database by a class supplying a
 * migrated {@link #jdbi()}. Tests share the database: every name is unique and no test assumes
 * empty tables.
 */
public interface OrganizationStoreContract {
    Jdbi jdbi();

    default OrganizationStore organizationStore() {
        return new JdbcOrganizationStore(jdbi(), Clock.systemUTC());
    }

    default OrganizationMemberStore memberStore() {
        return new JdbcOrganizationMemberStore(jdbi(), Clock.systemUTC());
    }

    default OrganizationConnectionStore orgConnectionStore() {
        return new JdbcOrganizationConnectionStore(jdbi(), Clock.systemUTC());
    }

    default DiscoveryDomainStore domainStore() {
        return new JdbcDiscoveryDomainStore(jdbi(), Clock.systemUTC());
    }

    default OrganizationApplicationStore applicationStore() {
        return new JdbcOrganizationApplicationStore(jdbi(), Clock.systemUTC());
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
        assertThat(orgConnectionStore().connections(org.id())).containsExactly(enabled(org, c));
        OrganizationConnection disabled = new OrganizationConnection(org.id(), c.id(), false, false, false, c.name(),
                c.strategy(), false, Optional.of("Staff"), Optional.of(AccessLevel.READONLY));
        assertThat(orgConnectionStore().updateConnection(org.id(), c.id(), current -> disabled)).contains(disabled);
        assertThat(orgConnectionStore().connection(org.id(), c.id())).contains(disabled);
        assertThat(organizationStore().find("org_" + Ids.alnum(16))).isEmpty();
    }

    @Test
    default void O45_theConnectionsSomeOrganizationEnablesAreListedOnceAndOnlyWhileEnabled() {
        Connection shared = connection("samlp");
        Connection switchedOff = connection("samlp");
        Connection unused = connection("samlp");
        Organization a = newOrg();
        Organization b = newOrg();
        organizationStore().create(a, List.of(enabled(a, shared)));
        OrganizationConnection hidden = new OrganizationConnection(b.id(), shared.id(), false, false, false, shared.name(),
                shared.strategy());
        organizationStore().create(b, List.of(hidden, enabled(b, switchedOff)));
        orgConnectionStore().updateConnection(b.id(), switchedOff.id(), c -> new OrganizationConnection(b.id(), switchedOff.id(),
                false, true, false, switchedOff.name(), switchedOff.strategy(), false, Optional.empty(), Optional.empty()));
        List<String> listed = orgConnectionStore().connectionsEnabledInAnOrganization();
        assertThat(listed).filteredOn(shared.id()::equals).hasSize(1);
        assertThat(listed).doesNotContain(switchedOff.id(), unused.id());
        orgConnectionStore().updateConnection(b.id(), switchedOff.id(), c -> enabled(b, switchedOff));
        assertThat(orgConnectionStore().connectionsEnabledInAnOrganization()).contains(switchedOff.id());
        orgConnectionStore().removeConnection(b.id(), switchedOff.id());
        assertThat(orgConnectionStore().connectionsEnabledInAnOrganization()).doesNotContain(switchedOff.id());
    }

    @Test
    default void O2_nameIsUniqueOnCreateAndRename() {
        Organization a = createdOrg();
        Organization b = createdOrg();
        Organization clash = new Organization(Ids.prefixed("org_", 16), a.name(), Json.object(), Instant.now());
        assertThatThrownBy(() -> organizationStore().create(clash, List.of())).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> organizationStore().update(b.id(), o -> o.with(a.name(), o.doc())))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(organizationStore().find(b.id())).contains(b);
    }

    @Test
    default void O3_freedNameIsReusable() {
        Organization a = createdOrg();
        String old = a.name();
        assertThat(organizationStore().update(a.id(), o -> o.with(old + "-renamed", o.doc())).map(Organization::name))
                .contains(old + "-renamed");
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

    /** V285: a membership's copy of its user's email, name and picture follows every change of the user. */
    @Test
    default void membersShowTheirUsersCurrentEmailNameAndPicture() {
        Organization org = createdOrg();
        Organization other = createdOrg();
        TestUsers testUsers = new TestUsers(jdbi());
        String ann = testUsers.create("ann-" + Ids.alnum(8).toLowerCase() + "@example.com", "Ann", "https://img.example/ann.png");
        String bob = testUsers.create();
        JdbcUserStore users = new JdbcUserStore(jdbi(), Clock.systemUTC());
        memberStore().addMembers(org.id(), List.of(ann, bob));
        memberStore().addMembership(other.id(), ann, List.of());
        Member bobBefore = member(org.id(), bob);
        assertThat(member(org.id(), ann).name()).contains("Ann");
        assertThat(member(org.id(), ann).picture()).contains("https://img.example/ann.png");

        String newEmail = "ann-" + Ids.alnum(8).toLowerCase() + "@example.org";
        users.update(ann, u -> u.withDoc(u.doc().deepCopy().put("email", newEmail).put("name", "Ann B")
                .put("picture", "https://img.example/ann-2.png")));
        for (String o : List.of(org.id(), other.id())) {
            assertThat(member(o, ann)).isEqualTo(new Member(ann, Optional.of(newEmail), Optional.of("Ann B"),
                    Optional.of("https://img.example/ann-2.png")));
        }
        assertThat(member(org.id(), bob)).as("another member's copy is left alone").isEqualTo(bobBefore);

        users.update(ann, u -> {
            ObjectNode doc = u.doc().deepCopy();
            doc.remove("picture");
            return u.withDoc(doc);
        });
        assertThat(member(other.id(), ann).picture()).isEmpty();
        // a membership added after the change starts from the user's current fields
        Organization third = createdOrg();
        memberStore().addMembers(third.id(), List.of(ann));
        assertThat(member(third.id(), ann)).isEqualTo(member(org.id(), ann));
    }

    /**
     * V285: adding a membership waits for a change of the user that is under way and then copies what it wrote, so
     * the new membership cannot keep the fields from before the change.
     */
    @Test
    default void aMembershipAddedDuringAChangeOfItsUserCopiesTheChange() throws Exception {
        Organization org = createdOrg();
        String ann = new TestUsers(jdbi()).create("ann-" + Ids.alnum(8).toLowerCase() + "@example.com", "Ann", null);
        JdbcUserStore users = new JdbcUserStore(jdbi(), Clock.systemUTC());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> change = pool.submit(() -> users.update(ann, u -> {
                locked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return u.withDoc(u.doc().deepCopy().put("name", "Ann Changed"));
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> add = pool.submit(() -> memberStore().addMembers(org.id(), List.of(ann)));
            Thread.sleep(300);
            assertThat(add.isDone()).as("the addition waits for the user's row").isFalse();
            release.countDown();
            change.get(10, TimeUnit.SECONDS);
            add.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(member(org.id(), ann).name()).contains("Ann Changed");
    }

    private Member member(String organizationId, String userId) {
        return memberStore().members(organizationId, 0, 100).stream().filter(m -> m.userId().equals(userId)).findFirst()
                .orElseThrow();
    }

    @Test
    default void membersAndTheirRoles() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String u1 = users.create();
        String u2 = users.create();
        memberStore().addMembers(org.id(), List.of(u1, u2, u1));
        memberStore().addMembers(org.id(), List.of(u1));
        assertThat(memberStore().countMembers(org.id())).isEqualTo(2);
        assertThat(memberStore().members(org.id(), 0, 10)).extracting(Member::userId).containsExactlyInAnyOrder(u1, u2);
        assertThat(memberStore().isMember(org.id(), u1)).isTrue();
        assertThat(memberStore().organizationsOf(u1, 0, 10)).extracting(Organization::id).containsExactly(org.id());

        Role tenantRole = role(Optional.empty());
        Role orgRole = role(Optional.of(org.id()));
        memberStore().assignRoles(org.id(), u1, List.of(tenantRole.id(), orgRole.id()));
        assertThat(memberStore().memberRoles(org.id(), u1)).containsExactlyInAnyOrder(tenantRole, orgRole);
        assertThat(memberStore().memberRoles(org.id(), List.of(u1, u2))).containsOnlyKeys(u1);
        memberStore().unassignRoles(org.id(), u1, List.of(tenantRole.id()));
        assertThat(memberStore().memberRoles(org.id(), u1)).containsExactly(orgRole);

        memberStore().removeMembers(org.id(), List.of(u1));
        assertThat(memberStore().isMember(org.id(), u1)).isFalse();
        assertThat(memberStore().memberRoles(org.id(), u1)).isEmpty();
    }

    @Test
    default void O47_membershipsComeInJoinOrderNotNameOrder() {
        TestClock clock = new TestClock();
        OrganizationStore store = new JdbcOrganizationStore(jdbi(), clock);
        OrganizationMemberStore members = new JdbcOrganizationMemberStore(jdbi(), clock);
        String user = new TestUsers(jdbi()).create();
        Organization zed = newOrg();
        store.create(new Organization(zed.id(), "zz-" + zed.name(), zed.doc(), zed.createdAt()), List.of());
        Organization abc = newOrg();
        store.create(new Organization(abc.id(), "aa-" + abc.name(), abc.doc(), abc.createdAt()), List.of());
        members.addMembers(zed.id(), List.of(user));
        clock.advance(Duration.ofSeconds(1));
        members.addMembers(abc.id(), List.of(user));
        assertThat(members.membershipsInJoinOrder(user, 10)).containsExactly(zed.id(), abc.id());
        assertThat(members.membershipsInJoinOrder(user, 1)).containsExactly(zed.id());
        assertThat(members.organizationsOf(user, 0, 10)).extracting(Organization::id).containsExactly(abc.id(), zed.id());
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
        memberStore().addMembership(org.id(), user, List.of(role.id()));
        orgConnectionStore().addConnection(enabled(org, c));
        applicationStore().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));
        applicationStore().addClientGrant(org.id(), grantId);

        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(role.id());
        assertThat(memberStore().memberRoles(org.id(), user)).isEmpty();
        users.delete(user);
        assertThat(memberStore().countMembers(org.id())).isZero();
        new JdbcConnectionStore(jdbi(), Clock.systemUTC()).delete(c.id());
        assertThat(orgConnectionStore().connections(org.id())).isEmpty();
        new JdbcClientStore(jdbi(), Clock.systemUTC()).delete(clientId);
        assertThat(applicationStore().countClients(org.id())).isZero();
        new JdbcClientGrantStore(jdbi(), Clock.systemUTC()).delete(grantId);
        assertThat(applicationStore().hasClientGrant(org.id(), grantId)).isFalse();
    }

    @Test
    default void deletingAnOrganizationRemovesEverythingAttachedAndKeepsUsers() {
        Organization org = createdOrg();
        TestUsers users = new TestUsers(jdbi());
        String user = users.create();
        Role orgRole = role(Optional.of(org.id()));
        String clientId = client();
        orgConnectionStore().addConnection(enabled(org, connection("auth0")));
        memberStore().addMembership(org.id(), user, List.of(orgRole.id()));
        memberStore().createInvitation(invitation(org, clientId, List.of()));
        domainStore().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), org.id(), Ids.alnum(8).toLowerCase() + ".com",
                DiscoveryDomain.VERIFIED, true, "txt", "host"));
        applicationStore().addClientGrant(org.id(), grant(clientId));
        applicationStore().addClients(List.of(new OrganizationClient(org.id(), clientId, true)));

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
        memberStore().createInvitation(inv);
        new JdbcRoleStore(jdbi(), Clock.systemUTC()).delete(gone.id());
        assertThat(memberStore().invitationByTicket(inv.ticketId())).contains(inv);
        assertThat(memberStore().invitation(org.id(), inv.id())).contains(inv);
        assertThat(memberStore().countInvitations(org.id())).isEqualTo(1);

        assertThat(memberStore().acceptInvitation(inv.id(), user)).isTrue();
        assertThat(memberStore().acceptInvitation(inv.id(), user)).isFalse();
        assertThat(memberStore().isMember(org.id(), user)).isTrue();
        assertThat(memberStore().memberRoles(org.id(), user)).containsExactly(role);
        assertThat(memberStore().invitationByTicket(inv.ticketId())).isEmpty();
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
        memberStore().createInvitation(first);
        memberStore().createInvitation(second);
        assertThat(memberStore().acceptInvitation(first.id(), invited)).isTrue();
        assertThat(memberStore().acceptInvitation(second.id(), other)).isTrue();
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
        domainStore().createDomain(da);
        assertThatThrownBy(() -> domainStore().createDomain(new DiscoveryDomain(Ids.prefixed("ord_", 22), a.id(), domain,
                DiscoveryDomain.PENDING, true, "t", "h"))).isInstanceOf(AlreadyExistsException.class);
        DiscoveryDomain db = new DiscoveryDomain(Ids.prefixed("ord_", 22), b.id(), domain, DiscoveryDomain.VERIFIED, false, "t", "h");
        domainStore().createDomain(db);
        assertThat(domainStore().discoverableDomains(domain.toUpperCase())).isEmpty();

        domainStore().updateDomain(a.id(), da.id(), d -> d.with(DiscoveryDomain.VERIFIED, true));
        assertThat(domainStore().discoverableDomains(domain)).extracting(DiscoveryDomain::organizationId).containsExactly(a.id());
        assertThat(domainStore().domainByName(a.id(), domain.toUpperCase())).isPresent();
        assertThat(domainStore().deleteDomain(a.id(), da.id())).isTrue();
        assertThat(domainStore().domain(a.id(), da.id())).isEmpty();
    }

    @Test
    default void clientGrantAndClientAssociations() {
        Organization org = createdOrg();
        String clientId = client();
        String grantId = grant(clientId);
        applicationStore().addClientGrant(org.id(), grantId);
        assertThatThrownBy(() -> applicationStore().addClientGrant(org.id(), grantId)).isInstanceOf(AlreadyExistsException.class);
        assertThat(applicationStore().clientGrantIds(org.id())).containsExactly(grantId);
        assertThat(applicationStore().organizationsOfGrant(grantId, 0, 10)).extracting(Organization::id).containsExactly(org.id());
        assertThat(applicationStore().removeClientGrant(org.id(), grantId)).isTrue();
        assertThat(applicationStore().hasClientGrant(org.id(), grantId)).isFalse();

        OrganizationClient assoc = new OrganizationClient(org.id(), clientId, false);
        applicationStore().addClients(List.of(assoc));
        assertThatThrownBy(() -> applicationStore().addClients(List.of(assoc))).isInstanceOf(AlreadyExistsException.class);
        applicationStore().updateClient(new OrganizationClient(org.id(), clientId, true));
        assertThat(applicationStore().client(org.id(), clientId).map(OrganizationClient::useForMemberAccess)).contains(true);
        assertThat(applicationStore().associationsOf(clientId, List.of(org.id(), "org_other"))).containsOnlyKeys(org.id());
        applicationStore().removeClients(org.id(), List.of(clientId, clientId));
        assertThat(applicationStore().countClients(org.id())).isZero();
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

    /**
     * Several writers change different properties of one organization at once, each through
     * {@code update(id, change)}: every change survives, none overwrites another's (two PATCHes of
     * different fields used to read the same old document and write back over each other).
     */
    @Test
    default void concurrentUpdatesOfDifferentFieldsAllSurvive() throws Exception {
        Organization org = createdOrg();
        int writers = 8;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String field = "field_" + w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 1; round <= rounds; round++) {
                        String value = String.valueOf(round);
                        organizationStore().update(org.id(), o -> {
                            ObjectNode doc = o.doc();
                            ObjectNode metadata = doc.has("metadata") ? (ObjectNode) doc.get("metadata") : Json.object();
                            metadata.put(field, value);
                            doc.set("metadata", metadata);
                            return o.with(o.name(), doc);
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        ObjectNode metadata = (ObjectNode) organizationStore().find(org.id()).orElseThrow().doc().get("metadata");
        for (int w = 0; w < writers; w++) {
            assertThat(Json.text(metadata, "field_" + w, null)).as("field_" + w).isEqualTo(String.valueOf(rounds));
        }
        assertThat(metadata.size()).isEqualTo(writers);
    }

    @Test
    default void concurrentConnectionFlagChangesAllSurvive() throws Exception {
        Organization org = createdOrg();
        Connection c = connection("auth0");
        orgConnectionStore().addConnection(new OrganizationConnection(org.id(), c.id(), false, false, false, c.name(), c.strategy()));
        List<java.util.function.UnaryOperator<OrganizationConnection>> changes = List.of(
                x -> new OrganizationConnection(x.organizationId(), x.connectionId(), true, x.showAsButton(), x.isSignupEnabled(),
                        x.connectionName(), x.strategy(), x.isEnabled(), x.organizationConnectionName(), x.organizationAccessLevel()),
                x -> new OrganizationConnection(x.organizationId(), x.connectionId(), x.assignMembershipOnLogin(), true,
                        x.isSignupEnabled(), x.connectionName(), x.strategy(), x.isEnabled(), x.organizationConnectionName(),
                        x.organizationAccessLevel()),
                x -> new OrganizationConnection(x.organizationId(), x.connectionId(), x.assignMembershipOnLogin(), x.showAsButton(),
                        x.isSignupEnabled(), x.connectionName(), x.strategy(), x.isEnabled(), Optional.of("Staff"),
                        x.organizationAccessLevel()),
                x -> new OrganizationConnection(x.organizationId(), x.connectionId(), x.assignMembershipOnLogin(), x.showAsButton(),
                        x.isSignupEnabled(), x.connectionName(), x.strategy(), x.isEnabled(), x.organizationConnectionName(),
                        Optional.of(AccessLevel.FULL)));
        ExecutorService pool = Executors.newFixedThreadPool(changes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (var change : changes) {
                done.add(pool.submit(() -> {
                    start.await();
                    return orgConnectionStore().updateConnection(org.id(), c.id(), change);
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        OrganizationConnection after = orgConnectionStore().connection(org.id(), c.id()).orElseThrow();
        assertThat(after.assignMembershipOnLogin()).isTrue();
        assertThat(after.showAsButton()).isTrue();
        assertThat(after.organizationConnectionName()).contains("Staff");
        assertThat(after.organizationAccessLevel()).contains(AccessLevel.FULL);
    }

    @Test
    default void updateOfAMissingOrganizationWritesNothingAndAFailedChangeRollsBack() {
        assertThat(organizationStore().update("org_" + Ids.alnum(16), o -> o)).isEmpty();
        Organization org = createdOrg();
        assertThatThrownBy(() -> organizationStore().update(org.id(), o -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(organizationStore().find(org.id())).contains(org);
    }
}
