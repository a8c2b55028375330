package dev.atrium.clients;

import java.time.Instant;
import java.util.Optional;

/**
 * A new {@code private_key_jwt} credential of an application ({@code POST /clients/{id}/credentials}):
 * a PEM public key or certificate, its algorithm ({@link Algorithm#RS256} by default), an optional
 * {@code kid} (the key's RFC 7638 thumbprint otherwise), name (the kid otherwise) and expiry.
 * The credential type is always {@code public_key}.
 */
public record NewClientCredential(Optional<String> name, Optional<String> kid, String pem, Algorithm alg,
                                  Optional<Instant> expiresAt) {
    /** The signature algorithms Atrium verifies for a credential. */
    public enum Algorithm { RS256, RS384, PS256 }

    public static final String PUBLIC_KEY = "public_key";

    /** An RS256 key without kid, name or expiry. */
    public static NewClientCredential of(String pem) {
        return new NewClientCredential(Optional.empty(), Optional.empty(), pem, Algorithm.RS256, Optional.empty());
    }
}
