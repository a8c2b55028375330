package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.AuthorizationCodeStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * {@link AuthorizationCodeStore} over {@code authorization_codes}. Redemption is one conditional
 * {@code UPDATE … WHERE consumed_at IS NULL} whose row count decides who won (ARCHITECTURE.md §5.6).
 */
public final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Jdbi jdbi;

    public JdbcAuthorizationCodeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(AuthorizationCode c) {
        jdbi.useHandle(h -> h.createUpdate("insert into authorization_codes (code_hash, client_id, doc, created_at, expires_at) "
                        + "values (:hash, :client, :doc, :created, :expires)")
                .bind("hash", c.codeHash()).bind("client", c.clientId()).bind("doc", Json.MAPPER.writeValueAsString(c))
                .bind("created", SqlTime.of(c.createdAt())).bind("expires", SqlTime.of(c.expiresAt())).execute());
    }

    @Override
    public Optional<AuthorizationCode> find(String codeHash) {
        return jdbi.withHandle(h -> h.createQuery("select doc from authorization_codes where code_hash = :hash")
                .bind("hash", codeHash).mapTo(String.class).findOne()
                .map(d -> Json.MAPPER.readValue(d, AuthorizationCode.class)));
    }

    @Override
    public Consumed consume(String codeHash, Instant now) {
        return jdbi.inTransaction(h -> {
            int won = h.createUpdate("update authorization_codes set consumed_at = :now "
                            + "where code_hash = :hash and consumed_at is null and expires_at > :now")
                    .bind("now", SqlTime.of(now)).bind("hash", codeHash).execute();
            Optional<AuthorizationCode> code = h.createQuery("select doc from authorization_codes where code_hash = :hash")
                    .bind("hash", codeHash).mapTo(String.class).findOne()
                    .map(d -> Json.MAPPER.readValue(d, AuthorizationCode.class));
            if (code.isEmpty()) {
                return new Consumed.Invalid();
            }
            if (won == 1) {
                return new Consumed.Ok(code.get());
            }
            boolean consumedBefore = h.createQuery("select consumed_at is not null from authorization_codes where code_hash = :hash")
                    .bind("hash", codeHash).mapTo(Boolean.class).one();
            return consumedBefore ? new Consumed.Replayed(code.get()) : new Consumed.Invalid();
        });
    }
}
