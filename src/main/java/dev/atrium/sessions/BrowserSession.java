package dev.atrium.sessions;

import java.time.Instant;

/**
 * A server-side browser session, of one {@link Kind}. The browser holds only an opaque random cookie; the store keeps its
 * SHA-256 ({@code idHash}), so a read of the table does not yield usable cookies. {@code sid} is the
 * public identifier put in ID tokens. Sessions live in the database so that every node sees them.
 *
 * <p>Specifications: OpenID Connect Core §2 ({@code auth_time}, {@code sid} in Front-Channel Logout 1.0);
 * Auth0 "Session Lifetime Limits" (absolute and idle lifetimes).
 */
public record BrowserSession(String idHash, String sid, String userId, String connectionId, Instant authTime,
                             Instant createdAt, Instant lastActiveAt, Instant expiresAt, Instant idleExpiresAt,
                             boolean revoked, Kind kind) {

    /**
     * What a session is for. Each cookie accepts only its own kind (issue 9, point 12), so a dashboard
     * cookie's value is no SSO session and an SSO cookie's value opens no dashboard.
     */
    public enum Kind {
        /** The SSO session of the hosted login pages ({@code atrium_session}). */
        SSO("sso"),
        /** A signed-in dashboard administrator ({@code atrium_dashboard}). */
        DASHBOARD("dashboard");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        /** The value stored in {@code sessions.kind}. */
        public String column() {
            return column;
        }

        /** The kind stored as {@code value}; empty for anything else, which no cookie accepts. */
        public static java.util.Optional<Kind> of(String value) {
            for (Kind k : values()) {
                if (k.column.equals(value)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public boolean liveAt(Instant now) {
        return !revoked && now.isBefore(expiresAt) && now.isBefore(idleExpiresAt);
    }
}
