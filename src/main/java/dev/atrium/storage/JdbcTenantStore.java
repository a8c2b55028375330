package dev.atrium.storage;

import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/** {@link TenantStore} over the one-row {@code tenant_settings} table, written with {@code MERGE}. */
public final class JdbcTenantStore implements TenantStore {
    /** Cache invalidation of this store's writes ({@link CacheVersions}). */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.TENANT_SETTINGS);
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcTenantStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public TenantSettings get() {
        return jdbi.withHandle(h -> h.createQuery("select doc from tenant_settings where id = 1")
                .mapTo(String.class).findOne()).map(d -> new TenantSettings(Docs.read(d)))
                .orElseGet(TenantSettings::defaults);
    }

    @Override
    public void save(TenantSettings settings) {
        jdbi.useTransaction(h -> {
            WRITES.bump(h);
            h.createUpdate("merge into tenant_settings t using (select 1 as id) s on t.id = s.id "
                            + "when matched then update set doc = :doc, updated_at = :now "
                            + "when not matched then insert (id, doc, updated_at) values (1, :doc, :now)")
                    .bind("doc", Docs.write(settings.doc()))
                    .bind("now", SqlTime.of(clock.instant()))
                    .execute();
        });
    }
}
