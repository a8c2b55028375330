package dev.atrium.sessions;

import java.time.Instant;

/**
 * A server-side SSO session. The browser holds only an opaque random cookie; the store keeps its
 * SHA-256 ({@code idHash}), so a read of the table does not yield usable cookies. {@code sid} is the
 * public identifier put in ID tokens. Sessions live in the database so that every node sees them.
 *
 * <p>Specifications: OpenID Connect Core §2 ({@code auth_time}, {@code sid} in Front-Channel Logout 1.0);
 * Auth0 "Session Lifetime Limits" (absolute and idle lifetimes).
 */
public record BrowserSession(String idHash, String sid, String userId, String connectionId, Instant authTime,
                             Instant createdAt, Instant lastActiveAt, Instant expiresAt, Instant idleExpiresAt,
                             boolean revoked) {

    public boolean liveAt(Instant now) {
        return !revoked && now.isBefore(expiresAt) && now.isBefore(idleExpiresAt);
    }
}
