package dev.atrium.clients;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code private_key_jwt} credentials of applications, and the assertion ids already spent.
 * A credential belongs to one application and goes when it goes.
 */
public interface ClientCredentialStore {
    void create(ClientCredential credential);

    /** Oldest first. */
    List<ClientCredential> list(String clientId);

    Optional<ClientCredential> find(String clientId, String credentialId);

    boolean update(ClientCredential credential);

    boolean delete(String clientId, String credentialId);

    /**
     * Records an assertion id of a client until {@code expiresAt}; true only for its first use. Atomic, so
     * two requests racing with one assertion cannot both pass. Forgets ids that expired before {@code now}.
     */
    boolean spendAssertionId(String clientId, String jti, Instant expiresAt, Instant now);
}
