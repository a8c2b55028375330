package dev.atrium.storage;

import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link TenantStore} contract. The settings are one tenant-wide row, so the test runs on
 * {@link #isolatedJdbi()} and empties the table first.
 */
public interface TenantStoreContract {
    /** See {@link KeyStoreContract#isolatedJdbi()}. */
    Jdbi isolatedJdbi();

    @Test
    default void tenantStoreAnswersDefaultsThenMergesEverySave() {
        isolatedJdbi().useHandle(h -> h.execute("delete from tenant_settings"));
        TenantStore store = new JdbcTenantStore(isolatedJdbi(), Clock.systemUTC());

        assertThat(store.get().doc()).isEqualTo(TenantSettings.defaults().doc());

        ObjectNode first = TenantSettings.defaults().doc().put("friendly_name", "First");
        store.save(new TenantSettings(first));
        assertThat(store.get().doc()).isEqualTo(first);

        // the second save takes MERGE's "when matched" branch: still one row, with the new document
        ObjectNode second = first.deepCopy().put("friendly_name", "Second").put("support_email", "help@example.com");
        store.save(new TenantSettings(second));
        assertThat(store.get().friendlyName()).isEqualTo("Second");
        assertThat(store.get().doc()).isEqualTo(second);
        long rows = isolatedJdbi().withHandle(h -> h.createQuery("select count(*) from tenant_settings")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1L);
    }
}
