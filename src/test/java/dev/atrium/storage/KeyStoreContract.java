package dev.atrium.storage;

import dev.atrium.keys.KeyStore;
import dev.atrium.keys.SigningKey;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link KeyStore} contract. The signing keys are tenant-wide state, so these tests run on
 * {@link #isolatedJdbi()} and start from an empty {@code signing_keys} table.
 */
public interface KeyStoreContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    Instant T1 = Instant.parse("2026-02-01T00:00:00Z");

    /**
     * A migrated database that only the contracts of tenant-wide tables use (signing keys, tenant
     * settings); each empties its own table before every test.
     */
    Jdbi isolatedJdbi();

    private KeyStore keys() {
        return new JdbcKeyStore(isolatedJdbi());
    }

    private static SigningKey key(String kid, SigningKey.Status status, Instant created) {
        return new SigningKey(kid, "{\"kid\":\"" + kid + "\"}", "sealed-" + kid, "cert-" + kid, status, false, created,
                status == SigningKey.Status.CURRENT ? Optional.of(created) : Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @BeforeEach
    default void emptySigningKeys() {
        isolatedJdbi().useHandle(h -> h.execute("delete from signing_keys"));
    }

    @Test
    default void keyStoreInitialisesOnlyOnce() {
        SigningKey current = key("current-1", SigningKey.Status.CURRENT, T0);
        SigningKey next = key("next-1", SigningKey.Status.NEXT, T0);

        assertThat(keys().list()).isEmpty();
        assertThat(keys().initialise(current, next)).isTrue();
        assertThat(keys().initialise(key("current-2", SigningKey.Status.CURRENT, T1),
                key("next-2", SigningKey.Status.NEXT, T1))).isFalse();

        assertThat(keys().list()).extracting(SigningKey::kid).containsExactlyInAnyOrder("current-1", "next-1");
        assertThat(keys().find("current-1")).contains(current);
        assertThat(keys().find("next-1")).contains(next);
        assertThat(keys().find("current-2")).isEmpty();
    }

    @Test
    default void keyStoreRotationPromotesNextAndDemotesCurrentTogether() {
        keys().initialise(key("a", SigningKey.Status.CURRENT, T0), key("b", SigningKey.Status.NEXT, T0));

        assertThat(keys().rotate("a", key("c", SigningKey.Status.NEXT, T1), T1)).isTrue();

        SigningKey a = keys().find("a").orElseThrow();
        assertThat(a.status()).isEqualTo(SigningKey.Status.PREVIOUS);
        assertThat(a.currentUntil()).contains(T1);
        SigningKey b = keys().find("b").orElseThrow();
        assertThat(b.status()).isEqualTo(SigningKey.Status.CURRENT);
        assertThat(b.currentSince()).contains(T1);
        assertThat(keys().find("c").orElseThrow().status()).isEqualTo(SigningKey.Status.NEXT);
        assertThat(keys().list()).filteredOn(k -> k.status() == SigningKey.Status.CURRENT).hasSize(1);
        assertThat(keys().list()).extracting(SigningKey::kid).first().isEqualTo("c");
    }

    @Test
    default void keyStoreRotationRefusesStaleExpectedKidAndWritesNothing() {
        keys().initialise(key("a", SigningKey.Status.CURRENT, T0), key("b", SigningKey.Status.NEXT, T0));
        keys().rotate("a", key("c", SigningKey.Status.NEXT, T1), T1);

        // another node already rotated away from "a"
        assertThat(keys().rotate("a", key("d", SigningKey.Status.NEXT, T1), T1)).isFalse();
        assertThat(keys().rotate("unknown", key("e", SigningKey.Status.NEXT, T1), T1)).isFalse();

        assertThat(keys().find("d")).isEmpty();
        assertThat(keys().find("e")).isEmpty();
        assertThat(keys().find("a").orElseThrow().status()).isEqualTo(SigningKey.Status.PREVIOUS);
        assertThat(keys().find("b").orElseThrow().status()).isEqualTo(SigningKey.Status.CURRENT);
        assertThat(keys().find("c").orElseThrow().status()).isEqualTo(SigningKey.Status.NEXT);
    }

    @Test
    default void keyStoreRotationWithRevokedNextMakesTheNewKeyCurrent() {
        keys().initialise(key("a", SigningKey.Status.CURRENT, T0), key("b", SigningKey.Status.NEXT, T0));
        assertThat(keys().revoke("b", T1)).isTrue();

        assertThat(keys().rotate("a", key("c", SigningKey.Status.NEXT, T1), T1)).isTrue();

        assertThat(keys().find("c").orElseThrow().status()).isEqualTo(SigningKey.Status.CURRENT);
        assertThat(keys().find("b").orElseThrow().revoked()).isTrue();
        assertThat(keys().list()).filteredOn(k -> k.status() == SigningKey.Status.CURRENT)
                .extracting(SigningKey::kid).containsExactly("c");
    }

    @Test
    default void keyStoreRevokeRefusesTheCurrentKey() {
        keys().initialise(key("a", SigningKey.Status.CURRENT, T0), key("b", SigningKey.Status.NEXT, T0));

        assertThat(keys().revoke("a", T1)).isFalse();
        assertThat(keys().find("a").orElseThrow().revoked()).isFalse();

        assertThat(keys().revoke("b", T1)).isTrue();
        SigningKey b = keys().find("b").orElseThrow();
        assertThat(b.revoked()).isTrue();
        assertThat(b.revokedAt()).contains(T1);
        assertThat(b.isPublished()).isFalse();

        assertThat(keys().revoke("b", T1)).as("already revoked").isFalse();
        assertThat(keys().revoke("unknown", T1)).isFalse();
    }
}
