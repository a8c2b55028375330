package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.mfa.WebAuthnCredential;
import dev.atrium.mfa.WebAuthnCredentialStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link WebAuthnCredentialStore} (issue 12), run against each database by a class that supplies a
 * migrated {@link #jdbi()}: credentials per user, a credential id registered once across all users, the
 * compare-and-set on the signature counter (of two racing assertions exactly one wins), and deletion.
 */
public interface WebAuthnCredentialStoreContract {
    Jdbi jdbi();

    default WebAuthnCredentialStore webAuthnStore() {
        return new JdbcWebAuthnCredentialStore(jdbi());
    }

    private static WebAuthnCredential credential(String user, String type, Instant at) {
        return new WebAuthnCredential("webauthn|dev_" + Ids.alnum(20), user, Ids.alnum(43), "acd-" + Ids.alnum(60), 0, type,
                List.of("usb", "nfc"), "Security key", at, null);
    }

    @Test
    default void credentialsArePerUserAndACredentialIdIsRegisteredOnce() {
        String user = "auth0|" + Ids.alnum(16);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WebAuthnCredential key = credential(user, WebAuthnCredential.ROAMING, t);
        WebAuthnCredential passkey = credential(user, WebAuthnCredential.PASSKEY, t.plusSeconds(1));
        assertThat(webAuthnStore().create(key)).isTrue();
        assertThat(webAuthnStore().create(passkey)).isTrue();
        assertThat(webAuthnStore().list(user)).containsExactly(key, passkey);
        assertThat(webAuthnStore().findByCredentialId(key.credentialId())).contains(key);
        assertThat(webAuthnStore().find("auth0|other", key.id())).as("another user's").isEmpty();

        // the same authenticator credential registered by another user (or again) is refused, not duplicated
        WebAuthnCredential stolen = new WebAuthnCredential("webauthn|dev_" + Ids.alnum(20), "auth0|" + Ids.alnum(16),
                key.credentialId(), "x", 0, WebAuthnCredential.ROAMING, List.of(), "copy", t, null);
        assertThat(webAuthnStore().create(stolen)).isFalse();
        assertThat(webAuthnStore().findByCredentialId(key.credentialId()).orElseThrow().userId()).isEqualTo(user);
        assertThat(key.methodType()).isEqualTo("webauthn-roaming");
        assertThat(passkey.methodType()).isEqualTo("passkey");
    }

    @Test
    default void theCounterMovesOnceUnderARaceAndDeletionIsPerUser() throws Exception {
        String user = "auth0|" + Ids.alnum(16);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WebAuthnCredential c = credential(user, WebAuthnCredential.PLATFORM, t);
        webAuthnStore().create(c);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> webAuthnStore().use(c.id(), 0, 5, t.plusSeconds(5)));
            Future<Boolean> b = pool.submit(() -> webAuthnStore().use(c.id(), 0, 5, t.plusSeconds(5)));
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdown();
        }
        WebAuthnCredential used = webAuthnStore().find(user, c.id()).orElseThrow();
        assertThat(used.signCount()).isEqualTo(5);
        assertThat(used.lastUsedAt()).isEqualTo(t.plusSeconds(5));
        assertThat(webAuthnStore().use(c.id(), 0, 6, t)).as("a stale expected counter").isFalse();

        assertThat(webAuthnStore().delete("auth0|other", c.id())).isFalse();
        webAuthnStore().create(credential(user, WebAuthnCredential.PASSKEY, t));
        assertThat(webAuthnStore().delete(user, c.id())).isTrue();
        assertThat(webAuthnStore().deleteAll(user)).isEqualTo(1);
        assertThat(webAuthnStore().list(user)).isEmpty();
    }

    @Test
    default void aChallengeIsTakenOnceOnlyForWhatItWasBoundToAndBeforeItExpires() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String c = Ids.alnum(43);
        webAuthnStore().saveChallenge(c, "mfa|tx1|device1", t.plusSeconds(300), t);
        assertThat(webAuthnStore().takeChallenge(c, "mfa|tx2|device1", t)).as("another transaction").isFalse();
        assertThat(webAuthnStore().takeChallenge(c, "mfa|tx1|device2", t)).as("another browser").isFalse();
        assertThat(webAuthnStore().takeChallenge(c, "mfa|tx1|device1", t)).isTrue();
        assertThat(webAuthnStore().takeChallenge(c, "mfa|tx1|device1", t)).as("replayed").isFalse();

        String old = Ids.alnum(43);
        webAuthnStore().saveChallenge(old, "mfa|tx1|device1", t.plusSeconds(300), t);
        assertThat(webAuthnStore().takeChallenge(old, "mfa|tx1|device1", t.plusSeconds(301))).as("expired").isFalse();

        // an unanswered challenge is swept when another is handed out after its expiry
        String left = Ids.alnum(43);
        webAuthnStore().saveChallenge(left, "mfa|tx3|device1", t.plusSeconds(300), t);
        webAuthnStore().saveChallenge(Ids.alnum(43), "mfa|tx4|device1", t.plusSeconds(700), t.plusSeconds(400));
        long remaining = jdbi().withHandle(h -> h.createQuery("select count(*) from webauthn_challenges where challenge = :c")
                .bind("c", left).mapTo(Long.class).one());
        assertThat(remaining).isZero();
    }
}
