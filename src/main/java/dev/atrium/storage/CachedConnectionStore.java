package dev.atrium.storage;

import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link ConnectionStore} whose reads come from this node's cache, kept in step by {@link CacheVersions}:
 * a sign-in reads the connections, an application's connections and a connection's applications at
 * several of its steps (about 30 statements of a sign-in before this cache, issue 15). Every write goes
 * to the database, which moves the connections' version in the same transaction, and drops this node's
 * copies at once; other nodes drop theirs at their next poll (about a second). The read-modify-write
 * {@link #update(String, UnaryOperator)} reads the row under its lock, never the cache.
 */
public final class CachedConnectionStore implements ConnectionStore {
    private final ConnectionStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedConnectionStore(ConnectionStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.CONNECTIONS);
    }

    @Override
    public Optional<Connection> find(String id) {
        return cache.find(new Key("id", id), () -> delegate.find(id));
    }

    @Override
    public Optional<Connection> findByName(String name) {
        return cache.find(new Key("name", name), () -> delegate.findByName(name));
    }

    @Override
    public List<Connection> list() {
        return new ArrayList<>(cache.<List<Connection>>get(new Key("list", ""), () -> List.copyOf(delegate.list())));
    }

    @Override
    public List<String> enabledClients(String connectionId) {
        return new ArrayList<>(cache.<List<String>>get(new Key("clients-of", connectionId),
                () -> List.copyOf(delegate.enabledClients(connectionId))));
    }

    @Override
    public List<Connection> forClient(String clientId) {
        return new ArrayList<>(cache.<List<Connection>>get(new Key("for-client", clientId),
                () -> List.copyOf(delegate.forClient(clientId))));
    }

    @Override
    public void create(Connection connection) {
        JdbcConnectionStore.WRITES.around(versions, () -> delegate.create(connection));
    }

    @Override
    public boolean update(Connection connection) {
        return JdbcConnectionStore.WRITES.around(versions, () -> delegate.update(connection));
    }

    @Override
    public Optional<Connection> update(String id, UnaryOperator<Connection> change) {
        return JdbcConnectionStore.WRITES.around(versions, () -> delegate.update(id, change));
    }

    @Override
    public boolean delete(String id) {
        return JdbcConnectionStore.WRITES.around(versions, () -> delegate.delete(id));
    }

    @Override
    public void setClientEnabled(String connectionId, String clientId, boolean enabled) {
        JdbcConnectionStore.WRITES.around(versions, () -> delegate.setClientEnabled(connectionId, clientId, enabled));
    }

    @Override
    public void setEnabledClients(String connectionId, List<String> clientIds) {
        JdbcConnectionStore.WRITES.around(versions, () -> delegate.setEnabledClients(connectionId, clientIds));
    }

    /**
     * The same store reading the database directly, for the Management API and the dashboard (as
     * {@link CachedClientStore#fresh()}): an administrator reads what is stored, and those reads answer 503
     * while the database is down. Writes still go through this store, so this node's copies are dropped at once.
     */
    public ConnectionStore fresh() {
        return new ConnectionStore() {
            @Override
            public Optional<Connection> find(String id) {
                return delegate.find(id);
            }

            @Override
            public Optional<Connection> findByName(String name) {
                return delegate.findByName(name);
            }

            @Override
            public List<Connection> list() {
                return delegate.list();
            }

            @Override
            public List<String> enabledClients(String connectionId) {
                return delegate.enabledClients(connectionId);
            }

            @Override
            public List<Connection> forClient(String clientId) {
                return delegate.forClient(clientId);
            }

            @Override
            public void create(Connection connection) {
                CachedConnectionStore.this.create(connection);
            }

            @Override
            public boolean update(Connection connection) {
                return CachedConnectionStore.this.update(connection);
            }

            @Override
            public Optional<Connection> update(String id, UnaryOperator<Connection> change) {
                return CachedConnectionStore.this.update(id, change);
            }

            @Override
            public boolean delete(String id) {
                return CachedConnectionStore.this.delete(id);
            }

            @Override
            public void setClientEnabled(String connectionId, String clientId, boolean enabled) {
                CachedConnectionStore.this.setClientEnabled(connectionId, clientId, enabled);
            }

            @Override
            public void setEnabledClients(String connectionId, List<String> clientIds) {
                CachedConnectionStore.this.setEnabledClients(connectionId, clientIds);
            }
        };
    }

    /** Which read a cached value answers: by id, by name, the list, a connection's clients, a client's connections. */
    private record Key(String read, String value) {
    }
}
