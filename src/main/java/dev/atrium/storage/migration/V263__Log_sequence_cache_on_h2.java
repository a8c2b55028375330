package dev.atrium.storage.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Issue 19 point 6, the cost of the tenant log: on H2 only, {@code log_events.seq} hands out numbers from a
 * cache of 1,000 instead of H2's 32. Each time H2 refills the cache it records the sequence's new state and,
 * with {@code WRITE_DELAY=0}, writes a chunk of the file; with the small cache that happened every 32 events.
 * An H2 database belongs to one process, so the numbers stay in insertion order (the log streams' cursors rely
 * on that); a crash leaves a gap, which nothing minds. PostgreSQL keeps its default of 1: there a cache is per
 * connection and would hand out numbers out of insertion order across connections and nodes.
 */
public final class V263__Log_sequence_cache_on_h2 extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2")) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("alter table log_events alter column seq set cache 1000");
        }
    }
}
