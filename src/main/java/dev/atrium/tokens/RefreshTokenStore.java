package dev.atrium.tokens;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens by hash, with the family operations that rotation and revocation need. */
public interface RefreshTokenStore {
    void create(RefreshToken token);

    Optional<RefreshToken> find(String tokenHash);

    /**
     * Rotation in one transaction: marks {@code predecessorHash} rotated if it was neither rotated nor
     * revoked, and stores {@code successor}. True for exactly one caller; false, with nothing written,
     * for the others. A successor is therefore never stored (nor answered) unless its predecessor's
     * retirement is stored with it, and a failure stores neither.
     */
    boolean rotate(String predecessorHash, Instant now, RefreshToken successor);

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
