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

    /** A reversible stand-in for the master key's sealing, so the test can tell sealed from clear. */
    static String toySeal(String plain) {
        return "sealed:" + java.util.Base64.getEncoder().encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String toyOpen(String sealed) {
        if (!sealed.startsWith("sealed:")) {
            throw new IllegalArgumentException("not sealed");
        }
        return new String(java.util.Base64.getDecoder().decode(sealed.substring(7)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String rawDoc(String id) {
        return jdbi().withHandle(h -> h.createQuery("select doc from log_streams where id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    @Test
    default void authorizationHeadersAreStoredOnlySealed() {
        JdbcLogStreamStore store = new JdbcLogStreamStore(jdbi(), LogStreamStoreContract::toySeal, LogStreamStoreContract::toyOpen);
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        String id = "lst_" + Long.toString(System.nanoTime(), 36);
        store.create(new LogStream(id, "SIEM", LogStream.ACTIVE, "https://siem.example/in", "JSONLINES",
                Optional.of("Bearer sealed-at-rest"), List.of(), 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), now));
        assertThat(rawDoc(id)).doesNotContain("sealed-at-rest").contains(toySeal("Bearer sealed-at-rest"));
        assertThat(store.find(id).orElseThrow().authorization()).contains("Bearer sealed-at-rest");
        // a document written before sealing is read, then sealed in place
        jdbi().useHandle(h -> h.createUpdate("update log_streams set doc = :doc where id = :id").bind("id", id)
                .bind("doc", "{\"endpoint\":\"https://siem.example/in\",\"format\":\"JSONLINES\",\"authorization\":\"Bearer legacy\","
                        + "\"categories\":[]}").execute());
        assertThat(store.find(id).orElseThrow().authorization()).contains("Bearer legacy");
        assertThat(store.sealPlaintext()).isGreaterThanOrEqualTo(1);
        assertThat(rawDoc(id)).doesNotContain("Bearer legacy");
        assertThat(store.find(id).orElseThrow().authorization()).contains("Bearer legacy");
        // a value the key cannot open is absent, and the stream still reads
        jdbi().useHandle(h -> h.createUpdate("update log_streams set doc = :doc where id = :id").bind("id", id)
                .bind("doc", "{\"endpoint\":\"https://siem.example/in\",\"format\":\"JSONLINES\",\"authorization_sealed\":\"garbage\","
                        + "\"categories\":[]}").execute());
        assertThat(store.find(id).orElseThrow().authorization()).isEmpty();
        store.delete(id);
    }

    @Test
    default void logStreamLeasesAndCursorsAreGuarded() {
        LogStreamStore store = new JdbcLogStreamStore(jdbi(), LogStreamStoreContract::toySeal, LogStreamStoreContract::toyOpen);
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
