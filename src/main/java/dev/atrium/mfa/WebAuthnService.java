package dev.atrium.mfa;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.Base64UrlUtil;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * WebAuthn registration and assertion (issue 12) with webauthn4j: the options a page hands to
 * {@code navigator.credentials.create/get}, and the verification of what the browser answers. The relying party is
 * the issuer: its origin is the only origin accepted and its host the rp id. Each challenge is random (32 bytes),
 * kept bound to what it was issued for ({@code boundTo}: purpose, transaction and browser) and taken by its answer,
 * so it works once and nowhere else. Attestation is the tenant's choice: {@code none} (the default: any statement
 * is accepted unverified) or {@code direct} (a packed or FIDO U2F statement whose signature verifies, never self or
 * none attestation; no trust anchors are configured, so the certificate chain is not checked against a root).
 */
public final class WebAuthnService {
    /** The tenant setting naming the attestation asked for and verified: {@code none} or {@code direct}. */
    public static final String ATTESTATION_SETTING = "atrium_webauthn_attestation";
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final WebAuthnCredentialStore store;
    private final Clock clock;
    private final Origin origin;
    private final String rpId;
    private final Supplier<String> attestation;
    /** Made at the first ceremony: webauthn4j's converters and verifiers load some hundred classes a start need not wait for (issue 15). */
    private final dev.atrium.common.Lazy<Verifiers> verifiers = dev.atrium.common.Lazy.of(Verifiers::make);

    /** webauthn4j's parsers and verifiers: {@code lenient} for parsing and assertions, {@code strict} for {@code direct} attestation. */
    private record Verifiers(AttestedCredentialDataConverter acdConverter, WebAuthnManager lenient, WebAuthnManager strict) {
        static Verifiers make() {
            ObjectConverter converter = new ObjectConverter();
            return new Verifiers(new AttestedCredentialDataConverter(converter), WebAuthnManager.createNonStrictWebAuthnManager(converter),
                    new WebAuthnManager(List.of(new PackedAttestationStatementVerifier(), new FIDOU2FAttestationStatementVerifier()),
                            new NullCertPathTrustworthinessVerifier(), new DefaultSelfAttestationTrustworthinessVerifier(false), converter));
        }
    }

    /**
     * @param issuer      the public base URL: its origin is the expected origin, its host the rp id
     * @param attestation the tenant's {@link #ATTESTATION_SETTING} ({@code none} or {@code direct}), read per request
     */
    public WebAuthnService(WebAuthnCredentialStore store, Clock clock, String issuer, Supplier<String> attestation) {
        this.store = store;
        this.clock = clock;
        URI u = URI.create(issuer);
        this.origin = new Origin(u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
        this.rpId = u.getHost();
        this.attestation = attestation;
    }

    /** Why a registration or an assertion was refused; the message is for the page. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** What a credential is for: its stored type, whether it must be discoverable, and whether it must verify the user. */
    public enum Kind {
        ROAMING(WebAuthnCredential.ROAMING, "cross-platform", false, false),
        PLATFORM(WebAuthnCredential.PLATFORM, "platform", false, true),
        PASSKEY(WebAuthnCredential.PASSKEY, null, true, true);

        final String type;
        final String attachment;
        final boolean discoverable;
        final boolean userVerification;

        Kind(String type, String attachment, boolean discoverable, boolean userVerification) {
            this.type = type;
            this.attachment = attachment;
            this.discoverable = discoverable;
            this.userVerification = userVerification;
        }

        public String type() {
            return type;
        }
    }

    public String rpId() {
        return rpId;
    }

    /** The stable, opaque user handle of a user: never their id or address in clear. */
    public static byte[] userHandle(String userId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("atrium-webauthn-user:" + userId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String challenge(String boundTo) {
        byte[] c = new byte[32];
        RANDOM.nextBytes(c);
        String b64 = Base64UrlUtil.encodeToString(c);
        store.saveChallenge(b64, boundTo, clock.instant().plus(CHALLENGE_LIFETIME), clock.instant());
        return b64;
    }

    private boolean direct() {
        return "direct".equals(attestation.get());
    }

    /** The options of {@code navigator.credentials.create} for a new credential of {@code kind}, in JSON (base64url binaries). */
    public ObjectNode registrationOptions(Kind kind, String userId, String userName, String displayName, String boundTo) {
        ObjectNode o = JSON.objectNode();
        o.put("challenge", challenge(boundTo));
        o.set("rp", JSON.objectNode().put("id", rpId).put("name", rpId));
        o.set("user", JSON.objectNode().put("id", Base64UrlUtil.encodeToString(userHandle(userId)))
                .put("name", userName).put("displayName", displayName));
        ArrayNode params = o.putArray("pubKeyCredParams");
        for (long alg : new long[]{-7, -257, -8}) {
            params.add(JSON.objectNode().put("type", "public-key").put("alg", alg));
        }
        ObjectNode sel = JSON.objectNode();
        if (kind.attachment != null) {
            sel.put("authenticatorAttachment", kind.attachment);
        }
        sel.put("residentKey", kind.discoverable ? "required" : "discouraged");
        sel.put("requireResidentKey", kind.discoverable);
        sel.put("userVerification", kind.userVerification ? "required" : "discouraged");
        o.set("authenticatorSelection", sel);
        o.put("attestation", direct() ? "direct" : "none");
        o.put("timeout", CHALLENGE_LIFETIME.toMillis());
        ArrayNode exclude = o.putArray("excludeCredentials");
        store.list(userId).forEach(c -> exclude.add(descriptor(c)));
        return o;
    }

    /** The options of {@code navigator.credentials.get}: the user's credentials of {@code kind}, or none for a passkey. */
    public ObjectNode assertionOptions(Kind kind, String userId, String boundTo) {
        ObjectNode o = JSON.objectNode();
        o.put("challenge", challenge(boundTo));
        o.put("rpId", rpId);
        o.put("timeout", CHALLENGE_LIFETIME.toMillis());
        o.put("userVerification", kind.userVerification ? "required" : "discouraged");
        ArrayNode allow = o.putArray("allowCredentials");
        if (kind != Kind.PASSKEY) {
            store.list(userId).stream().filter(c -> c.type().equals(kind.type)).forEach(c -> allow.add(descriptor(c)));
        }
        return o;
    }

    private static ObjectNode descriptor(WebAuthnCredential c) {
        ObjectNode d = JSON.objectNode().put("type", "public-key").put("id", c.credentialId());
        ArrayNode t = d.putArray("transports");
        c.transports().forEach(t::add);
        return d;
    }

    /**
     * Verifies the browser's answer to {@link #registrationOptions} ({@code PublicKeyCredential} in its JSON form)
     * and stores the credential for the user.
     */
    public WebAuthnCredential register(Kind kind, String userId, String responseJson, String boundTo, String name) throws Refused {
        RegistrationData data;
        try {
            data = verifiers.get().lenient().parseRegistrationResponseJSON(responseJson);
        } catch (RuntimeException e) {
            throw new Refused("The security key's answer could not be read.");
        }
        if (data.getCollectedClientData() == null || data.getAttestationObject() == null
                || data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
            throw new Refused("The security key's answer could not be read.");
        }
        takeChallenge(data.getCollectedClientData() == null ? null : data.getCollectedClientData().getChallenge(), boundTo);
        ServerProperty server = ServerProperty.builder().origin(origin).rpId(rpId)
                .challenge(data.getCollectedClientData().getChallenge()).build();
        List<PublicKeyCredentialParameters> algs = List.of(
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256),
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA));
        try {
            (direct() ? verifiers.get().strict() : verifiers.get().lenient()).verify(data, new RegistrationParameters(server, algs, kind.userVerification, true));
        } catch (RuntimeException e) {
            throw new Refused(direct() ? "The security key's answer or its attestation did not verify." : "The security key's answer did not verify.");
        }
        AttestedCredentialData acd = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
        List<String> transports = data.getTransports() == null ? List.of()
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().toList();
        WebAuthnCredential c = new WebAuthnCredential("webauthn|dev_" + dev.atrium.common.Ids.alnum(20), userId,
                Base64UrlUtil.encodeToString(acd.getCredentialId()), Base64UrlUtil.encodeToString(verifiers.get().acdConverter().convert(acd)),
                data.getAttestationObject().getAuthenticatorData().getSignCount(), kind.type, transports, name,
                clock.instant(), null);
        if (!store.create(c)) {
            throw new Refused("This security key is registered already.");
        }
        return c;
    }

    /**
     * Verifies the browser's answer to {@link #assertionOptions}: the credential must be of {@code kind} and, for a
     * second factor, of {@code userId}; for a passkey ({@code userId} null) the user handle must be its holder's.
     * The signature counter must move forward (a clone shows itself), and moves by compare-and-set.
     *
     * @return the credential used (its holder is the user signing in)
     */
    public WebAuthnCredential authenticate(Kind kind, String userId, String responseJson, String boundTo) throws Refused {
        AuthenticationData data;
        try {
            data = verifiers.get().lenient().parseAuthenticationResponseJSON(responseJson);
        } catch (RuntimeException e) {
            throw new Refused("The security key's answer could not be read.");
        }
        if (data.getCollectedClientData() == null || data.getCredentialId() == null || data.getAuthenticatorData() == null) {
            throw new Refused("The security key's answer could not be read.");
        }
        takeChallenge(data.getCollectedClientData() == null ? null : data.getCollectedClientData().getChallenge(), boundTo);
        Optional<WebAuthnCredential> found = store.findByCredentialId(Base64UrlUtil.encodeToString(data.getCredentialId()));
        if (found.isEmpty() || !found.get().type().equals(kind.type) || (userId != null && !found.get().userId().equals(userId))) {
            throw new Refused("This security key is not registered for your account.");
        }
        WebAuthnCredential c = found.get();
        if (kind == Kind.PASSKEY && (data.getUserHandle() == null
                || !MessageDigest.isEqual(data.getUserHandle(), userHandle(c.userId())))) {
            throw new Refused("This passkey is not registered for your account.");
        }
        AttestedCredentialData acd = verifiers.get().acdConverter().convert(Base64UrlUtil.decode(c.attestedCredentialData()));
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null, c.signCount(), acd,
                null, null, null, null);
        ServerProperty server = ServerProperty.builder().origin(origin).rpId(rpId)
                .challenge(data.getCollectedClientData().getChallenge()).build();
        try {
            verifiers.get().lenient().verify(data, new AuthenticationParameters(server, record,
                    kind == Kind.PASSKEY ? null : List.of(data.getCredentialId()), kind.userVerification, true));
        } catch (MaliciousCounterValueException e) {
            throw new Refused("This security key's signature counter went backwards; it may have been copied.");
        } catch (RuntimeException e) {
            throw new Refused("The security key's answer did not verify.");
        }
        long count = data.getAuthenticatorData().getSignCount();
        if (!store.use(c.id(), c.signCount(), Math.max(count, c.signCount()), clock.instant())) {
            throw new Refused("This security key was just used; try again.");
        }
        return c;
    }

    private void takeChallenge(com.webauthn4j.data.client.challenge.Challenge challenge, String boundTo) throws Refused {
        if (challenge == null || !store.takeChallenge(Base64UrlUtil.encodeToString(challenge.getValue()), boundTo, clock.instant())) {
            throw new Refused("This request has expired or was already used. Try again.");
        }
    }

    // ---- a user's credentials

    public List<WebAuthnCredential> list(String userId) {
        return store.list(userId);
    }

    public boolean has(String userId, String type) {
        return store.list(userId).stream().anyMatch(c -> c.type().equals(type));
    }

    public Optional<WebAuthnCredential> find(String userId, String id) {
        return store.find(userId, id);
    }

    public boolean delete(String userId, String id) {
        return store.delete(userId, id);
    }

    /** Every second-factor credential of the user (security keys, platform authenticators); passkeys stay. */
    public void deleteSecondFactors(String userId) {
        store.list(userId).stream().filter(c -> !WebAuthnCredential.PASSKEY.equals(c.type())).forEach(c -> store.delete(userId, c.id()));
    }

    public int deleteAll(String userId) {
        return store.deleteAll(userId);
    }
}
