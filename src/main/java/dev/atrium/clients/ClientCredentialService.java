package dev.atrium.clients;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Change;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for an application's {@code private_key_jwt} credentials: an RSA public key (2048 bits or
 * more) given as a PEM public key or certificate, one of the algorithms Atrium verifies, a {@code kid}
 * (by default the key's RFC 7638 thumbprint), and an optional expiry. A credential the application
 * still lists in {@code client_authentication_methods} cannot be deleted.
 *
 * <p>Specifications: Auth0 Management API "Create a client credential", "Update a client credential";
 * RFC 7638; api-contract.md §A.2.
 */
public final class ClientCredentialService {
    public static final Set<String> ALGORITHMS = java.util.Arrays.stream(NewClientCredential.Algorithm.values())
            .map(Enum::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final ClientCredentialStore store;
    private final ClientStore clients;
    private final Clock clock;

    public ClientCredentialService(ClientCredentialStore store, ClientStore clients, Clock clock) {
        this.store = store;
        this.clients = clients;
        this.clock = clock;
    }

    /** Empty when the application does not exist. */
    public Optional<List<ClientCredential>> list(String clientId) {
        return clients.find(clientId).map(c -> store.list(clientId));
    }

    public Optional<ClientCredential> find(String clientId, String credentialId) {
        return store.find(clientId, credentialId);
    }

    /** Creates a credential; empty when the application does not exist. */
    public Optional<ClientCredential> create(String clientId, NewClientCredential request) {
        if (clients.find(clientId).isEmpty()) {
            return Optional.empty();
        }
        String pem = request.pem();
        RSAPublicKey key = rsaKey(pem);
        String kid = request.kid().orElseGet(() -> thumbprint(key));
        Instant now = clock.instant();
        Instant expiresAt = expiry(request.expiresAt(), now);
        ClientCredential c = new ClientCredential(Ids.prefixed("cred_", 22), clientId, request.name().orElse(kid), kid,
                request.alg().name(), NewClientCredential.PUBLIC_KEY, pem.trim(), now, now, expiresAt);
        store.create(c);
        return Optional.of(c);
    }

    /** Changes the expiry, the one property Auth0 lets change ({@link Change#clear()} removes it). */
    public Optional<ClientCredential> update(String clientId, String credentialId, Change<Instant> expiresAt) {
        Optional<ClientCredential> existing = store.find(clientId, credentialId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ClientCredential updated = existing.get();
        if (expiresAt.present()) {
            updated = updated.withExpiresAt(expiry(expiresAt.value(), now), now);
        }
        store.update(updated);
        return Optional.of(updated);
    }

    /** False when there was no such credential. */
    public boolean delete(String clientId, String credentialId) {
        Optional<Client> client = clients.find(clientId);
        if (client.isPresent() && client.get().privateKeyJwtCredentialIds().contains(credentialId)) {
            throw new InvalidRequestException("The credential is in use: remove it from client_authentication_methods first.");
        }
        return store.delete(clientId, credentialId);
    }

    /** The public key of a credential's PEM (SPKI public key or X.509 certificate). */
    public static RSAPublicKey rsaKey(String pem) {
        String text = pem == null ? "" : pem.trim();
        PublicKey key;
        try {
            if (text.startsWith("-----BEGIN CERTIFICATE-----")) {
                key = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
            } else if (text.startsWith("-----BEGIN PUBLIC KEY-----")) {
                byte[] der = Base64.getMimeDecoder().decode(text.replace("-----BEGIN PUBLIC KEY-----", "")
                        .replace("-----END PUBLIC KEY-----", ""));
                key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            } else {
                throw new InvalidRequestException("pem", "pem must be a PEM-encoded public key or X.509 certificate");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidRequestException("pem", "pem is not a valid RSA public key or certificate");
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new InvalidRequestException("pem", "pem must hold an RSA key");
        }
        if (rsa.getModulus().bitLength() < 2048) {
            throw new InvalidRequestException("pem", "RSA keys must have at least 2048 bits");
        }
        return rsa;
    }

    /** RFC 7638 §3: SHA-256 over the required members of the JWK, in lexicographic order. */
    static String thumbprint(RSAPublicKey key) {
        String json = "{\"e\":\"" + b64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + b64(key.getModulus()) + "\"}";
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code null} for no expiry; a given one must be in the future. */
    private static Instant expiry(Optional<Instant> at, Instant now) {
        if (at.isPresent() && !at.get().isAfter(now)) {
            throw new InvalidRequestException("expires_at", "expires_at must be in the future");
        }
        return at.orElse(null);
    }
}
