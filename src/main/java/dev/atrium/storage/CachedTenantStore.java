package dev.atrium.storage;

import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;

/**
 * {@link TenantStore} whose settings come from this node's cache, kept in step by
 * {@link CacheVersions}; saving drops this node's copy at once.
 */
public final class CachedTenantStore implements TenantStore {
    private static final String SETTINGS = "settings";

    private final TenantStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedTenantStore(TenantStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.TENANT_SETTINGS);
    }

    @Override
    public TenantSettings get() {
        return cache.get(SETTINGS, delegate::get);
    }

    @Override
    public void save(TenantSettings settings) {
        JdbcTenantStore.WRITES.around(versions, () -> delegate.save(settings));
    }

    /** The same store reading the database directly, for the Management API's read-modify-write updates. */
    public TenantStore fresh() {
        return new TenantStore() {
            @Override
            public TenantSettings get() {
                return delegate.get();
            }

            @Override
            public void save(TenantSettings settings) {
                CachedTenantStore.this.save(settings);
            }
        };
    }
}
