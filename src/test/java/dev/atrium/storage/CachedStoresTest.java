package dev.atrium.storage;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.DatabaseUnavailableException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.tenant.TenantSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes' caches on one H2 database, polled when the test says so: a node answers from its cache
 * between polls (reads never check the database themselves), sees another node's write at the first
 * poll after it and its own at once, and refuses cached reads once no poll has succeeded for longer
 * than the staleness bound.
 */
class CachedStoresTest {
    private static final Database DB = migrated();

    private static Database migrated() {
        var db = new Database("jdbc:h2:mem:cache-" + UUID.randomUUID(), "", "");
        db.migrate();
        return db;
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    /** A clock that stands still until the test moves it. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Counts the reads that reach the database. */
    static final class Counting implements ClientStore {
        final ClientStore delegate;
        final AtomicInteger finds = new AtomicInteger();

        Counting(ClientStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Client> find(String clientId) {
            finds.incrementAndGet();
            return delegate.find(clientId);
        }

        @Override
        public List<Client> list() {
            return delegate.list();
        }

        @Override
        public void create(Client client) {
            delegate.create(client);
        }

        @Override
        public boolean update(Client client) {
            return delegate.update(client);
        }

        @Override
        public Optional<Client> update(String id, UnaryOperator<Client> change) {
            return delegate.update(id, change);
        }

        @Override
        public boolean delete(String clientId) {
            return delegate.delete(clientId);
        }
    }

    private final ManualClock clock = new ManualClock();

    /** A node's versions, polled only when the test calls {@link CacheVersions#poll()}. */
    private static CacheVersions versions() {
        return new CacheVersions(DB, CacheVersions.POLL, CacheVersions.DEFAULT_MAX_STALENESS);
    }

    @Test
    void past_the_staleness_bound_without_a_successful_poll_cached_reads_answer_unavailable_until_a_poll_succeeds() {
        String id = "c-" + UUID.randomUUID();
        new JdbcClientStore(DB.jdbi(), clock).create(client(id, "first"));
        AtomicLong nanos = new AtomicLong();
        var versions = new CacheVersions(DB, CacheVersions.POLL, Duration.ofSeconds(60), nanos::get);
        var counting = new Counting(new JdbcClientStore(DB.jdbi(), clock));
        var store = new CachedClientStore(counting, versions);
        assertThat(store.find(id)).isPresent();

        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(store.find(id)).as("at the bound, still trusted").isPresent();
        nanos.addAndGet(1);
        assertThatThrownBy(() -> store.find(id)).isInstanceOf(DatabaseUnavailableException.class);
        assertThatThrownBy(store::list).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(versions.fresh()).isFalse();

        assertThat(versions.poll()).isTrue();
        assertThat(store.find(id)).map(Client::name).contains("first");
        assertThat(counting.finds).as("the copy unchanged in the database is kept across the poll").hasValue(1);
    }

    private static Client client(String id, String name) {
        return new Client(id, Json.object().put("client_id", id).put("name", name), Optional.of("hmac-sha256:x"));
    }

    @Test
    void another_nodes_write_is_seen_at_the_first_poll_after_it_and_reads_between_polls_stay_in_memory() {
        String id = "c-" + UUID.randomUUID();
        var a = new CachedClientStore(new JdbcClientStore(DB.jdbi(), clock), versions());
        var countingB = new Counting(new JdbcClientStore(DB.jdbi(), clock));
        var versionsB = versions();
        var b = new CachedClientStore(countingB, versionsB);
        a.create(client(id, "first"));

        assertThat(b.find(id)).map(Client::name).contains("first");
        assertThat(b.find(id)).map(Client::name).contains("first");
        assertThat(countingB.finds).hasValue(1);

        a.update(client(id, "second"));
        assertThat(b.find(id)).map(Client::name).as("until the next poll").contains("first");
        assertThat(versionsB.poll()).isTrue();
        assertThat(b.find(id)).map(Client::name).contains("second");
        assertThat(countingB.finds).hasValue(2);

        a.delete(id);
        versionsB.poll();
        assertThat(b.find(id)).isEmpty();
    }

    @Test
    void a_nodes_own_write_is_seen_at_once_and_a_missing_record_is_never_cached() {
        String id = "c-" + UUID.randomUUID();
        var versions = versions();
        var a = new CachedClientStore(new JdbcClientStore(DB.jdbi(), clock), versions);
        var otherNode = new JdbcClientStore(DB.jdbi(), clock);

        assertThat(a.find(id)).isEmpty();
        otherNode.create(client(id, "made elsewhere"));
        assertThat(a.find(id)).as("a miss is not remembered").isPresent();

        a.fresh().update(client(id, "renamed here"));
        assertThat(a.find(id)).map(Client::name).contains("renamed here");
        assertThat(a.list()).extracting(Client::clientId).contains(id);
    }

    @Test
    void an_application_disabled_on_a_connection_is_refused_at_once_on_this_node_and_at_the_next_poll_on_another() {
        String clientId = "c-" + UUID.randomUUID();
        String connectionId = "con_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        new JdbcClientStore(DB.jdbi(), clock).create(client(clientId, "app"));
        var versionsA = versions();
        var versionsB = versions();
        var a = new CachedConnectionStore(new JdbcConnectionStore(DB.jdbi(), clock), versionsA);
        var b = new CachedConnectionStore(new JdbcConnectionStore(DB.jdbi(), clock), versionsB);
        a.create(new dev.atrium.connections.Connection(connectionId, Json.object().put("id", connectionId)
                .put("name", "db-" + connectionId).put("strategy", "auth0")));
        a.setClientEnabled(connectionId, clientId, true);
        assertThat(a.forClient(clientId)).extracting(dev.atrium.connections.Connection::id).containsExactly(connectionId);
        assertThat(b.forClient(clientId)).extracting(dev.atrium.connections.Connection::id).containsExactly(connectionId);
        assertThat(b.enabledClients(connectionId)).containsExactly(clientId);

        a.setClientEnabled(connectionId, clientId, false);
        assertThat(a.forClient(clientId)).as("the writing node, at once").isEmpty();
        assertThat(a.enabledClients(connectionId)).isEmpty();
        assertThat(b.forClient(clientId)).as("the other node until its next poll").hasSize(1);
        assertThat(versionsB.poll()).isTrue();
        assertThat(b.forClient(clientId)).as("the other node after its poll").isEmpty();
        assertThat(b.enabledClients(connectionId)).isEmpty();

        a.delete(connectionId);
        versionsB.poll();
        assertThat(b.find(connectionId)).isEmpty();
        assertThat(b.list()).extracting(dev.atrium.connections.Connection::id).doesNotContain(connectionId);
    }

    @Test
    void an_organization_closed_to_third_parties_or_deleted_is_seen_at_once_on_this_node_and_at_the_next_poll_on_another() {
        String orgId = "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String name = "org-" + UUID.randomUUID().toString().substring(0, 8);
        var versionsA = versions();
        var versionsB = versions();
        var a = new CachedOrganizationStore(new JdbcOrganizationStore(DB.jdbi(), clock), versionsA);
        var b = new CachedOrganizationStore(new JdbcOrganizationStore(DB.jdbi(), clock), versionsB);
        assertThat(b.find(orgId)).as("absent before it exists, and remembered so").isEmpty();
        a.create(new dev.atrium.organizations.Organization(orgId, name, Json.object().put("third_party_client_access", "allow"),
                java.time.Instant.now()), java.util.List.of());
        assertThat(versionsB.poll()).isTrue();
        assertThat(b.find(orgId)).as("the other node after its poll").isPresent();
        assertThat(a.findByName(name).map(dev.atrium.organizations.Organization::thirdPartyClientAccess)).contains("allow");
        assertThat(b.find(orgId).map(dev.atrium.organizations.Organization::thirdPartyClientAccess)).contains("allow");

        a.update(orgId, o -> new dev.atrium.organizations.Organization(o.id(), o.name(),
                o.doc().put("third_party_client_access", "block"), o.createdAt()));
        assertThat(a.find(orgId).map(dev.atrium.organizations.Organization::thirdPartyClientAccess)).as("the writing node, at once")
                .contains("block");
        assertThat(a.findByName(name).map(dev.atrium.organizations.Organization::thirdPartyClientAccess)).contains("block");
        assertThat(b.find(orgId).map(dev.atrium.organizations.Organization::thirdPartyClientAccess))
                .as("the other node until its next poll").contains("allow");
        assertThat(versionsB.poll()).isTrue();
        assertThat(b.find(orgId).map(dev.atrium.organizations.Organization::thirdPartyClientAccess))
                .as("the other node after its poll").contains("block");

        a.delete(orgId);
        assertThat(a.find(orgId)).isEmpty();
        assertThat(a.findByName(name)).isEmpty();
        versionsB.poll();
        assertThat(b.find(orgId)).isEmpty();
    }

    @Test
    void an_organizations_connections_are_seen_at_once_on_this_node_and_at_the_next_poll_on_another() {
        String orgId = "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String connectionId = "con_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        new JdbcOrganizationStore(DB.jdbi(), clock).create(new dev.atrium.organizations.Organization(orgId,
                "org-" + orgId.substring(4), Json.object(), java.time.Instant.now()), java.util.List.of());
        var versionsA = versions();
        var versionsB = versions();
        var connectionsA = new CachedConnectionStore(new JdbcConnectionStore(DB.jdbi(), clock), versionsA);
        connectionsA.create(new dev.atrium.connections.Connection(connectionId, Json.object().put("id", connectionId)
                .put("name", "db-" + connectionId).put("strategy", "auth0")));
        var a = new CachedOrganizationConnectionStore(new JdbcOrganizationConnectionStore(DB.jdbi(), clock), versionsA);
        var b = new CachedOrganizationConnectionStore(new JdbcOrganizationConnectionStore(DB.jdbi(), clock), versionsB);
        assertThat(b.connections(orgId)).isEmpty();
        assertThat(b.connectionsEnabledInAnOrganization()).doesNotContain(connectionId);

        a.addConnection(new dev.atrium.organizations.OrganizationConnection(orgId, connectionId, true, true, false, null, null));
        assertThat(a.connection(orgId, connectionId)).as("the writing node, at once").isPresent();
        assertThat(a.connectionsEnabledInAnOrganization()).contains(connectionId);
        assertThat(a.autoMembershipOrganizations(connectionId)).containsExactly(orgId);
        assertThat(b.connections(orgId)).as("the other node until its next poll").isEmpty();
        assertThat(b.fresh().connections(orgId)).as("its fresh view reads the database").hasSize(1);
        assertThat(versionsB.poll()).isTrue();
        assertThat(b.connections(orgId)).as("the other node after its poll").extracting(c -> c.connectionId()).containsExactly(connectionId);
        assertThat(b.connectionsEnabledInAnOrganization()).contains(connectionId);
        assertThat(b.connection(orgId, connectionId).map(c -> c.isEnabled())).contains(true);

        a.updateConnection(orgId, connectionId, c -> new dev.atrium.organizations.OrganizationConnection(c.organizationId(),
                c.connectionId(), c.assignMembershipOnLogin(), c.showAsButton(), c.isSignupEnabled(), c.connectionName(),
                c.strategy(), false, c.organizationConnectionName(), c.organizationAccessLevel()));
        assertThat(a.connection(orgId, connectionId).map(c -> c.isEnabled())).as("switched off, at once").contains(false);
        assertThat(a.connectionsEnabledInAnOrganization()).doesNotContain(connectionId);
        assertThat(a.autoMembershipOrganizations(connectionId)).isEmpty();
        assertThat(b.connection(orgId, connectionId).map(c -> c.isEnabled())).as("the other node until its next poll").contains(true);
        assertThat(b.connectionsEnabledInAnOrganization()).contains(connectionId);
        versionsB.poll();
        assertThat(b.connection(orgId, connectionId).map(c -> c.isEnabled())).contains(false);
        assertThat(b.connectionsEnabledInAnOrganization()).doesNotContain(connectionId);

        b.fresh().removeConnection(orgId, connectionId);
        assertThat(b.connection(orgId, connectionId)).as("a write through the fresh view drops this node's copies").isEmpty();
        assertThat(b.connections(orgId)).isEmpty();
        a.addConnection(new dev.atrium.organizations.OrganizationConnection(orgId, connectionId, false, true, false, null, null));
        assertThat(a.connections(orgId)).hasSize(1);

        connectionsA.delete(connectionId);
        assertThat(a.connections(orgId)).as("deleting the connection removes it from the organization, at once").isEmpty();
        assertThat(a.connection(orgId, connectionId)).isEmpty();
        new JdbcOrganizationStore(DB.jdbi(), clock).delete(orgId);
        versionsB.poll();
        assertThat(b.connections(orgId)).isEmpty();
    }

    @Test
    void the_fresh_view_of_connections_reads_the_database_and_its_writes_drop_this_nodes_copies() {
        String clientId = "c-" + UUID.randomUUID();
        String connectionId = "con_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        new JdbcClientStore(DB.jdbi(), clock).create(client(clientId, "app"));
        var cached = new CachedConnectionStore(new JdbcConnectionStore(DB.jdbi(), clock), versions());
        var otherNode = new JdbcConnectionStore(DB.jdbi(), clock);
        otherNode.create(new dev.atrium.connections.Connection(connectionId, Json.object().put("id", connectionId)
                .put("name", "db-" + connectionId).put("strategy", "auth0")));
        assertThat(cached.enabledClients(connectionId)).isEmpty();

        otherNode.setClientEnabled(connectionId, clientId, true);
        assertThat(cached.enabledClients(connectionId)).as("cached until the poll").isEmpty();
        assertThat(cached.fresh().enabledClients(connectionId)).containsExactly(clientId);
        assertThat(cached.fresh().forClient(clientId)).extracting(dev.atrium.connections.Connection::id).containsExactly(connectionId);

        cached.fresh().setClientEnabled(connectionId, clientId, false);
        cached.fresh().setClientEnabled(connectionId, clientId, true);
        assertThat(cached.enabledClients(connectionId)).as("a write through the fresh view drops this node's copy")
                .containsExactly(clientId);
    }

    @Test
    void the_fresh_view_of_organizations_reads_the_database_and_its_writes_drop_this_nodes_copies() {
        String orgId = "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        var cached = new CachedOrganizationStore(new JdbcOrganizationStore(DB.jdbi(), clock), versions());
        var otherNode = new JdbcOrganizationStore(DB.jdbi(), clock);
        otherNode.create(new dev.atrium.organizations.Organization(orgId, "org-" + orgId.substring(4), Json.object()
                .put("display_name", "First"), java.time.Instant.now()), java.util.List.of());
        assertThat(cached.find(orgId).flatMap(dev.atrium.organizations.Organization::displayName)).contains("First");

        otherNode.update(orgId, o -> new dev.atrium.organizations.Organization(o.id(), o.name(), o.doc().put("display_name", "Second"),
                o.createdAt()));
        assertThat(cached.find(orgId).flatMap(dev.atrium.organizations.Organization::displayName)).as("cached until the poll")
                .contains("First");
        assertThat(cached.fresh().find(orgId).flatMap(dev.atrium.organizations.Organization::displayName)).contains("Second");

        cached.fresh().update(orgId, o -> new dev.atrium.organizations.Organization(o.id(), o.name(), o.doc().put("display_name", "Third"),
                o.createdAt()));
        assertThat(cached.find(orgId).flatMap(dev.atrium.organizations.Organization::displayName))
                .as("a write through the fresh view drops this node's copy").contains("Third");
    }

    @Test
    void fresh_reads_the_database_even_when_the_cache_holds_an_older_copy() {
        String id = "c-" + UUID.randomUUID();
        var a = new CachedClientStore(new JdbcClientStore(DB.jdbi(), clock), versions());
        var otherNode = new JdbcClientStore(DB.jdbi(), clock);
        otherNode.create(client(id, "first"));
        assertThat(a.find(id)).map(Client::name).contains("first");

        otherNode.update(client(id, "second"));
        assertThat(a.find(id)).map(Client::name).contains("first");
        assertThat(a.fresh().find(id)).map(Client::name).contains("second");
    }

    @Test
    void deleting_an_api_elsewhere_drops_the_cached_client_grants_for_it() {
        String api = "https://api-" + UUID.randomUUID() + "/";
        String clientId = "c-" + UUID.randomUUID();
        var otherApis = new JdbcResourceServerStore(DB.jdbi(), clock);
        var otherGrants = new JdbcClientGrantStore(DB.jdbi(), clock);
        var versions = versions();
        var grants = new CachedClientGrantStore(new JdbcClientGrantStore(DB.jdbi(), clock), versions);
        String apiId = "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        otherApis.create(new ResourceServer(apiId, Json.object().put("id", apiId).put("identifier", api)));
        otherGrants.create(new ClientGrant("cgr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                Json.object().put("client_id", clientId).put("audience", api).put("subject_type", "client")));
        assertThat(grants.find(clientId, api, "client")).isPresent();

        otherApis.delete(apiId);
        versions.poll();
        assertThat(grants.find(clientId, api, "client")).isEmpty();
    }

    @Test
    void tenant_settings_saved_elsewhere_are_seen_after_the_poll() {
        var versions = versions();
        var tenant = new CachedTenantStore(new JdbcTenantStore(DB.jdbi(), clock), versions);
        var other = new JdbcTenantStore(DB.jdbi(), clock);
        String before = tenant.get().friendlyName();
        var doc = TenantSettings.defaults().doc().put("friendly_name", "Renamed " + UUID.randomUUID());
        other.save(new TenantSettings(doc));
        assertThat(tenant.get().friendlyName()).isEqualTo(before);
        versions.poll();
        assertThat(tenant.get().friendlyName()).isEqualTo(doc.get("friendly_name").asString());
    }
}
