package dev.atrium.tokens;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens by hash, with the family operations that rotation and revocation need. */
public interface RefreshTokenStore {
    void create(RefreshToken token);

    Optional<RefreshToken> find(String tokenHash);

    /** Marks the token rotated if it was not yet; true for exactly one caller. */
    boolean markRotated(String tokenHash, Instant now);

    /** Extends a non-rotating token's idle expiry after use. */
    void touch(String tokenHash, Instant idleExpiresAt);

    int revokeFamily(String familyId, Instant now);

    /** Revokes every token that descends from the authorization code (a replayed code). */
    int revokeByCode(String codeHash, Instant now);

    int revokeAllOf(String userId, String clientId, Instant now);

    int revokeAllOfUser(String userId, Instant now);
}
