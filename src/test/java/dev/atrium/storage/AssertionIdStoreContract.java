package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.connections.saml.AssertionIdStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link AssertionIdStore} (issue 11, SAML replay), run on H2 and PostgreSQL. */
public interface AssertionIdStoreContract {
    Jdbi jdbi();

    @Test
    default void anAssertionIdIsAcceptedOncePerConnectionUntilItExpires() {
        AssertionIdStore store = new JdbcAssertionIdStore(jdbi());
        String connection = "con_" + Ids.alnum(16);
        String id = "_" + Ids.alnum(20);
        Instant now = Instant.now();
        assertThat(store.remember(connection, id, now.plus(Duration.ofMinutes(5)), now)).isTrue();
        assertThat(store.remember(connection, id, now.plus(Duration.ofMinutes(5)), now.plusSeconds(60))).isFalse();
        // another connection's identity provider may use the same id
        assertThat(store.remember("con_" + Ids.alnum(16), id, now.plus(Duration.ofMinutes(5)), now)).isTrue();
        // once the assertion could no longer be accepted, its record may go
        assertThat(store.remember(connection, id, now.plus(Duration.ofMinutes(20)), now.plus(Duration.ofMinutes(10)))).isTrue();
    }
}
