package dev.atrium.oauth;

import dev.atrium.access.AccessDecision;
import dev.atrium.access.AccessRequest;
import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.connections.Connection;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.NewInvitation;
import dev.atrium.organizations.Organization;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcClientStore;
import dev.atrium.storage.JdbcConnectionStore;
import dev.atrium.storage.JdbcRoleStore;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.support.TestOrganizations;
import dev.atrium.users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.atrium.support.TestRecords.databaseConnection;
import static dev.atrium.support.TestRecords.domainConnection;
import static dev.atrium.support.TestRecords.email;
import static dev.atrium.support.TestRecords.strictThirdParty;
import static dev.atrium.support.TestRecords.user;
import static dev.atrium.support.TestRecords.webApp;
import static dev.atrium.support.TestRecords.withOrganizations;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessRequestLoader} over H2 stores, without HTTP: the stored applications, connections,
 * users, organizations, memberships and invitations it reads reach the three entry points of
 * {@code access} as the rules expect.
 */
class AccessRequestLoaderTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static Database db;
    private static JdbcClientStore clients;
    private static JdbcConnectionStore connections;
    private static JdbcUserStore users;
    private static TestOrganizations orgs;
    private static StoreOrganizationDirectory directory;
    private static AccessRequestLoader loader;

    @BeforeAll
    static void open() {
        db = new Database("jdbc:h2:mem:access-loader-" + UUID.randomUUID(), "", "");
        db.migrate();
        clients = new JdbcClientStore(db.jdbi(), CLOCK);
        connections = new JdbcConnectionStore(db.jdbi(), CLOCK);
        users = new JdbcUserStore(db.jdbi(), CLOCK);
        orgs = new TestOrganizations(db.jdbi(), CLOCK, host -> List.of());
        directory = new StoreOrganizationDirectory(orgs.organizations, new dev.atrium.storage.JdbcOrganizationStore(db.jdbi(), CLOCK), new dev.atrium.storage.JdbcOrganizationConnectionStore(db.jdbi(), CLOCK), new JdbcRoleStore(db.jdbi(), CLOCK));
        loader = new AccessRequestLoader(connections, directory, users);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Client stored(Client client) {
        ObjectNode doc = client.doc();
        doc.put("initiate_login_uri", "https://app.example.com/login");
        Client withLogin = client.withDoc(doc);
        clients.create(withLogin);
        return withLogin;
    }

    private static Connection stored(Connection connection, Client... enabledFor) {
        connections.create(connection);
        for (Client c : enabledFor) {
            connections.setClientEnabled(connection.id(), c.clientId(), true);
        }
        return connection;
    }

    private static User storedUser(Connection connection) {
        User u = user(connection, email("member"));
        users.create(u);
        return u;
    }

    private static Organization organization(Connection connection, boolean autoMembership) {
        Organization org = orgs.create();
        orgs.connections.addConnection(org, ConnectionEnablement.of(connection.id(), autoMembership, true, false));
        return org;
    }

    @Test
    void aMemberSigningInThroughAnEnabledConnectionIsAllowedIntoTheOrganization() {
        Client app = stored(withOrganizations(webApp(), OrganizationUsage.ALLOW, RequireBehavior.NO_PROMPT));
        Connection db = stored(databaseConnection(), app);
        User member = storedUser(db);
        Organization org = organization(db, false);
        orgs.members.addMembers(org, List.of(member.userId()));

        assertThat(loader.decide(app, member.userId(), db.id(), org.id(), false, null))
                .isEqualTo(new AccessDecision.Allow(Optional.of(org.id()), false));
        assertThat(loader.reaffirmation(app, member.userId(), db.id(), org.id())).isEmpty();
    }

    @Test
    void aNonMemberIsRefusedUnlessTheConnectionAssignsMembership() {
        Client app = stored(withOrganizations(webApp(), OrganizationUsage.ALLOW, RequireBehavior.NO_PROMPT));
        Connection plain = stored(databaseConnection(), app);
        Connection assigning = stored(databaseConnection(), app);
        User stranger = storedUser(plain);
        User newcomer = storedUser(assigning);
        Organization closed = organization(plain, false);
        Organization open = organization(assigning, true);

        AccessDecision refused = loader.decide(app, stranger.userId(), plain.id(), closed.id(), false, null);
        assertThat(refused).isInstanceOf(AccessDecision.Deny.class);
        assertThat(((AccessDecision.Deny) refused).reason()).isEqualTo(ReasonCode.NOT_A_MEMBER);
        assertThat(loader.reaffirmation(app, stranger.userId(), plain.id(), closed.id())).contains(ReasonCode.NOT_A_MEMBER);

        assertThat(loader.decide(app, newcomer.userId(), assigning.id(), open.id(), false, null))
                .isEqualTo(new AccessDecision.Allow(Optional.of(open.id()), true));
        // a sign-in that would still have to create the membership is not reaffirmed as it stands
        assertThat(loader.reaffirmation(app, newcomer.userId(), assigning.id(), open.id())).contains(ReasonCode.NOT_A_MEMBER);
    }

    @Test
    void withoutAnOrganizationTheConnectionMustBeEnabledForTheApplication() {
        Client app = stored(webApp());
        Connection enabled = stored(databaseConnection(), app);
        Connection other = stored(databaseConnection());
        User a = storedUser(enabled);
        User b = storedUser(other);

        assertThat(loader.decide(app, a.userId(), enabled.id(), null, false, null))
                .isEqualTo(new AccessDecision.Allow(Optional.empty(), false));
        AccessDecision d = loader.decide(app, b.userId(), other.id(), null, false, null);
        assertThat(d).isInstanceOf(AccessDecision.Deny.class);
        assertThat(((AccessDecision.Deny) d).reason()).isEqualTo(ReasonCode.CONNECTION_NOT_ENABLED_FOR_CLIENT);
    }

    @Test
    void thePostLoginPromptOffersEveryMembershipAndEntersTheOnlyOne() {
        Client app = stored(withOrganizations(webApp(), OrganizationUsage.REQUIRE, RequireBehavior.POST_LOGIN_PROMPT));
        Connection db = stored(databaseConnection(), app);
        User twice = storedUser(db);
        User once = storedUser(db);
        Organization first = organization(db, false);
        Organization second = organization(db, false);
        orgs.members.addMembers(first, List.of(twice.userId(), once.userId()));
        orgs.members.addMembers(second, List.of(twice.userId()));

        AccessDecision choose = loader.decide(app, twice.userId(), db.id(), null, false, null);
        assertThat(choose).isInstanceOf(AccessDecision.ChooseOrganization.class);
        assertThat(((AccessDecision.ChooseOrganization) choose).candidates()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(loader.decide(app, once.userId(), db.id(), null, false, null))
                .isEqualTo(new AccessDecision.Allow(Optional.of(first.id()), false));
    }

    @Test
    void anInvitationIsMatchedAgainstTheSignedInUsersEmail() {
        Client app = stored(withOrganizations(webApp(), OrganizationUsage.ALLOW, RequireBehavior.NO_PROMPT));
        Connection db = stored(databaseConnection(), app);
        User invitee = storedUser(db);
        User someoneElse = storedUser(db);
        Organization org = organization(db, false);
        Invitation invitation = orgs.members.createInvitation(org,
                NewInvitation.of("Admin", invitee.email().orElseThrow().toUpperCase(java.util.Locale.ROOT), app.clientId()));

        assertThat(loader.load(app, invitee.userId(), db.id(), org.id(), false, invitation.ticketId()).invitation())
                .as("compared without case").isEqualTo(AccessRequest.Invitation.MATCHING_EMAIL);
        assertThat(loader.load(app, someoneElse.userId(), db.id(), org.id(), false, invitation.ticketId()).invitation())
                .isEqualTo(AccessRequest.Invitation.OTHER_EMAIL);
        assertThat(loader.load(app, invitee.userId(), db.id(), org.id(), false, null).invitation())
                .isEqualTo(AccessRequest.Invitation.NONE);
        assertThat(loader.decide(app, invitee.userId(), db.id(), org.id(), false, invitation.ticketId()))
                .isEqualTo(new AccessDecision.Allow(Optional.of(org.id()), true));
    }

    @Test
    void theGatesRefuseAnOrganizationToAnApplicationForIndividualsAndANonDomainConnectionToAThirdParty() {
        Client individuals = stored(webApp());
        Client thirdParty = stored(strictThirdParty());
        Connection db = stored(databaseConnection(), individuals, thirdParty);
        Connection domain = stored(domainConnection());
        Organization org = organization(db, false);
        var view = directory.resolve(org.id(), false).orElseThrow();

        assertThat(loader.beforeLogin(individuals, view, null)).map(AccessDecision.Deny::reason)
                .contains(ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_CLIENT);
        assertThat(loader.beforeLogin(individuals, null, db.name())).isEmpty();
        assertThat(loader.beforeLogin(thirdParty, null, db.name())).map(AccessDecision.Deny::reason)
                .contains(ReasonCode.THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION);
        assertThat(loader.beforeLogin(thirdParty, null, domain.name())).isEmpty();
    }

    @Test
    void theLoginPageOffersTheApplicationsConnectionsOrTheOrganizations() {
        Client app = stored(withOrganizations(webApp(), OrganizationUsage.ALLOW, RequireBehavior.NO_PROMPT));
        Client thirdParty = stored(strictThirdParty());
        Connection enabled = stored(databaseConnection(), app, thirdParty);
        Connection notEnabled = stored(databaseConnection());
        Connection domain = stored(domainConnection());
        Connection orgOnly = stored(databaseConnection());
        Organization org = organization(orgOnly, false);

        assertThat(loader.offeredConnections(app, null, null)).extracting(Connection::id)
                .contains(enabled.id()).doesNotContain(notEnabled.id(), orgOnly.id(), domain.id());
        assertThat(loader.offeredConnections(thirdParty, null, null)).extracting(Connection::id)
                .contains(domain.id()).doesNotContain(enabled.id(), notEnabled.id());
        assertThat(loader.offeredConnections(app, org.id(), null)).extracting(Connection::id).containsExactly(orgOnly.id());
    }
}
