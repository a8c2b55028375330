package dev.atrium.sessions;

import java.time.Instant;
import java.util.Optional;

/** SSO sessions, looked up by the hash of their cookie. */
public interface SessionStore {
    void create(BrowserSession session);

    Optional<BrowserSession> findByHash(String idHash);

    Optional<BrowserSession> findBySid(String sid);

    /** Extends the idle lifetime after use. */
    void touch(String idHash, Instant lastActiveAt, Instant idleExpiresAt);

    /** Ends one session (logout). */
    void revoke(String idHash);

    /** Ends every session of a user (blocked, deleted, password changed). */
    void revokeAllOfUser(String userId);
}
