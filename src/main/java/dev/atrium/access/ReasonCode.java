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
    THIRD_PARTY_NOT_AUTHORIZED_FOR_API(OAuthError.UNAUTHORIZED_CLIENT);

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
