package dev.atrium.access;

import dev.atrium.common.OAuthError;

/**
 * Why access was refused: stable codes for logs and tests, each with the OAuth error it maps to
 * (organizations.md §2.16, third-party-apps.md §2.14). One vocabulary for the organization decision and the
 * third-party refusals ({@code oauth.ThirdPartyAccess}), so a log can explain every refusal alike.
 */
public enum ReasonCode {
    THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION(OAuthError.INVALID_REQUEST),
    CONNECTION_NOT_ENABLED_FOR_CLIENT(OAuthError.ACCESS_DENIED),
    ORGANIZATION_NOT_ALLOWED_FOR_CLIENT(OAuthError.INVALID_REQUEST),
    ORGANIZATION_REQUIRED(OAuthError.INVALID_REQUEST),
    NO_MEMBERSHIP(OAuthError.ACCESS_DENIED),
    THIRD_PARTY_NOT_ALLOWED_BY_ORGANIZATION(OAuthError.INVALID_REQUEST),
    CLIENT_NOT_ENABLED_FOR_ORGANIZATION(OAuthError.ACCESS_DENIED),
    CONNECTION_NOT_ENABLED_FOR_ORGANIZATION(OAuthError.INVALID_REQUEST),
    NOT_A_MEMBER(OAuthError.ACCESS_DENIED),
    INVITATION_EMAIL_MISMATCH(OAuthError.ACCESS_DENIED),
    /** X7 (T49): the API's access policy for this flow is {@code deny_all}. */
    API_ACCESS_DENIED_BY_POLICY(OAuthError.ACCESS_DENIED),
    /** X6 (T44, T48, T50, T83): a third-party application without the grant the API's policy requires, or any system API. */
    THIRD_PARTY_NOT_AUTHORIZED_FOR_API(OAuthError.UNAUTHORIZED_CLIENT),

    // The grant checks of /oauth/token and of code issuance (issue 10 point 5, issue 19 point 4).
    /** The application's grant_types do not list the grant it used (or a public client used a confidential one). */
    GRANT_TYPE_NOT_ALLOWED(OAuthError.UNAUTHORIZED_CLIENT),
    /** Client credentials without an audience, and the tenant has no default audience. */
    AUDIENCE_MISSING(OAuthError.ACCESS_DENIED),
    /** The audience names no API of the tenant. */
    UNKNOWN_API(OAuthError.ACCESS_DENIED),
    /** Client credentials for an API the application has no client grant (subject type client) for. */
    NO_CLIENT_GRANT(OAuthError.ACCESS_DENIED),
    /** A user flow for an API whose policy requires a client grant (or a strict third-party application) without one. */
    NO_USER_CLIENT_GRANT(OAuthError.ACCESS_DENIED),
    /** A user flow for the Management API that keeps no current_user scope (issue 9). */
    MANAGEMENT_API_REQUIRES_CURRENT_USER_SCOPE(OAuthError.ACCESS_DENIED),
    /** A refresh asked for scopes beyond those first granted. */
    SCOPE_EXCEEDS_GRANT(OAuthError.INVALID_SCOPE),
    /** A code or refresh exchange named a resource other than the API first granted (RFC 8707). */
    RESOURCE_NOT_GRANTED(OAuthError.INVALID_TARGET),
    /** Client credentials named an organization, and the grant's organization usage is deny. */
    ORGANIZATION_NOT_ALLOWED_FOR_GRANT(OAuthError.INVALID_REQUEST),
    /** Client credentials named an organization that does not exist. */
    UNKNOWN_ORGANIZATION(OAuthError.INVALID_REQUEST),
    /** The grant requires an organization, and neither the request nor the application's default gave one. */
    ORGANIZATION_REQUIRED_FOR_GRANT(OAuthError.INVALID_REQUEST),
    /** The organization has not associated the client grant (and the grant does not allow any organization). */
    CLIENT_GRANT_NOT_ENABLED_FOR_ORGANIZATION(OAuthError.ACCESS_DENIED),
    /** The application's or organization's token quota for the period is used up. */
    TOKEN_QUOTA_EXCEEDED(OAuthError.TOO_MANY_REQUESTS),
    /** The refresh token is unknown, another application's, expired or revoked. */
    REFRESH_TOKEN_INVALID(OAuthError.INVALID_GRANT),
    /** A rotated refresh token was presented again after the leeway: its family is revoked. */
    REFRESH_TOKEN_REUSED(OAuthError.INVALID_GRANT),
    /** The authorization code is unknown, expired, or another application's. */
    AUTHORIZATION_CODE_INVALID(OAuthError.INVALID_GRANT),
    /** The authorization code was redeemed before: what it issued is revoked. */
    AUTHORIZATION_CODE_REPLAYED(OAuthError.INVALID_GRANT),
    /** The redirect_uri differs from the one sent to /authorize. */
    REDIRECT_URI_MISMATCH(OAuthError.INVALID_GRANT),
    /** The PKCE verifier is missing, malformed or does not match the challenge. */
    PKCE_VERIFICATION_FAILED(OAuthError.INVALID_GRANT),
    /** The user of the code or refresh token was deleted since. */
    USER_NOT_FOUND(OAuthError.INVALID_GRANT),
    /** The user of the code or refresh token is blocked. */
    USER_BLOCKED(OAuthError.INVALID_GRANT),
    /** The API the code or refresh token was granted for was deleted since. */
    API_NO_LONGER_EXISTS(OAuthError.INVALID_GRANT),
    /** A third-party application's refresh when a sign-in would now need a second factor (T58, X17). */
    MFA_REQUIRED_FOR_THIRD_PARTY_REFRESH(OAuthError.ACCESS_DENIED);

    private final OAuthError oauthError;

    ReasonCode(OAuthError oauthError) {
        this.oauthError = oauthError;
    }

    public OAuthError oauthError() {
        return oauthError;
    }

    /** The stable lower_snake form used in logs. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
