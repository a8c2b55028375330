package dev.atrium.email;

import java.time.Instant;
import java.util.Optional;

/**
 * A single-use link of the account life cycle: a password reset or an e-mail verification. Only the
 * SHA-256 of the token is kept. {@code email} is the address the link was sent for: a verification
 * link proves that address only, so it stops working once the user's address changed.
 *
 * @param resultUrl where to send the browser afterwards (Auth0's {@code result_url}), if any
 * @param organizationId the organization whose branding the pages show and whose id and name the redirect carries
 * @param includeEmail whether the redirect to {@code resultUrl} carries the address as {@code email} (Auth0's
 *                     {@code includeEmailInRedirect}, decided when the link is made)
 */
public record AccountTicket(String tokenHash, String kind, String userId, String email, Optional<String> clientId,
                            Optional<String> resultUrl, Optional<String> organizationId, boolean markEmailVerified, Instant createdAt, Instant expiresAt,
                            Optional<Instant> usedAt, boolean includeEmail) {
    public static final String PASSWORD_RESET = "password_reset";
    public static final String EMAIL_VERIFICATION = "email_verification";

    /** A link whose redirect does not carry the address. */
    public AccountTicket(String tokenHash, String kind, String userId, String email, Optional<String> clientId,
                         Optional<String> resultUrl, Optional<String> organizationId, boolean markEmailVerified, Instant createdAt,
                         Instant expiresAt, Optional<Instant> usedAt) {
        this(tokenHash, kind, userId, email, clientId, resultUrl, organizationId, markEmailVerified, createdAt, expiresAt, usedAt, false);
    }

    public boolean usableAt(Instant now) {
        return usedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
