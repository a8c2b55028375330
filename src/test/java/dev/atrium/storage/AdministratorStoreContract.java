package dev.atrium.storage;

import dev.atrium.sessions.BrowserSession;
import dev.atrium.users.Administrator;
import dev.atrium.users.AdministratorStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link AdministratorStore} contract (issue 9, point 3) and the session kinds of the sessions
 * table (point 12), run against every database. Each test uses its own users and keys.
 */
public interface AdministratorStoreContract {
    Jdbi jdbi();

    private AdministratorStore administrators() {
        return new JdbcAdministratorStore(jdbi());
    }

    @Test
    default void aGrantIsRecordedOnceWithItsAuthorAndGoesWithItsUser() {
        TestUsers users = new TestUsers(jdbi());
        String user = users.create();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(administrators().find(user)).isEmpty();
        assertThat(administrators().grant(new Administrator(user, "user:auth0|first", at))).isTrue();
        // a second grant keeps the first author and time
        assertThat(administrators().grant(new Administrator(user, "client:second", at.plusSeconds(5)))).isFalse();
        Administrator a = administrators().find(user).orElseThrow();
        assertThat(a.grantedBy()).isEqualTo("user:auth0|first");
        assertThat(a.grantedAt()).isEqualTo(at);
        assertThat(administrators().list()).extracting(Administrator::userId).contains(user);

        assertThat(administrators().revoke(user)).isTrue();
        assertThat(administrators().revoke(user)).isFalse();
        assertThat(administrators().find(user)).isEmpty();

        // no grant for a user that does not exist; a deleted user's grant goes with it
        assertThat(administrators().grant(new Administrator("auth0|missing-" + UUID.randomUUID(), "client:x", at))).isFalse();
        assertThat(administrators().grant(new Administrator(user, "client:x", at))).isTrue();
        users.delete(user);
        assertThat(administrators().find(user)).isEmpty();
    }

    @Test
    default void sessionsKeepTheirKind() {
        JdbcSessionStore sessions = new JdbcSessionStore(jdbi());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (BrowserSession.Kind kind : BrowserSession.Kind.values()) {
            String hash = UUID.randomUUID().toString().replace("-", "");
            sessions.create(new BrowserSession(hash, "sid-" + hash, "auth0|k", "con_k", now, now, now, now.plusSeconds(3600),
                    now.plusSeconds(600), false, kind));
            BrowserSession read = sessions.findByHash(hash).orElseThrow();
            assertThat(read.kind()).isEqualTo(kind);
            assertThat(read.revoked()).isFalse();
        }
    }
}
