package dev.atrium.organizations;

import dev.atrium.clients.Client;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.oauth.StoreOrganizationDirectory;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcClientGrantStore;
import dev.atrium.storage.JdbcClientStore;
import dev.atrium.storage.JdbcConnectionStore;
import dev.atrium.storage.JdbcOrganizationStore;
import dev.atrium.storage.JdbcRoleStore;
import dev.atrium.storage.JdbcTenantStore;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.storage.TestUsers;
import dev.atrium.support.TestOrganizations;
import dev.atrium.tenant.TenantSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules {@link OrganizationService} holds for the dashboard and the sign-in flow: DNS
 * verification of discovery domains (O130) behind a replaceable resolver, invitation expiry and
 * acceptance, per-application access (§2.12) and name resolution (O30).
 */
class OrganizationServiceTest {
    private static final Database DB = migrated();
    private static final Map<String, List<String>> DNS = new HashMap<>();
    private static final MutableClock CLOCK = new MutableClock();

    private static Database migrated() {
        var db = new Database("jdbc:h2:mem:org-service-" + UUID.randomUUID(), "", "");
        db.migrate();
        return db;
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final JdbcTenantStore tenant = new JdbcTenantStore(DB.jdbi(), CLOCK);
    private final JdbcClientStore clients = new JdbcClientStore(DB.jdbi(), CLOCK);
    private final JdbcOrganizationStore store = new JdbcOrganizationStore(DB.jdbi(), CLOCK);
    private final TestOrganizations orgs = new TestOrganizations(DB.jdbi(), CLOCK, host -> DNS.getOrDefault(host, List.of()));
    private final OrganizationService service = orgs.organizations;

    private Organization org() {
        return orgs.create();
    }

    @Test
    void O130_domainIsVerifiedOnlyWhenTheTxtRecordIsPublished() {
        Organization org = org();
        String name = Ids.alnum(8).toLowerCase() + ".example";
        DiscoveryDomain d = orgs.domains.createDomain(org, NewDiscoveryDomain.pending(name));
        assertThat(orgs.domains.verifyDomain(org, d.id()).orElseThrow().status()).isEqualTo(DiscoveryDomain.PENDING);
        DNS.put(d.verificationHost(), List.of("unrelated", "atrium-domain-verification=wrong"));
        assertThat(orgs.domains.verifyDomain(org, d.id()).orElseThrow().isVerified()).isFalse();
        assertThat(orgs.domains.discoverableDomains("ann@" + name)).isEmpty();

        DNS.put(d.verificationHost(), List.of("unrelated", d.verificationTxt()));
        assertThat(orgs.domains.verifyDomain(org, d.id()).orElseThrow().isVerified()).isTrue();
        assertThat(orgs.domains.discoverableDomains("Ann@" + name.toUpperCase())).extracting(DiscoveryDomain::organizationId)
                .containsExactly(org.id());
        assertThat(orgs.domains.verifyDomain(org, "ord_missing")).isEmpty();
    }

    @Test
    void jndiResolverFailsClosed() {
        assertThat(new JndiDnsTxtResolver().txt("no-such-host.invalid")).isEmpty();
        assertThat(JndiDnsTxtResolver.unquote("\"abc\" \"def\"")).isEqualTo("abcdef");
        assertThat(JndiDnsTxtResolver.unquote("plain")).isEqualTo("plain");
    }

    @Test
    void O71_O79_O81_invitationExpiresAfterItsTtlAndIsAcceptedOnce() {
        Organization org = org();
        String clientId = Ids.alnum(32);
        clients.create(new Client(clientId, Json.parseObject("{\"client_id\":\"" + clientId
                + "\",\"name\":\"app\",\"initiate_login_uri\":\"https://app.example.com/login?x=1\"}"), Optional.empty()));
        Invitation inv = orgs.members.createInvitation(org, new NewInvitation("A", "b@example.com", clientId,
                Optional.empty(), Optional.empty(), Optional.empty(), 60, Optional.empty(), false));
        assertThat(Json.text(inv.doc(), "invitation_url", "")).startsWith("https://app.example.com/login?x=1&invitation=");
        assertThat(orgs.members.invitationByTicket(inv.ticketId()).orElseThrow().isExpired(CLOCK.now)).isFalse();
        String user;
        try (TestUsers users = new TestUsers(DB.jdbi())) {
            user = users.create();
        }
        CLOCK.now = CLOCK.now.plus(Duration.ofSeconds(61));
        try {
            assertThat(orgs.members.invitationByTicket(inv.ticketId()).orElseThrow().isExpired(CLOCK.now)).isTrue();
        } finally {
            CLOCK.now = CLOCK.now.minus(Duration.ofSeconds(61));
        }
        assertThat(orgs.members.acceptInvitation(inv, user)).isTrue();
        assertThat(service.isMember(org.id(), user)).isTrue();
        assertThat(orgs.members.acceptInvitation(inv, user)).isFalse();
    }

    /** O107/O108: the association the access decision reads (the rule itself is tested in OrganizationAccessTest). */
    @Test
    void O107_O108_theAssociationOfAnApplicationIsStoredAndUpdated() {
        String clientId = Ids.alnum(32);
        clients.create(new Client(clientId, Json.parseObject("{\"client_id\":\"" + clientId + "\",\"name\":\"app\"}"), Optional.empty()));
        Organization active = orgs.create(OrganizationPatch.none().withAppEntitlementActive(true));
        assertThat(service.association(active.id(), clientId)).isEmpty();
        orgs.applications.addClients(active, new ArrayList<>(List.of(new OrganizationClient(active.id(), clientId, false))));
        assertThat(service.association(active.id(), clientId).map(OrganizationClient::useForMemberAccess)).contains(false);
        orgs.applications.updateClient(active, clientId, true);
        assertThat(service.association(active.id(), clientId).map(OrganizationClient::useForMemberAccess)).contains(true);
    }

    @Test
    void O30_namesResolveOnlyUnderTheTenantFlag() {
        Organization org = org();
        assertThat(service.resolve(org.id())).contains(org);
        assertThat(service.resolve(org.name())).isEmpty();
        var settings = TenantSettings.defaults().doc().put("allow_organization_name_in_authentication_api", true);
        tenant.save(new TenantSettings(settings));
        try {
            assertThat(service.resolve(org.name()).map(Organization::id)).contains(org.id());
        } finally {
            tenant.save(TenantSettings.defaults());
        }
    }

    /**
     * The API cannot produce this collision (generated ids are mixed-case, and id-shaped names are refused), so
     * both organizations are written straight to the store: the id still wins where old data holds such a name.
     */
    @Test
    void O31_anIdThatIsAlsoAnotherOrganizationsNameResolvesToTheIdsOwner() {
        String lowerId = "org_" + Ids.alnum(16).toLowerCase(java.util.Locale.ROOT);
        Organization owner = new Organization(lowerId, "owner-" + Ids.alnum(8).toLowerCase(java.util.Locale.ROOT),
                Json.object(), CLOCK.instant());
        store.create(owner, List.of());
        // issue 9 point 16: the service refuses such a name now; one stored before that rule is written to the store
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.create(NewOrganization.named(lowerId)))
                .isInstanceOf(dev.atrium.common.InvalidRequestException.class).hasMessageContaining("org_");
        Organization namesake = new Organization(Ids.prefixed("org_", 16), lowerId, Json.object(), CLOCK.instant());
        store.create(namesake, List.of());
        assertThat(namesake.id()).isNotEqualTo(lowerId);
        var directory = new StoreOrganizationDirectory(service, store, new dev.atrium.storage.JdbcOrganizationConnectionStore(DB.jdbi(), CLOCK), new JdbcRoleStore(DB.jdbi(), CLOCK));
        var settings = TenantSettings.defaults().doc().put("allow_organization_name_in_authentication_api", true);
        tenant.save(new TenantSettings(settings));
        try {
            assertThat(service.resolve(lowerId).map(Organization::id)).contains(lowerId);
            assertThat(directory.resolve(lowerId, true).map(o -> o.id())).contains(lowerId);
            // the namesake is still reachable by anything that is not also an id
            assertThat(directory.resolve(namesake.id(), true).map(o -> o.name())).contains(lowerId);
        } finally {
            tenant.save(TenantSettings.defaults());
        }
    }
}
