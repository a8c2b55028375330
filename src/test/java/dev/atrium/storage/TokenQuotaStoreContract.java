package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.organizations.TokenQuotaStore;
import dev.atrium.organizations.TokenQuotaStore.Limit;
import dev.atrium.organizations.TokenQuotaStore.Outcome;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link TokenQuotaStore} (issue 17 point 6, O121/E18), run on H2 and PostgreSQL. */
public interface TokenQuotaStoreContract {
    Jdbi jdbi();

    private static String quotaSubject() {
        return "client:" + Ids.alnum(16);
    }

    @Test
    default void quotaCountsUpToAnEnforcedLimitAndThenCountsNothing() {
        TokenQuotaStore store = new JdbcTokenQuotaStore(jdbi());
        String s = quotaSubject();
        Limit hour = new Limit(s, "per_hour", 3600, 2, true);
        Limit day = new Limit(s, "per_day", 0, 10, true);
        assertThat(store.take(List.of(hour, day))).isEqualTo(new Outcome(true, List.of(1L, 1L)));
        assertThat(store.take(List.of(hour, day))).isEqualTo(new Outcome(true, List.of(2L, 2L)));
        // the full hour refuses, and the day's count taken before it in the same call is rolled back
        assertThat(store.take(List.of(day, hour))).isEqualTo(new Outcome(false, List.of(2L, 2L)));
        // a new hour window starts from one; the day goes on
        Limit nextHour = new Limit(s, "per_hour", 7200, 2, true);
        assertThat(store.take(List.of(nextHour, day))).isEqualTo(new Outcome(true, List.of(1L, 3L)));
        // the old hour window was cleared when the new one started
        assertThat(store.take(List.of(hour))).isEqualTo(new Outcome(true, List.of(1L)));
    }

    @Test
    default void quotaUnenforcedLimitCountsPastItsMaximum() {
        TokenQuotaStore store = new JdbcTokenQuotaStore(jdbi());
        Limit l = new Limit(quotaSubject(), "per_hour", 3600, 1, false);
        for (long i = 1; i <= 3; i++) {
            assertThat(store.take(List.of(l))).isEqualTo(new Outcome(true, List.of(i)));
        }
        assertThat(store.take(List.of())).isEqualTo(new Outcome(true, List.of()));
    }

    @Test
    default void quotaSubjectsAndBucketsCountApart() {
        TokenQuotaStore store = new JdbcTokenQuotaStore(jdbi());
        String a = quotaSubject();
        String b = quotaSubject();
        store.take(List.of(new Limit(a, "per_hour", 3600, 5, true)));
        assertThat(store.take(List.of(new Limit(b, "per_hour", 3600, 5, true), new Limit(a, "per_day", 0, 5, true))))
                .isEqualTo(new Outcome(true, List.of(1L, 1L)));
    }

    /** Many callers at once, as several nodes would be: exactly the limit is granted and counted, never more. */
    @Test
    default void quotaHoldsUnderConcurrentCallers() throws Exception {
        String s = quotaSubject();
        Limit l = new Limit(s, "per_hour", 3600, 40, true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                // each caller its own store, as each node has its own
                TokenQuotaStore store = new JdbcTokenQuotaStore(jdbi());
                callers.add(() -> {
                    int granted = 0;
                    for (int i = 0; i < 10; i++) {
                        if (store.take(List.of(l)).allowed()) {
                            granted++;
                        }
                    }
                    return granted;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(callers)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(40);
            assertThat(new JdbcTokenQuotaStore(jdbi()).take(List.of(l))).isEqualTo(new Outcome(false, List.of(40L)));
        } finally {
            pool.shutdownNow();
        }
    }
}
