package dev.atrium.storage;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.AuthTransactionStore;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/** {@link AuthTransactionStore} over {@code auth_transactions}; the transaction is kept as JSON. */
public final class JdbcAuthTransactionStore implements AuthTransactionStore {
    private final Jdbi jdbi;

    public JdbcAuthTransactionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(AuthTransaction tx) {
        jdbi.useHandle(h -> h.createUpdate("insert into auth_transactions (id, client_id, device_id, doc, created_at, expires_at) "
                        + "values (:id, :client, :device, :doc, :created, :expires)")
                .bind("id", tx.id()).bind("client", tx.request().clientId()).bind("device", tx.deviceId())
                .bind("doc", Json.MAPPER.writeValueAsString(tx))
                .bind("created", SqlTime.of(tx.createdAt())).bind("expires", SqlTime.of(tx.expiresAt()))
                .execute());
    }

    @Override
    public Optional<AuthTransaction> find(String id, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("select doc from auth_transactions where id = :id and expires_at > :now")
                        .bind("id", id).bind("now", SqlTime.of(now)).mapTo(String.class).findOne())
                .map(d -> Json.MAPPER.readValue(d, AuthTransaction.class));
    }

    @Override
    public void update(AuthTransaction tx) {
        jdbi.useHandle(h -> h.createUpdate("update auth_transactions set doc = :doc where id = :id")
                .bind("id", tx.id()).bind("doc", Json.MAPPER.writeValueAsString(tx)).execute());
    }

    @Override
    public void delete(String id) {
        jdbi.useHandle(h -> h.createUpdate("delete from auth_transactions where id = :id").bind("id", id).execute());
    }
}
