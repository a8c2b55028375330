package dev.atrium.logs;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 point 6, retention: events older than the configured number of days are purged, never more than
 * {@link AsyncEventLog#PURGE_BATCH} in one statement, and newer ones stay. The store is a list in memory that
 * records the limit of every purge it is asked for, so the bound is checked without timing anything.
 */
class AsyncEventLogTest {
    static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

    /** Dates only: a store of event dates that purges as {@code LogStore} promises. */
    static class DatesStore implements LogStore {
        final List<Instant> dates = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> purgeLimits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public synchronized int purgeBefore(Instant cutoff, int limit) {
            purgeLimits.add(limit);
            int n = 0;
            for (var it = dates.iterator(); it.hasNext() && n < limit; ) {
                if (it.next().isBefore(cutoff)) {
                    it.remove();
                    n++;
                }
            }
            return n;
        }

        @Override
        public void insert(List<LogEvent> events) {
            events.forEach(e -> dates.add(e.date()));
        }

        @Override
        public Optional<LogEvent> find(String logId) {
            return Optional.empty();
        }

        @Override
        public List<LogEvent> search(LogQuery query, int offset, int limit) {
            return List.of();
        }

        @Override
        public long count(LogQuery query) {
            return 0;
        }

        @Override
        public List<LogEvent> checkpoint(LogQuery query, Optional<String> from, int take) {
            return List.of();
        }

        @Override
        public List<Sequenced> after(long afterSeq, Instant storedBy, int limit) {
            return List.of();
        }

        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public Map<LocalDate, Map<String, Long>> countsPerDay(Instant since, List<String> types, Optional<String> organizationId) {
            return Map.of();
        }
    }

    @Test
    void eventsPastTheRetentionArePurgedInBoundedBatchesAndNewerOnesStay() {
        DatesStore store = new DatesStore();
        int old = 2 * AsyncEventLog.PURGE_BATCH + 345;
        for (int i = 0; i < old; i++) {
            store.dates.add(NOW.minus(Duration.ofDays(8)).minusSeconds(i));
        }
        for (int i = 0; i < 50; i++) {
            store.dates.add(NOW.minus(Duration.ofDays(6)).minusSeconds(i));
        }
        // retention of 7 days, as ATRIUM_LOG_RETENTION_DAYS would set it
        try (AsyncEventLog log = new AsyncEventLog(store, Clock.fixed(NOW, ZoneOffset.UTC), 7, 100)) {
            log.purge();
        }
        assertThat(store.dates).hasSize(50).allMatch(d -> d.isAfter(NOW.minus(Duration.ofDays(7))));
        assertThat(store.purgeLimits).isNotEmpty().allMatch(l -> l == AsyncEventLog.PURGE_BATCH);
        // three full-or-partial batches at least: never everything at once
        assertThat(store.purgeLimits.size()).isGreaterThanOrEqualTo(3);
    }

    /** A store that records the size of every batch it is given, in order. */
    static final class BatchesStore extends DatesStore {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void insert(List<LogEvent> events) {
            batches.add(events.stream().map(LogEvent::description).toList());
            super.insert(events);
        }
    }

    @Test
    void withALingerEventsRecordedTogetherAreWrittenInOneBatchInTheOrderTheyCame() throws InterruptedException {
        BatchesStore store = new BatchesStore();
        try (AsyncEventLog log = new AsyncEventLog(store, Clock.systemUTC(), 7, 1000, Duration.ofSeconds(2))) {
            for (int i = 0; i < 50; i++) {
                log.record(LogEvent.of("seccft", "event " + i));
            }
            long end = System.currentTimeMillis() + 10_000;
            while (log.written() < 50 && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
        }
        // fifty events recorded within the two seconds: one commit, not fifty
        assertThat(store.batches).hasSize(1);
        assertThat(store.batches.get(0)).hasSize(50).startsWith("event 0", "event 1").endsWith("event 49");
    }

    @Test
    void closingWritesWhatALingeringBatchHolds() {
        BatchesStore store = new BatchesStore();
        AsyncEventLog log = new AsyncEventLog(store, Clock.systemUTC(), 7, 1000, Duration.ofMinutes(1));
        log.record(LogEvent.of("seccft", "last words"));
        log.close();
        assertThat(store.batches).containsExactly(List.of("last words"));
    }
}
