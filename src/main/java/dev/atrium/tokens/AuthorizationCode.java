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
}
