package dev.atrium.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where WebAuthn credentials live (issue 12). A credential id belongs to one user at most. */
public interface WebAuthnCredentialStore {
    /** False when the credential id is registered already (to this user or another). */
    boolean create(WebAuthnCredential c);

    List<WebAuthnCredential> list(String userId);

    Optional<WebAuthnCredential> find(String userId, String id);

    /** The credential of this credential id (base64url), whoever holds it. */
    Optional<WebAuthnCredential> findByCredentialId(String credentialId);

    /**
     * Records an assertion: the counter moves from {@code expected} to {@code signCount} only if it is still
     * {@code expected}, so of two assertions racing with the same counter exactly one wins.
     */
    boolean use(String id, long expected, long signCount, Instant at);

    boolean delete(String userId, String id);

    /** Deletes every credential of the user; how many there were. */
    int deleteAll(String userId);

    /**
     * Keeps a challenge handed out for {@code boundTo} (purpose, transaction, browser) until {@code expiresAt}; those
     * expired at {@code now} are swept on the way.
     */
    void saveChallenge(String challenge, String boundTo, Instant expiresAt, Instant now);

    /**
     * Takes the challenge: true once, when it was handed out for exactly {@code boundTo} and has not expired at
     * {@code now}; it is gone afterwards, whatever the answer (expired challenges are swept on the way).
     */
    boolean takeChallenge(String challenge, String boundTo, Instant now);
}
