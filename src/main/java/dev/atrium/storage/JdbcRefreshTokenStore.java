package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.tokens.RefreshToken;
import dev.atrium.tokens.RefreshTokenStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link RefreshTokenStore} over {@code refresh_tokens}. */
public final class JdbcRefreshTokenStore implements RefreshTokenStore {
    private final Jdbi jdbi;

    public JdbcRefreshTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(RefreshToken t) {
        jdbi.useHandle(h -> insert(h, t));
    }

    @Override
    public boolean rotate(String predecessorHash, Instant now, RefreshToken successor) {
        return jdbi.inTransaction(h -> {
            int marked = h.createUpdate("update refresh_tokens set rotated_at = :now "
                            + "where token_hash = :h and rotated_at is null and revoked_at is null")
                    .bind("now", SqlTime.of(now)).bind("h", predecessorHash).execute();
            if (marked != 1) {
                return false;
            }
            insert(h, successor);
            return true;
        });
    }

    private static void insert(Handle h, RefreshToken t) {
        h.createUpdate("insert into refresh_tokens (token_hash, family_id, client_id, user_id, code_hash, doc, "
                        + "created_at, expires_at, idle_expires_at, family_expires_at) values (:hash, :family, :client, :user, "
                        + ":code, :doc, :created, :expires, :idle, :familyExp)")
                .bind("hash", t.tokenHash()).bind("family", t.familyId()).bind("client", t.clientId())
                .bind("user", t.userId()).bind("code", t.codeHash()).bind("doc", Json.MAPPER.writeValueAsString(t))
                .bind("created", SqlTime.of(t.createdAt()))
                .bind("expires", SqlTime.of(t.familyExpiresAt()))
                .bind("idle", SqlTime.of(t.idleExpiresAt()))
                .bind("familyExp", SqlTime.of(t.familyExpiresAt()))
                .execute();
    }

    @Override
    public Optional<RefreshToken> find(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("select * from refresh_tokens where token_hash = :h").bind("h", tokenHash)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean markRotated(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update refresh_tokens set rotated_at = :now "
                        + "where token_hash = :h and rotated_at is null and revoked_at is null")
                .bind("now", SqlTime.of(now)).bind("h", tokenHash).execute() == 1);
    }

    @Override
    public void touch(String tokenHash, Instant idleExpiresAt) {
        jdbi.useHandle(h -> h.createUpdate("update refresh_tokens set idle_expires_at = :i where token_hash = :h")
                .bind("i", SqlTime.of(idleExpiresAt)).bind("h", tokenHash).execute());
    }

    @Override
    public int revokeFamily(String familyId, Instant now) {
        return revoke("family_id = :v", familyId, now);
    }

    @Override
    public int revokeByCode(String codeHash, Instant now) {
        return revoke("code_hash = :v", codeHash, now);
    }

    @Override
    public int revokeAllOf(String userId, String clientId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update refresh_tokens set revoked_at = :now "
                        + "where user_id = :u and client_id = :c and revoked_at is null")
                .bind("now", SqlTime.of(now)).bind("u", userId).bind("c", clientId).execute());
    }

    @Override
    public int revokeAllOfUser(String userId, Instant now) {
        return revoke("user_id = :v", userId, now);
    }

    private int revoke(String where, String value, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update refresh_tokens set revoked_at = :now where " + where
                        + " and revoked_at is null")
                .bind("now", SqlTime.of(now)).bind("v", value).execute());
    }

    /** The JSON document holds the immutable facts; the columns hold what changes. */
    private static RefreshToken map(ResultSet rs) throws SQLException {
        RefreshToken d = Json.MAPPER.readValue(rs.getString("doc"), RefreshToken.class);
        return new RefreshToken(d.tokenHash(), d.familyId(), d.clientId(), d.userId(), d.connectionId(), d.codeHash(), d.audience(),
                d.scope(), d.organizationId(), d.organizationName(), d.sid(), d.authTime(), d.createdAt(),
                SqlTime.get(rs, "idle_expires_at"), SqlTime.get(rs, "family_expires_at"),
                SqlTime.get(rs, "rotated_at"), SqlTime.get(rs, "revoked_at"));
    }
}
