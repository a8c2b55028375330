package dev.atrium.storage;

import dev.atrium.mfa.WebAuthnCredential;
import dev.atrium.mfa.WebAuthnCredentialStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link WebAuthnCredentialStore} over {@code webauthn_credentials}; the counter moves by compare-and-set. */
public final class JdbcWebAuthnCredentialStore implements WebAuthnCredentialStore {
    private final Jdbi jdbi;

    public JdbcWebAuthnCredentialStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean create(WebAuthnCredential c) {
        try {
            jdbi.useHandle(h -> h.createUpdate("insert into webauthn_credentials (id, user_id, credential_id, "
                            + "attested_credential_data, sign_count, type, transports, name, created_at, last_used_at) "
                            + "values (:id, :u, :cid, :acd, :n, :t, :tr, :name, :at, :used)")
                    .bind("id", c.id()).bind("u", c.userId()).bind("cid", c.credentialId())
                    .bind("acd", c.attestedCredentialData()).bind("n", c.signCount()).bind("t", c.type())
                    .bind("tr", String.join(" ", c.transports())).bind("name", c.name())
                    .bind("at", SqlTime.of(c.createdAt())).bind("used", SqlTime.of(c.lastUsedAt())).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (findByCredentialId(c.credentialId()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<WebAuthnCredential> list(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select * from webauthn_credentials where user_id = :u order by created_at, id")
                .bind("u", userId).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<WebAuthnCredential> find(String userId, String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from webauthn_credentials where user_id = :u and id = :id")
                .bind("u", userId).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<WebAuthnCredential> findByCredentialId(String credentialId) {
        return jdbi.withHandle(h -> h.createQuery("select * from webauthn_credentials where credential_id = :c")
                .bind("c", credentialId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean use(String id, long expected, long signCount, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("update webauthn_credentials set sign_count = :n, last_used_at = :at "
                        + "where id = :id and sign_count = :e")
                .bind("n", signCount).bind("at", SqlTime.of(at)).bind("id", id).bind("e", expected).execute()) == 1;
    }

    @Override
    public boolean delete(String userId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from webauthn_credentials where user_id = :u and id = :id")
                .bind("u", userId).bind("id", id).execute()) == 1;
    }

    @Override
    public int deleteAll(String userId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from webauthn_credentials where user_id = :u").bind("u", userId).execute());
    }

    @Override
    public void saveChallenge(String challenge, String boundTo, Instant expiresAt, Instant now) {
        jdbi.useHandle(h -> {
            // challenges nobody answered are swept here too, so pages shown and left do not pile up
            h.createUpdate("delete from webauthn_challenges where expires_at <= :now")
                    .bind("now", SqlTime.of(now)).execute();
            h.createUpdate("insert into webauthn_challenges (challenge, bound_to, expires_at) values (:c, :b, :e)")
                    .bind("c", challenge).bind("b", boundTo).bind("e", SqlTime.of(expiresAt)).execute();
        });
    }

    @Override
    public boolean takeChallenge(String challenge, String boundTo, Instant now) {
        return jdbi.withHandle(h -> {
            h.createUpdate("delete from webauthn_challenges where expires_at <= :now").bind("now", SqlTime.of(now)).execute();
            return h.createUpdate("delete from webauthn_challenges where challenge = :c and bound_to = :b and expires_at > :now")
                    .bind("c", challenge).bind("b", boundTo).bind("now", SqlTime.of(now)).execute() == 1;
        });
    }

    private static WebAuthnCredential map(ResultSet rs) throws SQLException {
        String transports = rs.getString("transports");
        return new WebAuthnCredential(rs.getString("id"), rs.getString("user_id"), rs.getString("credential_id"),
                rs.getString("attested_credential_data"), rs.getLong("sign_count"), rs.getString("type"),
                transports.isBlank() ? List.of() : Arrays.asList(transports.split(" ")), rs.getString("name"),
                SqlTime.get(rs, "created_at"), SqlTime.get(rs, "last_used_at"));
    }
}
