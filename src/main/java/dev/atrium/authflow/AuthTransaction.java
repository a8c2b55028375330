package dev.atrium.authflow;

import java.time.Instant;
import java.util.List;

/**
 * The stored state of one {@code /authorize} request, from the request to the code. Every hosted
 * page reads it by id and writes its outcome back, then returns the browser to the dispatcher.
 *
 * <pre>
 *   STARTED ──(organization prompt)──▶ ORG_CHOSEN ──login / adopted session──▶ AUTHENTICATED
 *   AUTHENTICATED ──(organization picker)──▶ access decided ──consent (when needed)──▶ CONSENTED ──▶ CODE_ISSUED
 *      └──────────────── any failure ─────────────────────────────▶ (error returned; transaction deleted)
 * </pre>
 * The state is derived, not stored: authenticated means {@code userId != null}; consented means
 * {@code consentedScopes != null}. A transaction is bound to the browser that started it
 * ({@code deviceId}, from a cookie; the CSRF tokens of its forms derive from the same cookie) and expires.
 *
 * @param loggedInHere    the user typed credentials during this transaction (so {@code prompt=login} is met)
 * @param consentedScopes the scopes the user accepted on the consent screen in this transaction, or null
 * @param organizationId  the organization of this sign-in, once known (parameter, prompt, picker or invitation)
 * @param personal        the user chose "continue with a personal account" on the organization prompt or picker
 * @param accessGranted   the access decision allowed the sign-in (and any membership it implied was created)
 */
public record AuthTransaction(
        String id,
        String deviceId,
        AuthRequest request,
        Instant createdAt,
        Instant expiresAt,
        String userId,
        String connectionId,
        Instant authTime,
        String sid,
        boolean loggedInHere,
        List<String> consentedScopes,
        String organizationId,
        boolean personal,
        boolean accessGranted) {

    /** A new transaction for a validated request; {@code organizationId}: the organization the request named, or null. */
    public static AuthTransaction start(String id, String deviceId, AuthRequest request, Instant now, java.time.Duration lifetime,
                                        String organizationId) {
        return new AuthTransaction(id, deviceId, request, now, now.plus(lifetime), null, null, null, null, false, null,
                organizationId, false, false);
    }

    public boolean authenticated() {
        return userId != null;
    }

    /**
     * The organization of this transaction is settled: the access decision allowed it, or it was chosen after
     * authentication. From then on no prompt or picker may change it (the organization-switch attack).
     */
    public boolean organizationSettled() {
        return accessGranted || (authenticated() && (organizationId != null || personal));
    }

    public AuthTransaction authenticated(String user, String connection, Instant at, String sessionId, boolean typed) {
        return new AuthTransaction(id, deviceId, request, createdAt, expiresAt, user, connection, at, sessionId,
                typed || loggedInHere, consentedScopes, organizationId, personal, accessGranted);
    }

    public AuthTransaction consented(List<String> scopes) {
        return new AuthTransaction(id, deviceId, request, createdAt, expiresAt, userId, connectionId, authTime,
                sid, loggedInHere, List.copyOf(scopes), organizationId, personal, accessGranted);
    }

    /**
     * Into another organization (prompt or picker). Any change of organization clears the earlier access
     * decision and consent, so both are asked again for the new organization.
     */
    public AuthTransaction inOrganization(String orgId) {
        return new AuthTransaction(id, deviceId, request, createdAt, expiresAt, userId, connectionId, authTime,
                sid, loggedInHere, null, orgId, false, false);
    }

    /** "Continue with a personal account": out of any organization, the earlier decision and consent cleared. */
    public AuthTransaction asPersonal() {
        return new AuthTransaction(id, deviceId, request, createdAt, expiresAt, userId, connectionId, authTime,
                sid, loggedInHere, null, null, true, false);
    }

    /** The access decision allowed the sign-in, into {@code orgId} (null: none). */
    public AuthTransaction granted(String orgId) {
        return new AuthTransaction(id, deviceId, request, createdAt, expiresAt, userId, connectionId, authTime,
                sid, loggedInHere, consentedScopes, orgId, personal, true);
    }
}
