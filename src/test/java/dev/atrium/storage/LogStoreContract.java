package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogIds;
import dev.atrium.logs.LogQuery;
import dev.atrium.logs.LogQueryParser;
import dev.atrium.logs.LogStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link LogStore} contract: batches in, filters and both paging styles out, purges bounded, the
 * insertion sequence that log-stream cursors follow, and per-day counts. Runs on {@link #isolatedJdbi()}
 * with the table emptied first, since counts are asserted exactly.
 */
public interface LogStoreContract {
    Jdbi isolatedJdbi();

    private static LogEvent event(LogIds ids, Instant at, String type, String user, String org) {
        return new LogEvent(ids.next(at), at, type, "d " + type, "cli", "Client", "Username-Password-Authentication", "con_1",
                user, "name", "10.0.0.1", "ua", "host", org, org == null ? null : "org name", "https://api", "read:x",
                Json.object().put("reason", "not_a_member"));
    }

    @Test
    default void logStoreFiltersPagesAndOrdersByLogId() {
        isolatedJdbi().useHandle(h -> h.execute("delete from log_events"));
        LogStore store = new JdbcLogStore(isolatedJdbi(), Clock.systemUTC());
        LogIds ids = new LogIds();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<LogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(event(ids, t0.plusSeconds(i * 3600L), i % 2 == 0 ? "s" : "f", "auth0|u" + (i % 3), i < 5 ? "org_a" : null));
        }
        store.insert(batch);

        LogEvent first = store.find(batch.get(0).logId()).orElseThrow();
        assertThat(first).usingRecursiveComparison().ignoringFields("date").isEqualTo(batch.get(0));
        assertThat(first.date().toEpochMilli()).isEqualTo(batch.get(0).date().toEpochMilli());
        assertThat(first.details().get("reason").asString()).isEqualTo("not_a_member");

        assertThat(store.count(LogQuery.all())).isEqualTo(10);
        assertThat(store.count(LogQueryParser.parse("type:s", false))).isEqualTo(5);
        assertThat(store.count(LogQueryParser.parse("type:s AND organization_id:org_a", false))).isEqualTo(3);
        assertThat(store.count(LogQueryParser.parse("user_id:(\"auth0|u0\" OR \"auth0|u1\")", false))).isEqualTo(7);
        assertThat(store.count(LogQueryParser.parse("date:[2026-03-01T12:00:00Z TO 2026-03-01T14:00:00Z]", false))).isEqualTo(3);
        assertThat(store.count(LogQueryParser.parse("date:{2026-03-01T12:00:00Z TO 2026-03-01T14:00:00Z}", false))).isEqualTo(1);
        assertThat(store.count(LogQueryParser.parse("date:[2026-03-02 TO *]", false))).isZero();

        List<LogEvent> newest = store.search(LogQuery.all(), 0, 3);
        assertThat(newest).extracting(LogEvent::logId).containsExactly(batch.get(9).logId(), batch.get(8).logId(), batch.get(7).logId());
        List<LogEvent> oldestSecondPage = store.search(LogQuery.all().order(true), 3, 3);
        assertThat(oldestSecondPage).extracting(LogEvent::logId).containsExactly(batch.get(3).logId(), batch.get(4).logId(),
                batch.get(5).logId());

        // checkpoint: onwards from an id (ascending), backwards with a negative take, newest without one
        assertThat(store.checkpoint(LogQuery.all(), Optional.of(batch.get(6).logId()), 10)).extracting(LogEvent::logId)
                .containsExactly(batch.get(7).logId(), batch.get(8).logId(), batch.get(9).logId());
        assertThat(store.checkpoint(LogQuery.all(), Optional.of(batch.get(2).logId()), -5)).extracting(LogEvent::logId)
                .containsExactly(batch.get(1).logId(), batch.get(0).logId());
        assertThat(store.checkpoint(LogQueryParser.parse("type:f", false), Optional.empty(), 2)).extracting(LogEvent::logId)
                .containsExactly(batch.get(9).logId(), batch.get(7).logId());
    }

    @Test
    default void logStoreDateRangesHoldAtTheMillisecondEdges() {
        // the store bounds log ids as well as dates; an event one millisecond inside or outside an edge tells
        // whether the two bounds agree
        isolatedJdbi().useHandle(h -> h.execute("delete from log_events"));
        LogStore store = new JdbcLogStore(isolatedJdbi(), Clock.systemUTC());
        LogIds ids = new LogIds();
        Instant t = Instant.parse("2026-03-01T12:00:00.010Z");
        List<LogEvent> batch = new ArrayList<>();
        for (int ms = -2; ms <= 2; ms++) {
            batch.add(event(ids, t.plusMillis(ms).plusNanos(400_000), "s", "u" + (ms + 2), null));
        }
        batch.add(event(ids, t.plusMillis(5), "s", "u5", null)); // on a millisecond exactly
        store.insert(batch);
        assertThat(store.count(LogQueryParser.parse("date:[2026-03-01T12:00:00.015Z TO 2026-03-01T12:00:00.015Z]", false)))
                .isEqualTo(1);
        assertThat(store.count(LogQueryParser.parse("date:[2026-03-01T12:00:00.010Z TO 2026-03-01T12:00:00.010Z]", false)))
                .isZero(); // the event of that millisecond is 0.4 ms after it
        assertThat(store.count(LogQueryParser.parse("date:[2026-03-01T12:00:00.009Z TO 2026-03-01T12:00:00.011Z]", false)))
                .isEqualTo(2);
        assertThat(store.count(LogQueryParser.parse("date:{2026-03-01T12:00:00.008Z TO 2026-03-01T12:00:00.011Z}", false)))
                .isEqualTo(1);
        assertThat(store.search(LogQueryParser.parse("date:[2026-03-01T12:00:00.010Z TO *]", false), 0, 10))
                .extracting(LogEvent::userId).containsExactly("u5", "u4", "u3", "u2");
        // instants whose ids or days would not sort as text: the dates alone decide
        assertThat(store.count(LogQueryParser.parse("date:[1960-01-01 TO +10000-01-01T00:00:00Z]", false))).isEqualTo(6);
        assertThat(store.count(LogQueryParser.parse("date:[+10000-01-01T00:00:00Z TO *]", false))).isZero();
        assertThat(store.count(LogQueryParser.parse("date:[* TO 1969-12-31]", false))).isZero();
        assertThat(store.search(LogQueryParser.parse("date:[* TO 2026-03-01T12:00:00.009Z]", false), 0, 10))
                .extracting(LogEvent::userId).containsExactly("u0");
        assertThat(store.checkpoint(LogQueryParser.parse("date:[2026-03-01T12:00:00.009Z TO *]", false),
                Optional.of(batch.get(2).logId()), 10)).extracting(LogEvent::userId).containsExactly("u3", "u4", "u5");
        // the purge takes what is older than its cutoff, to the microsecond
        assertThat(store.purgeBefore(t.plusNanos(400_000), 10)).isEqualTo(2);
        assertThat(store.purgeBefore(t.plusNanos(401_000), 10)).isEqualTo(1);
        assertThat(store.count(LogQuery.all())).isEqualTo(3);
    }

    @Test
    default void logStorePurgesInBoundedBatchesAndCountsPerDay() {
        isolatedJdbi().useHandle(h -> h.execute("delete from log_events"));
        Instant now = Instant.parse("2026-03-31T12:00:00Z");
        LogStore store = new JdbcLogStore(isolatedJdbi(), Clock.fixed(now, ZoneOffset.UTC));
        LogIds ids = new LogIds();
        List<LogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(event(ids, now.minus(Duration.ofDays(40)).plusSeconds(i), "s", "u", null));
        }
        batch.add(event(ids, now.minus(Duration.ofDays(1)), "s", "u", "org_a"));
        batch.add(event(ids, now.minus(Duration.ofDays(1)), "ss", "u", null));
        batch.add(event(ids, now, "s", "u", "org_a"));
        store.insert(batch);

        Instant cutoff = now.minus(Duration.ofDays(30));
        assertThat(store.purgeBefore(cutoff, 5)).isEqualTo(5);
        assertThat(store.purgeBefore(cutoff, 5)).isEqualTo(2);
        assertThat(store.purgeBefore(cutoff, 5)).isZero();
        assertThat(store.count(LogQuery.all())).isEqualTo(3);

        Map<LocalDate, Map<String, Long>> days = store.countsPerDay(now.minus(Duration.ofDays(29)), List.of("s", "ss"), Optional.empty());
        assertThat(days.get(LocalDate.parse("2026-03-30"))).containsEntry("s", 1L).containsEntry("ss", 1L);
        assertThat(days.get(LocalDate.parse("2026-03-31"))).containsEntry("s", 1L);
        Map<LocalDate, Map<String, Long>> org = store.countsPerDay(now.minus(Duration.ofDays(29)), List.of("s", "ss"), Optional.of("org_a"));
        assertThat(org.get(LocalDate.parse("2026-03-30"))).containsOnlyKeys("s");
    }

    @Test
    default void logStoreHandsOutEventsInInsertionOrderAfterACursor() {
        isolatedJdbi().useHandle(h -> h.execute("delete from log_events"));
        Instant now = Instant.parse("2026-03-31T12:00:00Z");
        LogStore store = new JdbcLogStore(isolatedJdbi(), Clock.fixed(now, ZoneOffset.UTC));
        long start = store.lastSeq();
        LogIds ids = new LogIds();
        store.insert(List.of(event(ids, now, "s", "a", null), event(ids, now, "f", "b", null)));
        store.insert(List.of(event(ids, now, "ss", "c", null)));
        List<LogStore.Sequenced> all = store.after(start, now, 10);
        assertThat(all).extracting(x -> x.event().type()).containsExactly("s", "f", "ss");
        assertThat(all).extracting(LogStore.Sequenced::seq).isSorted().doesNotHaveDuplicates();
        assertThat(store.after(all.get(1).seq(), now, 10)).extracting(x -> x.event().type()).containsExactly("ss");
        assertThat(store.after(start, now, 2)).hasSize(2);
        // rows stored after the settle point are not handed out yet
        assertThat(store.after(start, now.minusSeconds(1), 10)).isEmpty();
        assertThat(store.lastSeq()).isEqualTo(all.get(2).seq());
    }
}
