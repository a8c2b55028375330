package dev.atrium.storage;

import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link ResourceServerStore} whose look-up by identifier (the {@code audience} of the token and
 * authorize paths) comes from this node's cache, kept in step by {@link CacheVersions}. Other reads
 * go to the database; writes drop this node's copies at once.
 */
public final class CachedResourceServerStore implements ResourceServerStore {
    private final ResourceServerStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedResourceServerStore(ResourceServerStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.RESOURCE_SERVERS);
    }

    @Override
    public Optional<ResourceServer> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Optional<ResourceServer> findByIdentifier(String identifier) {
        return cache.find(identifier, () -> delegate.findByIdentifier(identifier));
    }

    @Override
    public List<ResourceServer> list() {
        return delegate.list();
    }

    @Override
    public void create(ResourceServer server) {
        JdbcResourceServerStore.WRITES.around(versions, () -> delegate.create(server));
    }

    @Override
    public boolean update(ResourceServer server) {
        return JdbcResourceServerStore.WRITES.around(versions, () -> delegate.update(server));
    }

    @Override
    public Optional<ResourceServer> update(String id, UnaryOperator<ResourceServer> change) {
        return JdbcResourceServerStore.WRITES.around(versions, () -> delegate.update(id, change));
    }

    @Override
    public boolean delete(String id) {
        return JdbcResourceServerStore.DELETES.around(versions, () -> delegate.delete(id));
    }

    /** The same store reading the database directly, for the Management API's read-modify-write updates. */
    public ResourceServerStore fresh() {
        return new ResourceServerStore() {
            @Override
            public Optional<ResourceServer> find(String id) {
                return delegate.find(id);
            }

            @Override
            public Optional<ResourceServer> findByIdentifier(String identifier) {
                return delegate.findByIdentifier(identifier);
            }

            @Override
            public List<ResourceServer> list() {
                return delegate.list();
            }

            @Override
            public void create(ResourceServer server) {
                CachedResourceServerStore.this.create(server);
            }

            @Override
            public boolean update(ResourceServer server) {
                return CachedResourceServerStore.this.update(server);
            }

            @Override
            public Optional<ResourceServer> update(String id, UnaryOperator<ResourceServer> change) {
                return CachedResourceServerStore.this.update(id, change);
            }

            @Override
            public boolean delete(String id) {
                return CachedResourceServerStore.this.delete(id);
            }
        };
    }
}
