package dev.atrium.storage;

import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;

import java.util.List;
import java.util.Optional;

/**
 * {@link ClientGrantStore} whose look-ups on the token and authorize paths (the grant of a client,
 * or the default grant, for an audience and subject type) come from this node's cache, kept in step
 * by {@link CacheVersions}. Other reads go to the database; writes drop this node's copies at once.
 */
public final class CachedClientGrantStore implements ClientGrantStore {
    private final ClientGrantStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedClientGrantStore(ClientGrantStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.CLIENT_GRANTS);
    }

    @Override
    public Optional<ClientGrant> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<ClientGrant> list() {
        return delegate.list();
    }

    @Override
    public List<ClientGrant> findByClient(String clientId) {
        return delegate.findByClient(clientId);
    }

    @Override
    public Optional<ClientGrant> find(String clientId, String audience, String subjectType) {
        return cache.find(new Key(clientId, null, audience, subjectType), () -> delegate.find(clientId, audience, subjectType));
    }

    @Override
    public Optional<ClientGrant> findDefault(String defaultFor, String audience, String subjectType) {
        return cache.find(new Key(null, defaultFor, audience, subjectType),
                () -> delegate.findDefault(defaultFor, audience, subjectType));
    }

    @Override
    public void create(ClientGrant grant) {
        JdbcClientGrantStore.WRITES.around(versions, () -> delegate.create(grant));
    }

    @Override
    public boolean update(ClientGrant grant) {
        return JdbcClientGrantStore.WRITES.around(versions, () -> delegate.update(grant));
    }

    @Override
    public boolean delete(String id) {
        return JdbcClientGrantStore.WRITES.around(versions, () -> delegate.delete(id));
    }

    /** The same store reading the database directly, for the Management API's read-modify-write updates. */
    public ClientGrantStore fresh() {
        return new ClientGrantStore() {
            @Override
            public Optional<ClientGrant> find(String id) {
                return delegate.find(id);
            }

            @Override
            public List<ClientGrant> list() {
                return delegate.list();
            }

            @Override
            public List<ClientGrant> findByClient(String clientId) {
                return delegate.findByClient(clientId);
            }

            @Override
            public Optional<ClientGrant> find(String clientId, String audience, String subjectType) {
                return delegate.find(clientId, audience, subjectType);
            }

            @Override
            public Optional<ClientGrant> findDefault(String defaultFor, String audience, String subjectType) {
                return delegate.findDefault(defaultFor, audience, subjectType);
            }

            @Override
            public void create(ClientGrant grant) {
                CachedClientGrantStore.this.create(grant);
            }

            @Override
            public boolean update(ClientGrant grant) {
                return CachedClientGrantStore.this.update(grant);
            }

            @Override
            public boolean delete(String id) {
                return CachedClientGrantStore.this.delete(id);
            }
        };
    }

    /** A grant's subject (a client, or the group a default grant is for), audience and subject type. */
    private record Key(String clientId, String defaultFor, String audience, String subjectType) {
    }
}
