package dev.atrium.authflow;

import dev.atrium.common.OAuthError;

import dev.atrium.access.AccessDecision;

import java.time.Instant;
import java.util.List;

/**
 * Decides the next step of a browser sign-in from the stored transaction and what the caller
 * looked up about it. Pure: no I/O and no clock, so every branch is tested as a table. Hosted pages
 * never send the browser to each other; they update the transaction and come back here.
 *
 * <p>Order: the organization prompt (pre-login), authentication (existing session, or the login/sign-up
 * page), the access decision (which may ask for the organization picker), consent, then the code.
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
     * @param access          once authenticated and not yet granted: the access decision for the transaction (else null)
     * @param consentRequired the request asks for API scopes that this client must have consented
     * @param consentCovered  a stored consent already covers those scopes
     * @param signupAllowed   the client has a database connection that allows sign-up
     * @param mfaRequired     the policy asks this sign-in for a second factor (tenant, request, organization, enrollment)
     */
    public record Input(AuthTransaction tx, ClientView client, SessionView session, boolean sessionUsable,
                        AccessDecision access, boolean consentRequired, boolean consentCovered, boolean signupAllowed,
                        Instant now, boolean mfaRequired) {
    }

    /** The application's organization settings. */
    public record ClientView(dev.atrium.clients.OrganizationUsage usage, dev.atrium.clients.RequireBehavior requireBehavior) {
    }

    /** The part of an SSO session the dispatcher reads. */
    public record SessionView(String userId, String connectionId, Instant authTime, String sid) {
    }

    public static FlowStep next(Input in) {
        AuthTransaction tx = in.tx();
        AuthRequest req = tx.request();
        boolean none = req.hasPrompt("none");

        if (!tx.authenticated()) {
            // F3: the pre-login prompt asks for the organization before any credentials (O37)
            if (needsOrganizationPrompt(in)) {
                return none ? new FlowStep.Fail(OAuthError.INTERACTION_REQUIRED, "The organization must be chosen by the user")
                        : new FlowStep.ShowOrganizationPrompt();
            }
            // prompt=select_account has no account chooser here: it asks for credentials, like prompt=login;
            // an invitation always shows the login page, whatever the session (O74)
            boolean forceLogin = req.hasPrompt("login") || req.hasPrompt("select_account") || req.invitation() != null;
            if (in.session() != null && in.sessionUsable() && !forceLogin && fresh(in.session(), req, in.now())) {
                return new FlowStep.AdoptSession();
            }
            if (none) {
                return new FlowStep.Fail(OAuthError.LOGIN_REQUIRED, "Login required");
            }
            return "signup".equals(req.screenHint()) && in.signupAllowed() ? new FlowStep.ShowSignup() : new FlowStep.ShowLogin();
        }
        // MFA (issue 12): right after the credentials, before any organization or consent step; an organization
        // chosen on the picker re-evaluates the requirement, so its policy is asked before the access is applied
        if (in.mfaRequired() && !tx.mfaDone()) {
            return none ? new FlowStep.Fail(OAuthError.INTERACTION_REQUIRED, "Multi-factor authentication required")
                    : new FlowStep.ShowMfa();
        }
        if (!tx.accessGranted()) {
            AccessDecision d = in.access();
            if (d instanceof AccessDecision.Deny deny) {
                return new FlowStep.Fail(deny.error(), deny.description());
            }
            if (d instanceof AccessDecision.ChooseOrganization c) {
                return none ? new FlowStep.Fail(OAuthError.INTERACTION_REQUIRED, "The organization must be chosen by the user")
                        : new FlowStep.ShowOrganizationPicker(c.candidates());
            }
            if (d instanceof AccessDecision.Allow a) {
                return new FlowStep.ApplyAccess(a.organization(), a.addMembership());
            }
            throw new IllegalArgumentException("the caller resolves " + d + " before dispatching");
        }
        if (in.consentRequired() && tx.consentedScopes() == null) {
            boolean ask = !in.consentCovered() || req.hasPrompt("consent");
            if (ask) {
                return none ? new FlowStep.Fail(OAuthError.CONSENT_REQUIRED, "Consent required") : new FlowStep.ShowConsent();
            }
        }
        return new FlowStep.IssueCode();
    }

    static boolean needsOrganizationPrompt(Input in) {
        AuthTransaction tx = in.tx();
        return in.client().usage() != dev.atrium.clients.OrganizationUsage.DENY
                && in.client().requireBehavior() == dev.atrium.clients.RequireBehavior.PRE_LOGIN_PROMPT
                && tx.organizationId() == null && !tx.personal() && tx.request().organization() == null
                && tx.request().invitation() == null;
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
