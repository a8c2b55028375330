package dev.atrium.storage;

import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationConnectionStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link OrganizationConnectionStore} whose reads come from this node's cache, kept in step by {@link CacheVersions},
 * for the sign-in path: an organization sign-in asked the database which connections some organization enables nine
 * times, and read the chosen organization's connection and the connection's auto-membership organizations three
 * times each (issue 15). Everything through {@link #fresh()} reads the database. Every write of an organization's
 * connections goes to the database, which moves the version in the same transaction (so do the writes of an
 * organization's creation and deletion, and of a connection), and drops this node's copies at once; other nodes drop
 * theirs at their next poll. The read-modify-write {@link #updateConnection} reads the row under its lock, never the
 * cache. The cached values are immutable records and lists.
 */
public final class CachedOrganizationConnectionStore implements OrganizationConnectionStore {
    private final OrganizationConnectionStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedOrganizationConnectionStore(OrganizationConnectionStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.ORGANIZATION_CONNECTIONS);
    }

    @Override
    public List<OrganizationConnection> connections(String organizationId) {
        return cache.get(new Key("of", organizationId), () -> List.copyOf(delegate.connections(organizationId)));
    }

    @Override
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return cache.find(new Key("one", organizationId + '\n' + connectionId), () -> delegate.connection(organizationId, connectionId));
    }

    @Override
    public List<String> autoMembershipOrganizations(String connectionId) {
        return cache.get(new Key("auto", connectionId), () -> List.copyOf(delegate.autoMembershipOrganizations(connectionId)));
    }

    @Override
    public List<String> connectionsEnabledInAnOrganization() {
        return cache.get(new Key("enabled", ""), () -> List.copyOf(delegate.connectionsEnabledInAnOrganization()));
    }

    @Override
    public void addConnection(OrganizationConnection connection) {
        JdbcOrganizationConnectionStore.WRITES.around(versions, () -> delegate.addConnection(connection));
    }

    @Override
    public Optional<OrganizationConnection> updateConnection(String organizationId, String connectionId,
                                                             UnaryOperator<OrganizationConnection> change) {
        return JdbcOrganizationConnectionStore.WRITES.around(versions, () -> delegate.updateConnection(organizationId, connectionId, change));
    }

    @Override
    public boolean removeConnection(String organizationId, String connectionId) {
        return JdbcOrganizationConnectionStore.WRITES.around(versions, () -> delegate.removeConnection(organizationId, connectionId));
    }

    /**
     * The same store reading the database directly, for the Management API and the dashboard (as
     * {@link CachedOrganizationStore#fresh()}). Writes still go through this store, so this node's copies are
     * dropped at once.
     */
    public OrganizationConnectionStore fresh() {
        return new OrganizationConnectionStore() {
            @Override
            public List<OrganizationConnection> connections(String organizationId) {
                return delegate.connections(organizationId);
            }

            @Override
            public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
                return delegate.connection(organizationId, connectionId);
            }

            @Override
            public List<String> autoMembershipOrganizations(String connectionId) {
                return delegate.autoMembershipOrganizations(connectionId);
            }

            @Override
            public List<String> connectionsEnabledInAnOrganization() {
                return delegate.connectionsEnabledInAnOrganization();
            }

            @Override
            public void addConnection(OrganizationConnection connection) {
                CachedOrganizationConnectionStore.this.addConnection(connection);
            }

            @Override
            public Optional<OrganizationConnection> updateConnection(String organizationId, String connectionId,
                                                                     UnaryOperator<OrganizationConnection> change) {
                return CachedOrganizationConnectionStore.this.updateConnection(organizationId, connectionId, change);
            }

            @Override
            public boolean removeConnection(String organizationId, String connectionId) {
                return CachedOrganizationConnectionStore.this.removeConnection(organizationId, connectionId);
            }
        };
    }

    /** Which read a cached value answers. */
    private record Key(String read, String value) {
    }
}
