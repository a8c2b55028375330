package dev.atrium.storage;

import dev.atrium.clients.ClientCredential;
import dev.atrium.clients.ClientCredentialStore;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ClientCredentialStore} over {@code client_credentials} and {@code client_assertion_jtis}. */
public final class JdbcClientCredentialStore implements ClientCredentialStore {
    private final Jdbi jdbi;

    public JdbcClientCredentialStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(ClientCredential c) {
        Docs.unique("credential " + c.id(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "insert into client_credentials (id, client_id, doc, created_at) values (:id, :client, :doc, :created)")
                .bind("id", c.id()).bind("client", c.clientId()).bind("doc", Json.MAPPER.writeValueAsString(c))
                .bind("created", SqlTime.of(c.createdAt())).execute()));
    }

    @Override
    public List<ClientCredential> list(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select doc from client_credentials where client_id = :c order by created_at, id")
                .bind("c", clientId).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<ClientCredential> find(String clientId, String credentialId) {
        return jdbi.withHandle(h -> h.createQuery("select doc from client_credentials where client_id = :c and id = :id")
                .bind("c", clientId).bind("id", credentialId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean update(ClientCredential c) {
        return jdbi.withHandle(h -> h.createUpdate("update client_credentials set doc = :doc where client_id = :c and id = :id")
                .bind("doc", Json.MAPPER.writeValueAsString(c)).bind("c", c.clientId()).bind("id", c.id()).execute() == 1);
    }

    @Override
    public boolean delete(String clientId, String credentialId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from client_credentials where client_id = :c and id = :id")
                .bind("c", clientId).bind("id", credentialId).execute() == 1);
    }

    @Override
    public boolean spendAssertionId(String clientId, String jti, Instant expiresAt, Instant now) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("delete from client_assertion_jtis where expires_at < :now").bind("now", SqlTime.of(now)).execute();
            return h.createUpdate("insert into client_assertion_jtis (client_id, jti, expires_at) values (:c, :j, :exp) "
                            + "on conflict do nothing")
                    .bind("c", clientId).bind("j", jti).bind("exp", SqlTime.of(expiresAt)).execute() == 1;
        });
    }

    private static ClientCredential map(ResultSet rs) throws SQLException {
        return Json.MAPPER.readValue(rs.getString("doc"), ClientCredential.class);
    }
}
