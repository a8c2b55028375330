package dev.atrium.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Creates, rotates and revokes the tenant's RS256 signing keys, and serves the current signing key
 * and the set of keys that verify. Every node keeps a snapshot built from the store's list of keys
 * and rebuilds it when that list changes; the store given in production is the node's cache, which
 * other nodes' rotations and revocations invalidate, so they reach every node without a restart.
 *
 * <p>Specifications: RFC 7517 (JWK), RFC 7638 (thumbprint as {@code kid}); Auth0 "Signing Keys"
 * (rotate, revoke; previous keys keep verifying until revoked).
 */
public final class KeyService {
    private final KeyStore store;
    private final MasterKey masterKey;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /** The keys as one node sees them: the one that signs, and the ones that verify, built from {@code source}. */
    public record Snapshot(RSAKey signing, JWKSet published, List<SigningKey> source) {
    }

    public KeyService(KeyStore store, MasterKey masterKey, Clock clock) {
        this.store = store;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /** Creates the first current and next keys on an empty store; loads the snapshot. */
    public void initialise() {
        if (store.list().isEmpty()) {
            Instant now = clock.instant();
            store.initialise(generate(SigningKey.Status.CURRENT, now), generate(SigningKey.Status.NEXT, now));
        }
        reload();
    }

    /** The key that signs now (with its private part) and the published set. */
    public Snapshot snapshot() {
        List<SigningKey> keys = store.list();
        Snapshot s = snapshot;
        if (s == null || (s.source() != keys && !s.source().equals(keys))) {
            s = rebuild(keys);
        }
        return s;
    }

    /** The public key with this id, if it is published. */
    public Optional<JWK> verificationKey(String kid) {
        return Optional.ofNullable(snapshot().published().getKeyByKeyId(kid));
    }

    /** Builds the snapshot from the store now (after this node changed the keys). */
    public Snapshot reload() {
        return rebuild(store.list());
    }

    /** Decrypts the current key once per change of the key list; threads that waited take the result. */
    private synchronized Snapshot rebuild(List<SigningKey> keys) {
        Snapshot current = snapshot;
        if (current != null && current.source().equals(keys)) {
            return current;
        }
        RSAKey signing = null;
        List<JWK> published = new java.util.ArrayList<>();
        for (SigningKey k : keys) {
            if (!k.isPublished()) {
                continue;
            }
            RSAKey pub = parsePublic(k);
            published.add(pub);
            if (k.status() == SigningKey.Status.CURRENT) {
                signing = withPrivate(pub, k);
            }
        }
        if (signing == null) {
            throw new IllegalStateException("no current signing key in the database");
        }
        Snapshot s = new Snapshot(signing, new JWKSet(published), List.copyOf(keys));
        snapshot = s;
        return s;
    }

    public List<SigningKey> list() {
        return store.list();
    }

    public Optional<SigningKey> find(String kid) {
        return store.find(kid);
    }

    /** Next becomes current, current becomes previous, and a new next key is made. Returns the new current key. */
    public synchronized SigningKey rotate() {
        for (int attempt = 0; attempt < 3; attempt++) {
            SigningKey current = store.list().stream().filter(k -> k.status() == SigningKey.Status.CURRENT)
                    .findFirst().orElseThrow();
            Instant now = clock.instant();
            if (store.rotate(current.kid(), generate(SigningKey.Status.NEXT, now), now)) {
                reload();
                return store.list().stream().filter(k -> k.status() == SigningKey.Status.CURRENT).findFirst().orElseThrow();
            }
        }
        throw new IllegalStateException("the signing keys changed during rotation three times in a row");
    }

    /** Revokes a previous or next key. Empty when there is no such key; throws when it is the current key. */
    public synchronized Optional<SigningKey> revoke(String kid) {
        Optional<SigningKey> key = store.find(kid);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (key.get().status() == SigningKey.Status.CURRENT) {
            throw new IllegalArgumentException("The current signing key cannot be revoked; rotate first.");
        }
        store.revoke(kid, clock.instant());
        reload();
        return store.find(kid);
    }

    /** SHA-1 (x5t) or SHA-256 fingerprint of a key's certificate, as lower-case hex. */
    public static String fingerprint(SigningKey key, String algorithm) {
        try {
            byte[] der = java.util.Base64.getDecoder().decode(key.certificate());
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate as PEM, as Auth0's signing-key endpoints show it. */
    public static String pem(SigningKey key) {
        StringBuilder sb = new StringBuilder("-----BEGIN CERTIFICATE-----\r\n");
        String b64 = key.certificate();
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append("\r\n");
        }
        return sb.append("-----END CERTIFICATE-----").toString();
    }

    SigningKey generate(SigningKey.Status status, Instant now) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            byte[] der = new JcaX509v3CertificateBuilder(new X500Name("CN=atrium"), BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), new X500Name("CN=atrium"), pub)
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))
                    .getEncoded();
            RSAKey probe = new RSAKey.Builder(pub).build();
            String kid = probe.computeThumbprint().toString();
            RSAKey jwk = new RSAKey.Builder(pub)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .x509CertChain(List.of(Base64.encode(der)))
                    .x509CertThumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)))
                    .build();
            return new SigningKey(kid, jwk.toJSONString(), masterKey.encrypt(pair.getPrivate().getEncoded()),
                    java.util.Base64.getEncoder().encodeToString(der), status, false, now,
                    status == SigningKey.Status.CURRENT ? Optional.of(now) : Optional.empty(),
                    Optional.empty(), Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a signing key", e);
        }
    }

    private static RSAKey parsePublic(SigningKey k) {
        try {
            return RSAKey.parse(k.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("stored signing key " + k.kid() + " is not a valid JWK", e);
        }
    }

    private RSAKey withPrivate(RSAKey pub, SigningKey k) {
        try {
            RSAPrivateKey priv = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(masterKey.decrypt(k.privateKeyEncrypted())));
            return new RSAKey.Builder(pub).privateKey(priv).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read signing key " + k.kid(), e);
        }
    }
}
