package dev.atrium.mfa;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.AttestationStatement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.attestation.statement.PackedAttestationStatement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A software WebAuthn authenticator for tests (issue 12): one EC P-256 credential, answering the options a page
 * carries with the JSON a browser would post. Its answers are built here: the client data JSON by hand, the
 * authenticator data and attestation object with webauthn4j's CBOR converters, the signature with the JDK; the
 * fields an attack changes (origin, rp id, counter, challenge) can be set before each answer.
 */
public final class SoftAuthenticator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ObjectConverter converter = new ObjectConverter();
    final KeyPair keys;
    final byte[] credentialId = new byte[32];
    byte[] userHandle;
    public long counter;
    public String origin;
    public String rpId;
    public boolean userVerified = true;
    /** "none" or "self" (packed, signed with the credential's own key). */
    public String attestation = "none";

    public SoftAuthenticator(String origin, String rpId) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
        this.origin = origin;
        this.rpId = rpId;
    }

    /** A copy holding the same key and credential (a cloned authenticator), with its own counter. */
    public SoftAuthenticator(SoftAuthenticator original) {
        this.keys = original.keys;
        System.arraycopy(original.credentialId, 0, credentialId, 0, credentialId.length);
        this.userHandle = original.userHandle;
        this.counter = original.counter;
        this.origin = original.origin;
        this.rpId = original.rpId;
    }

    static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    public String credentialIdB64() {
        return b64u(credentialId);
    }

    private byte[] clientData(String type, String challenge) {
        ObjectNode c = JSON.createObjectNode().put("type", type).put("challenge", challenge).put("origin", origin).put("crossOrigin", false);
        return c.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte flags(boolean attested) {
        byte f = AuthenticatorData.BIT_UP;
        if (userVerified) {
            f |= AuthenticatorData.BIT_UV;
        }
        if (attested) {
            f |= AuthenticatorData.BIT_AT;
        }
        return f;
    }

    private byte[] sign(byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(data);
        return s.sign();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    /** The answer to {@code navigator.credentials.create(options)}, as the page's script posts it. */
    public String create(JsonNode options) throws Exception {
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asString());
        byte[] clientData = clientData("webauthn.create", options.path("challenge").asString());
        AttestedCredentialData acd = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> authData =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(true), counter, acd);
        AttestationStatement statement = new NoneAttestationStatement();
        if ("self".equals(attestation)) {
            byte[] raw = new AuthenticatorDataConverter(converter).convert(authData);
            statement = new PackedAttestationStatement(COSEAlgorithmIdentifier.ES256, sign(concat(raw, sha256(clientData))), null);
        }
        byte[] attestationObject = new AttestationObjectConverter(converter).convertToBytes(new AttestationObject(authData, statement));
        ObjectNode response = JSON.createObjectNode().put("clientDataJSON", b64u(clientData)).put("attestationObject", b64u(attestationObject));
        response.putArray("transports").add("usb");
        ObjectNode out = JSON.createObjectNode().put("id", b64u(credentialId)).put("rawId", b64u(credentialId)).put("type", "public-key");
        out.set("response", response);
        out.putObject("clientExtensionResults");
        return out.toString();
    }

    /** The answer to {@code navigator.credentials.get(options)}; the counter moves on by one first. */
    public String get(JsonNode options) throws Exception {
        counter++;
        byte[] clientData = clientData("webauthn.get", options.path("challenge").asString());
        byte[] authData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8))).put(flags(false))
                .putInt((int) counter).array();
        byte[] signature = sign(concat(authData, sha256(clientData)));
        ObjectNode response = JSON.createObjectNode().put("clientDataJSON", b64u(clientData)).put("authenticatorData", b64u(authData))
                .put("signature", b64u(signature));
        if (userHandle != null) {
            response.put("userHandle", b64u(userHandle));
        }
        ObjectNode out = JSON.createObjectNode().put("id", b64u(credentialId)).put("rawId", b64u(credentialId)).put("type", "public-key");
        out.set("response", response);
        out.putObject("clientExtensionResults");
        return out.toString();
    }
}
