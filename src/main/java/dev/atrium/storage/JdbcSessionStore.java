package dev.atrium.storage;

import dev.atrium.sessions.BrowserSession;
import dev.atrium.sessions.SessionStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link SessionStore} over {@code sessions}. */
public final class JdbcSessionStore implements SessionStore {
    private final Jdbi jdbi;

    public JdbcSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(BrowserSession s) {
        jdbi.useHandle(h -> h.createUpdate("insert into sessions (id_hash, sid, user_id, connection_id, auth_time, created_at, "
                        + "last_active_at, expires_at, idle_expires_at, revoked, kind) values (:hash, :sid, :user, :conn, :auth, "
                        + ":created, :active, :expires, :idle, false, :kind)")
                .bind("hash", s.idHash()).bind("sid", s.sid()).bind("user", s.userId()).bind("conn", s.connectionId())
                .bind("auth", SqlTime.of(s.authTime())).bind("created", SqlTime.of(s.createdAt()))
                .bind("active", SqlTime.of(s.lastActiveAt())).bind("expires", SqlTime.of(s.expiresAt()))
                .bind("idle", SqlTime.of(s.idleExpiresAt())).bind("kind", s.kind().column()).execute());
    }

    @Override
    public Optional<BrowserSession> findByHash(String idHash) {
        return jdbi.withHandle(h -> h.createQuery("select * from sessions where id_hash = :h").bind("h", idHash)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<BrowserSession> findBySid(String sid) {
        return jdbi.withHandle(h -> h.createQuery("select * from sessions where sid = :s").bind("s", sid)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public void touch(String idHash, Instant lastActiveAt, Instant idleExpiresAt) {
        jdbi.useHandle(h -> h.createUpdate("update sessions set last_active_at = :a, idle_expires_at = :i where id_hash = :h")
                .bind("a", SqlTime.of(lastActiveAt)).bind("i", SqlTime.of(idleExpiresAt)).bind("h", idHash).execute());
    }

    @Override
    public void revoke(String idHash) {
        jdbi.useHandle(h -> h.createUpdate("update sessions set revoked = true where id_hash = :h").bind("h", idHash).execute());
    }

    @Override
    public void revokeAllOfUser(String userId) {
        jdbi.useHandle(h -> h.createUpdate("update sessions set revoked = true where user_id = :u").bind("u", userId).execute());
    }

    private static BrowserSession map(ResultSet rs) throws SQLException {
        return new BrowserSession(rs.getString("id_hash"), rs.getString("sid"), rs.getString("user_id"),
                rs.getString("connection_id"), SqlTime.get(rs, "auth_time"), SqlTime.get(rs, "created_at"),
                SqlTime.get(rs, "last_active_at"), SqlTime.get(rs, "expires_at"), SqlTime.get(rs, "idle_expires_at"),
                // a kind this version does not know counts as revoked and is accepted by no cookie
                rs.getBoolean("revoked") || BrowserSession.Kind.of(rs.getString("kind")).isEmpty(),
                BrowserSession.Kind.of(rs.getString("kind")).orElse(BrowserSession.Kind.SSO));
    }
}
