package dev.atrium.storage;

import dev.atrium.keys.KeyStore;
import dev.atrium.keys.SigningKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link KeyStore} over the {@code signing_keys} table. */
public final class JdbcKeyStore implements KeyStore {
    /** Cache invalidation of this store's writes ({@link CacheVersions}). */
    static final CacheVersions.Invalidation WRITES = new CacheVersions.Invalidation(CacheVersions.SIGNING_KEYS);
    private final Jdbi jdbi;

    public JdbcKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<SigningKey> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from signing_keys order by created_at desc, kid")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<SigningKey> find(String kid) {
        return jdbi.withHandle(h -> h.createQuery("select * from signing_keys where kid = :kid")
                .bind("kid", kid).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean initialise(SigningKey current, SigningKey next) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            long n = h.createQuery("select count(*) from signing_keys").mapTo(Long.class).one();
            if (n > 0) {
                return false;
            }
            insert(h, current);
            insert(h, next);
            return true;
        });
    }

    @Override
    public boolean rotate(String expectedCurrentKid, SigningKey newNext, Instant now) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            int demoted = h.createUpdate("update signing_keys set status = 'previous', current_until = :now "
                            + "where kid = :kid and status = 'current'")
                    .bind("kid", expectedCurrentKid).bind("now", SqlTime.of(now)).execute();
            if (demoted != 1) {
                h.rollback();
                return false;
            }
            int promoted = h.createUpdate("update signing_keys set status = 'current', current_since = :now "
                            + "where status = 'next' and revoked = false")
                    .bind("now", SqlTime.of(now)).execute();
            if (promoted != 1) {
                // the next key was revoked or is missing: the new key becomes current at once
                h.createUpdate("update signing_keys set status = 'previous' where status = 'next'").execute();
                insert(h, new SigningKey(newNext.kid(), newNext.publicJwk(), newNext.privateKeyEncrypted(),
                        newNext.certificate(), SigningKey.Status.CURRENT, false, now, Optional.of(now),
                        Optional.empty(), Optional.empty()));
                return true;
            }
            insert(h, newNext);
            return true;
        });
    }

    @Override
    public boolean revoke(String kid, Instant now) {
        return jdbi.inTransaction(h -> {
            WRITES.bump(h);
            return h.createUpdate("update signing_keys set revoked = true, revoked_at = :now "
                            + "where kid = :kid and status <> 'current' and revoked = false")
                    .bind("kid", kid).bind("now", SqlTime.of(now)).execute() == 1;
        });
    }

    private static void insert(Handle h, SigningKey k) {
        h.createUpdate("insert into signing_keys (kid, public_jwk, private_key_enc, certificate, status, revoked, "
                        + "created_at, current_since, current_until, revoked_at) values (:kid, :jwk, :priv, :cert, "
                        + ":status, :revoked, :created, :since, :until, :revokedAt)")
                .bind("kid", k.kid())
                .bind("jwk", k.publicJwk())
                .bind("priv", k.privateKeyEncrypted())
                .bind("cert", k.certificate())
                .bind("status", k.status().name().toLowerCase(Locale.ROOT))
                .bind("revoked", k.revoked())
                .bind("created", SqlTime.of(k.createdAt()))
                .bind("since", SqlTime.of(k.currentSince().orElse(null)))
                .bind("until", SqlTime.of(k.currentUntil().orElse(null)))
                .bind("revokedAt", SqlTime.of(k.revokedAt().orElse(null)))
                .execute();
    }

    private static SigningKey map(ResultSet rs) throws SQLException {
        return new SigningKey(rs.getString("kid"), rs.getString("public_jwk"), rs.getString("private_key_enc"),
                rs.getString("certificate"),
                SigningKey.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getBoolean("revoked"), SqlTime.get(rs, "created_at"), SqlTime.opt(rs, "current_since"),
                SqlTime.opt(rs, "current_until"), SqlTime.opt(rs, "revoked_at"));
    }
}
