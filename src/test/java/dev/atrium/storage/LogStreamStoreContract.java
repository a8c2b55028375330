package dev.atrium.storage;

import dev.atrium.logs.LogStream;
import dev.atrium.logs.LogStreamStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link LogStreamStore} contract: one node at a time holds a stream's lease, the cursor moves only
 * for the holder and only from where it read, failures suspend, and settings round-trip.
 */
public interface LogStreamStoreContract {
    Jdbi jdbi();

    @Test
    default void logStreamLeasesAndCursorsAreGuarded() {
        LogStreamStore store = new JdbcLogStreamStore(jdbi());
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        String id = "lst_" + Long.toString(System.nanoTime(), 36);
        LogStream s = new LogStream(id, "SIEM", LogStream.ACTIVE, "https://siem.example/in", "JSONARRAY", Optional.of("Bearer x"),
                List.of("auth.login.fail"), 7, 0, Optional.empty(), Optional.empty(), Optional.empty(), now);
        store.create(s);
        LogStream read = store.find(id).orElseThrow();
        assertThat(read.endpoint()).isEqualTo("https://siem.example/in");
        assertThat(read.authorization()).contains("Bearer x");
        assertThat(read.categories()).containsExactly("auth.login.fail");
        assertThat(read.cursorSeq()).isEqualTo(7);

        assertThat(store.claim(id, "a", now, now.plusSeconds(30))).isTrue();
        assertThat(store.claim(id, "b", now.plusSeconds(1), now.plusSeconds(31))).isFalse();
        assertThat(store.claim(id, "a", now.plusSeconds(1), now.plusSeconds(31))).isTrue();
        // only the holder moves the cursor, and only from where it is
        assertThat(store.advance(id, "b", 7, 9, now, true)).isFalse();
        assertThat(store.advance(id, "a", 6, 9, now, true)).isFalse();
        assertThat(store.advance(id, "a", 7, 9, now, true)).isTrue();
        assertThat(store.find(id).orElseThrow().cursorSeq()).isEqualTo(9);
        assertThat(store.find(id).orElseThrow().lastDeliveredAt()).contains(now);
        // an expired lease passes to another node
        assertThat(store.claim(id, "b", now.plusSeconds(40), now.plusSeconds(70))).isTrue();
        assertThat(store.advance(id, "a", 9, 12, now, true)).isFalse();

        assertThat(store.fail(id, "a", 1, now.plusSeconds(2), "HTTP 503", false, now)).isFalse();
        assertThat(store.fail(id, "b", 3, now.plusSeconds(2), "HTTP 503", true, now)).isTrue();
        LogStream suspended = store.find(id).orElseThrow();
        assertThat(suspended.status()).isEqualTo(LogStream.SUSPENDED);
        assertThat(suspended.failures()).isEqualTo(3);
        assertThat(suspended.lastError()).contains("HTTP 503");
        assertThat(store.claim(id, "a", now.plusSeconds(100), now.plusSeconds(130))).isFalse();

        assertThat(store.updateSettings(suspended.withSettings("SIEM 2", LogStream.ACTIVE, suspended.endpoint(), "JSONLINES",
                Optional.empty(), List.of()), true, now)).isTrue();
        LogStream resumed = store.find(id).orElseThrow();
        assertThat(resumed.failures()).isZero();
        assertThat(resumed.nextAttemptAt()).isEmpty();
        assertThat(resumed.authorization()).isEmpty();
        assertThat(resumed.name()).isEqualTo("SIEM 2");
        assertThat(store.delete(id)).isTrue();
        assertThat(store.find(id)).isEmpty();
    }
}
