package dev.atrium.storage;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link ClientStore} whose reads on the sign-in and token paths (an application by id, and the
 * list that CORS checks) come from this node's cache, kept in step by {@link CacheVersions}.
 * Writes go to the database and drop this node's copies at once.
 */
public final class CachedClientStore implements ClientStore {
    private static final String LIST = "list";

    private final ClientStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedClientStore(ClientStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.CLIENTS);
    }

    @Override
    public Optional<Client> find(String clientId) {
        return cache.find(new Key(clientId), () -> delegate.find(clientId));
    }

    @Override
    public List<Client> list() {
        return cache.get(LIST, () -> List.copyOf(delegate.list()));
    }

    @Override
    public void create(Client client) {
        JdbcClientStore.WRITES.around(versions, () -> delegate.create(client));
    }

    @Override
    public boolean update(Client client) {
        return JdbcClientStore.WRITES.around(versions, () -> delegate.update(client));
    }

    @Override
    public Optional<Client> update(String id, UnaryOperator<Client> change) {
        return JdbcClientStore.WRITES.around(versions, () -> delegate.update(id, change));
    }

    @Override
    public boolean delete(String clientId) {
        return JdbcClientStore.DELETES.around(versions, () -> delegate.delete(clientId));
    }

    /**
     * The same store reading the database directly, for the Management API: its read-modify-write
     * updates must start from the stored record, never from a copy up to {@link CacheVersions#POLL} old.
     */
    public ClientStore fresh() {
        return new ClientStore() {
            @Override
            public Optional<Client> find(String clientId) {
                return delegate.find(clientId);
            }

            @Override
            public List<Client> list() {
                return delegate.list();
            }

            @Override
            public void create(Client client) {
                CachedClientStore.this.create(client);
            }

            @Override
            public boolean update(Client client) {
                return CachedClientStore.this.update(client);
            }

            @Override
            public Optional<Client> update(String id, UnaryOperator<Client> change) {
                return CachedClientStore.this.update(id, change);
            }

            @Override
            public boolean delete(String clientId) {
                return CachedClientStore.this.delete(clientId);
            }
        };
    }

    /** A client id, kept apart from the list's key. */
    private record Key(String clientId) {
    }
}
