package dev.atrium.storage;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.connections.saml.AssertionIdStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/**
 * {@link AssertionIdStore} over {@code saml_assertion_ids}: the primary key makes a second insert of the same id fail,
 * so two concurrent uses of one assertion cannot both pass. An expired row is deleted before the insert, so an id
 * may only come back after its assertion could no longer be accepted anyway.
 */
public final class JdbcAssertionIdStore implements AssertionIdStore {
    private final Jdbi jdbi;

    public JdbcAssertionIdStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean remember(String connectionId, String assertionId, Instant expiresAt, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("delete from saml_assertion_ids where expires_at < :now")
                .bind("now", SqlTime.of(now)).execute());
        try {
            Docs.unique("The assertion id was seen", () -> jdbi.withHandle(h -> h.createUpdate("insert into saml_assertion_ids "
                            + "(connection_id, assertion_id, expires_at) values (:c, :a, :e)")
                    .bind("c", connectionId).bind("a", assertionId).bind("e", SqlTime.of(expiresAt)).execute()));
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }
}
