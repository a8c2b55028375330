package dev.atrium.clients;

import java.time.Instant;

/**
 * A public key an application signs its {@code private_key_jwt} client assertions with. The
 * application lists the ones it uses in {@code client_authentication_methods.private_key_jwt.credentials}.
 *
 * <p>Specifications: Auth0 Management API "Client Credentials"; RFC 7523 §2.2; api-contract.md §A.2.
 *
 * @param pem       the key as given: an SPKI public key or an X.509 certificate, PEM-encoded
 * @param expiresAt null for a credential that does not expire
 */
public record ClientCredential(String id, String clientId, String name, String kid, String alg, String credentialType,
                               String pem, Instant createdAt, Instant updatedAt, Instant expiresAt) {

    public boolean usableAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public ClientCredential withExpiresAt(Instant newExpiry, Instant now) {
        return new ClientCredential(id, clientId, name, kid, alg, credentialType, pem, createdAt, now, newExpiry);
    }
}
