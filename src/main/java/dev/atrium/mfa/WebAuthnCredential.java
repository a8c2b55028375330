package dev.atrium.mfa;

import java.time.Instant;
import java.util.List;

/**
 * One WebAuthn credential of a user (issue 12).
 *
 * @param credentialId           base64url of the authenticator's credential id (unique across users)
 * @param attestedCredentialData base64url of the attested credential data (AAGUID, credential id, COSE public key)
 * @param signCount              the highest signature counter accepted so far
 * @param type                   {@link #ROAMING}, {@link #PLATFORM} or {@link #PASSKEY}
 * @param transports             the transports the browser reported at registration (hints for the next request)
 * @param lastUsedAt             the last successful assertion, or null
 */
public record WebAuthnCredential(String id, String userId, String credentialId, String attestedCredentialData, long signCount,
                                 String type, List<String> transports, String name, Instant createdAt, Instant lastUsedAt) {
    /** A security key used as a second factor. */
    public static final String ROAMING = "roaming";
    /** A platform authenticator (fingerprint, face, device PIN) used as a second factor. */
    public static final String PLATFORM = "platform";
    /** A discoverable credential used as a first factor on a database connection. */
    public static final String PASSKEY = "passkey";

    public WebAuthnCredential {
        transports = List.copyOf(transports);
    }

    /** Auth0's authentication-method type: {@code webauthn-roaming}, {@code webauthn-platform} or {@code passkey}. */
    public String methodType() {
        return PASSKEY.equals(type) ? "passkey" : "webauthn-" + type;
    }
}
