package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.mfa.MfaEnrollment;
import dev.atrium.mfa.MfaStore;
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
 * The contract of {@link MfaStore} (issue 12), run against each database by a class that supplies a migrated
 * {@link #jdbi()}: enrollments per user, the compare-and-set on the TOTP time step (of two racing uses exactly one
 * wins), the amr of SSO sessions, and remembered browsers with their expiry. Every key is unique.
 */
public interface MfaStoreContract {
    Jdbi jdbi();

    default MfaStore mfaStore() {
        return new JdbcMfaStore(jdbi());
    }

    private static MfaEnrollment totp(String user, Instant at) {
        return new MfaEnrollment("totp|dev_" + Ids.alnum(20), user, "totp", "sealed-" + Ids.alnum(8), false, -1, at);
    }

    @Test
    default void enrollmentsArePerUserAndATimeStepIsTakenOnceEvenUnderARace() throws Exception {
        String user = "auth0|" + Ids.alnum(16);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MfaEnrollment e = totp(user, t);
        mfaStore().create(e);
        assertThat(mfaStore().list(user)).containsExactly(e);
        assertThat(mfaStore().find("auth0|other", e.id())).as("another user's").isEmpty();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> mfaStore().useStep(e.id(), -1, 100));
            Future<Boolean> b = pool.submit(() -> mfaStore().useStep(e.id(), -1, 100));
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdown();
        }
        MfaEnrollment used = mfaStore().find(user, e.id()).orElseThrow();
        assertThat(used.confirmed()).isTrue();
        assertThat(used.lastStep()).isEqualTo(100);
        assertThat(mfaStore().useStep(e.id(), -1, 101)).as("a stale expectation").isFalse();

        MfaEnrollment pending = totp(user, t.plusSeconds(1));
        mfaStore().create(pending);
        mfaStore().deleteUnconfirmed(user);
        assertThat(mfaStore().list(user)).extracting(MfaEnrollment::id).containsExactly(e.id());
        assertThat(mfaStore().delete("auth0|other", e.id())).isFalse();
        assertThat(mfaStore().delete(user, e.id())).isTrue();
        assertThat(mfaStore().delete(user, e.id())).as("deleted once").isFalse();
        mfaStore().create(totp(user, t));
        mfaStore().deleteAll(user);
        assertThat(mfaStore().list(user)).isEmpty();
    }

    @Test
    default void sessionsKeepTheirMethodsAndBrowsersAreRememberedPerUserUntilTheyExpireOrAreForgotten() {
        String user = "auth0|" + Ids.alnum(16);
        String sid = Ids.alnum(32);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mfaStore().recordSession(sid, user, List.of("mfa", "otp"), now);
        assertThat(mfaStore().sessionMethods(sid)).containsExactly("mfa", "otp");
        assertThat(mfaStore().sessionMethods(Ids.alnum(32))).isEmpty();

        String token = Ids.alnum(64);
        String expired = Ids.alnum(64);
        mfaStore().rememberBrowser(token, user, now.plusSeconds(3600), now);
        mfaStore().rememberBrowser(expired, user, now.minusSeconds(1), now.minusSeconds(60));
        assertThat(mfaStore().browserRemembered(token, user, now)).isTrue();
        assertThat(mfaStore().browserRemembered(token, "auth0|other", now)).as("another user's").isFalse();
        assertThat(mfaStore().browserRemembered(expired, user, now)).isFalse();
        assertThat(mfaStore().browserRemembered(token, user, now.plusSeconds(3601))).isFalse();
        assertThat(mfaStore().forgetBrowsers(user)).isEqualTo(2);
        assertThat(mfaStore().browserRemembered(token, user, now)).isFalse();
    }
}
