package dev.atrium.authflow;

import java.time.Instant;
import java.util.List;

/**
 * Decides the next step of a browser sign-in from the stored transaction and what the caller
 * looked up about it. Pure: no I/O and no clock, so every branch is tested as a table. Hosted pages
 * never send the browser to each other; they update the transaction and come back here.
 *
 * <p>Order: authentication (existing session, or the login/sign-up page), then consent, then the code.
 * Under {@code prompt=none} every step that needs the user becomes an error instead
 * ({@code login_required}, {@code consent_required}).
 *
 * <p>Specifications: OpenID Connect Core §3.1.2.1 ({@code prompt}, {@code max_age}); api-contract.md §A.5 steps 7–9.
 */
public final class FlowDispatcher {
    private FlowDispatcher() {
    }

    /**
     * What the dispatcher needs besides the transaction.
     *
     * @param session         the browser's SSO session, if it has a live one
     * @param sessionUsable   the session's user still exists, is not blocked, and its connection is enabled for the client
     * @param consentRequired the request asks for API scopes that this client must have consented
     * @param consentCovered  a stored consent already covers those scopes
     * @param signupAllowed   the client has a database connection that allows sign-up
     */
    public record Input(AuthTransaction tx, SessionView session, boolean sessionUsable, boolean consentRequired,
                        boolean consentCovered, boolean signupAllowed, Instant now) {
    }

    /** The part of an SSO session the dispatcher reads. */
    public record SessionView(String userId, String connectionId, Instant authTime, String sid) {
    }

    public static FlowStep next(Input in) {
        AuthTransaction tx = in.tx();
        AuthRequest req = tx.request();
        boolean none = req.hasPrompt("none");

        if (!tx.authenticated()) {
            // prompt=select_account has no account chooser here: it asks for credentials, like prompt=login
            boolean forceLogin = req.hasPrompt("login") || req.hasPrompt("select_account");
            if (in.session() != null && in.sessionUsable() && !forceLogin && fresh(in.session(), req, in.now())) {
                return new FlowStep.AdoptSession();
            }
            if (none) {
                return new FlowStep.Fail("login_required", "Login required");
            }
            return "signup".equals(req.screenHint()) && in.signupAllowed() ? new FlowStep.ShowSignup() : new FlowStep.ShowLogin();
        }
        if (in.consentRequired() && tx.consentedScopes() == null) {
            boolean ask = !in.consentCovered() || req.hasPrompt("consent");
            if (ask) {
                return none ? new FlowStep.Fail("consent_required", "Consent required") : new FlowStep.ShowConsent();
            }
        }
        return new FlowStep.IssueCode();
    }

    /** {@code max_age}: the session's authentication is recent enough. */
    static boolean fresh(SessionView s, AuthRequest req, Instant now) {
        return req.maxAge() == null || !s.authTime().plusSeconds(req.maxAge()).isBefore(now);
    }

    /** The scopes that need the user's consent: the requested ones minus the OpenID Connect scopes. */
    public static List<String> apiScopes(List<String> requested) {
        return requested.stream().filter(s -> !OIDC_SCOPES.contains(s)).toList();
    }

    public static final java.util.Set<String> OIDC_SCOPES = java.util.Set.of("openid", "profile", "email",
            "offline_access", "address", "phone", "name", "given_name", "family_name", "nickname", "email_verified",
            "picture", "created_at", "identities");
}
