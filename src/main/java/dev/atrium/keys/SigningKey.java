package dev.atrium.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * One RS256 signing key as stored: the public JWK, the PKCS#8 private key encrypted under the
 * {@link MasterKey}, and its self-signed certificate (base64 DER). A key moves
 * {@code next → current → previous}; a revoked key is no longer published and nothing it signed verifies.
 */
public record SigningKey(
        String kid,
        String publicJwk,
        String privateKeyEncrypted,
        String certificate,
        Status status,
        boolean revoked,
        Instant createdAt,
        Optional<Instant> currentSince,
        Optional<Instant> currentUntil,
        Optional<Instant> revokedAt) {

    public enum Status { NEXT, CURRENT, PREVIOUS }

    /** Published in the JWKS and accepted when verifying. */
    public boolean isPublished() {
        return !revoked;
    }
}
