package dev.atrium.mfa;

import java.time.Instant;

/**
 * One enrolled (or being enrolled) second factor of a user.
 *
 * @param secret   sealed under the master key; never the clear secret
 * @param lastStep the last accepted TOTP time step (-1: none yet)
 */
public record MfaEnrollment(String id, String userId, String type, String secret, boolean confirmed, long lastStep,
                            Instant createdAt) {
}
