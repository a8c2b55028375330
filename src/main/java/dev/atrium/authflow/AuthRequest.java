package dev.atrium.authflow;

import java.util.List;
import java.util.Set;

/**
 * An {@code /authorize} request after validation: everything later steps need, and nothing else.
 * Nullable fields are absent parameters. {@code redirectUri} is always the one to answer to;
 * {@code redirectUriSent} tells whether the client named it (then the token request must repeat it).
 *
 * <p>Specifications: RFC 6749 §4.1.1; RFC 7636 (PKCE); OpenID Connect Core §3.1.2.1; api-contract.md §A.5.
 */
public record AuthRequest(
        String clientId,
        String redirectUri,
        boolean redirectUriSent,
        String responseMode,
        List<String> scope,
        String audience,
        String state,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        Set<String> prompt,
        Long maxAge,
        String loginHint,
        String connection,
        String screenHint,
        String uiLocales,
        String organization,
        String invitation,
        String acrValues,
        String responseType) {

    /** The response type, {@code code} when absent (transactions stored before the field existed). */
    public String responseTypeOrCode() {
        return responseType == null ? "code" : responseType;
    }

    /** An ID token goes back through the browser ({@code id_token}, {@code code id_token}). */
    public boolean returnsIdToken() {
        return responseTypeOrCode().startsWith("code id_token") || responseTypeOrCode().equals("id_token");
    }

    /** A code goes back through the browser. */
    public boolean returnsCode() {
        return responseTypeOrCode().startsWith("code");
    }

    public boolean hasPrompt(String p) {
        return prompt != null && prompt.contains(p);
    }

    public boolean wantsOpenId() {
        return scope.contains("openid");
    }

    public boolean wantsOfflineAccess() {
        return scope.contains("offline_access");
    }
}
