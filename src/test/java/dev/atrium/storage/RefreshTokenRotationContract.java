package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.tokens.RefreshToken;
import dev.atrium.tokens.RefreshTokenStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refresh-token rotation in {@link RefreshTokenStore#rotate}: the predecessor's retirement and its
 * successor are stored together or not at all (issue 18: a new token is never issued while its
 * predecessor still works, and a failed rotation leaves the predecessor usable for a retry).
 */
public interface RefreshTokenRotationContract {
    Jdbi jdbi();

    private static RefreshToken token(String hash, String family, Instant now) {
        return new RefreshToken(hash, family, "client-" + family, "user-" + family, null, null, null, List.of("offline_access"),
                null, null, null, now, now, now.plus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), null, null);
    }

    @Test
    default void rotation_retires_the_predecessor_and_stores_the_successor_for_exactly_one_caller() {
        RefreshTokenStore store = new JdbcRefreshTokenStore(jdbi());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String family = Ids.alnum(16);
        String first = Ids.alnum(40);
        store.create(token(first, family, now));

        String second = Ids.alnum(40);
        assertThat(store.rotate(first, now, token(second, family, now))).isTrue();
        assertThat(store.find(first).orElseThrow().rotatedAt()).isEqualTo(now);
        assertThat(store.find(second)).isPresent();

        String third = Ids.alnum(40);
        assertThat(store.rotate(first, now, token(third, family, now))).as("the loser of a race").isFalse();
        assertThat(store.find(third)).as("nothing stored for the loser").isEmpty();
    }

    @Test
    default void a_successor_that_cannot_be_stored_leaves_the_predecessor_unrotated() {
        RefreshTokenStore store = new JdbcRefreshTokenStore(jdbi());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String family = Ids.alnum(16);
        String first = Ids.alnum(40);
        String taken = Ids.alnum(40);
        store.create(token(first, family, now));
        store.create(token(taken, Ids.alnum(16), now));

        // the insert of the successor fails (its hash is taken) after the predecessor was marked, in the same transaction
        assertThatThrownBy(() -> store.rotate(first, now, token(taken, family, now))).isInstanceOf(RuntimeException.class);
        assertThat(store.find(first).orElseThrow().rotatedAt()).as("the mark was rolled back with the failed insert").isNull();
        assertThat(store.rotate(first, now, token(Ids.alnum(40), family, now))).as("a retry rotates it").isTrue();
    }
}
