package dev.atrium.tokens;

import java.time.Instant;
import java.util.List;

/**
 * A refresh token as stored (by hash). Tokens rotated from one another share a {@code familyId}; when
 * a rotated token is used again the whole family is revoked (reuse detection). Expiry is absolute for
 * the family ({@code familyExpiresAt}) and idle per token ({@code idleExpiresAt}); null means no limit.
 * {@code organizationName} is the {@code org_name} first issued, which refreshed tokens keep (organizations.md Q17).
 *
 * <p>Specifications: RFC 6749 §6, §10.4; OAuth 2.0 Security BCP §4.14; Auth0 "Refresh Token Rotation".
 */
public record RefreshToken(
        String tokenHash,
        String familyId,
        String clientId,
        String userId,
        String connectionId,
        String codeHash,
        String audience,
        List<String> scope,
        String organizationId,
        String organizationName,
        String sid,
        Instant authTime,
        Instant createdAt,
        Instant idleExpiresAt,
        Instant familyExpiresAt,
        Instant rotatedAt,
        Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null
                && (idleExpiresAt == null || now.isBefore(idleExpiresAt))
                && (familyExpiresAt == null || now.isBefore(familyExpiresAt));
    }
}
