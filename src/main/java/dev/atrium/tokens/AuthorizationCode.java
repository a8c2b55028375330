package dev.atrium.tokens;

import java.time.Instant;
import java.util.List;

/**
 * What an authorization code was issued for. The code itself is never stored, only its SHA-256.
 * Codes are single-use and short-lived; a second use is a replay.
 *
 * <p>Specifications: RFC 6749 §4.1.2, §10.5; RFC 7636 §4.
 */
public record AuthorizationCode(
        String codeHash,
        String clientId,
        String redirectUri,            // null when /authorize fell back to the only registered callback
        String userId,
        String connectionId,
        List<String> scope,
        String audience,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        Instant authTime,
        String sid,
        String organizationId,
        boolean maxAgeRequested,
        Instant createdAt,
        Instant expiresAt) {

    /** What the client asked for, as the code must remember it for the exchange. */
    public record Grant(String clientId, String redirectUri, List<String> scope, String audience, String nonce,
                        String codeChallenge, String codeChallengeMethod, boolean maxAgeRequested) {
    }

    /** Who signed in, how, and in which organization (null: none). */
    public record Subject(String userId, String connectionId, Instant authTime, String sid, String organizationId) {
    }

    /** A code issued now for {@code grant} to {@code subject}, living {@code lifetime}. */
    public static AuthorizationCode issue(String codeHash, Grant grant, Subject subject, Instant now, java.time.Duration lifetime) {
        return new AuthorizationCode(codeHash, grant.clientId(), grant.redirectUri(), subject.userId(), subject.connectionId(),
                grant.scope(), grant.audience(), grant.nonce(), grant.codeChallenge(), grant.codeChallengeMethod(),
                subject.authTime(), subject.sid(), subject.organizationId(), grant.maxAgeRequested(), now, now.plus(lifetime));
    }
}
