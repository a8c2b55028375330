package dev.atrium.access;

/**
 * Why access was refused: stable codes for logs and tests, each with the OAuth error it maps to
 * (organizations.md §2.16, third-party-apps.md §2.14). One vocabulary for the organization decision and the
 * third-party refusals ({@code oauth.ThirdPartyAccess}), so a log can explain every refusal alike.
 */
public enum ReasonCode {
    THIRD_PARTY_REQUIRES_DOMAIN_CONNECTION("invalid_request"),
    CONNECTION_NOT_ENABLED_FOR_CLIENT("access_denied"),
    ORGANIZATION_NOT_ALLOWED_FOR_CLIENT("invalid_request"),
    ORGANIZATION_REQUIRED("invalid_request"),
    NO_MEMBERSHIP("access_denied"),
    THIRD_PARTY_NOT_ALLOWED_BY_ORGANIZATION("invalid_request"),
    CLIENT_NOT_ENABLED_FOR_ORGANIZATION("access_denied"),
    CONNECTION_NOT_ENABLED_FOR_ORGANIZATION("invalid_request"),
    NOT_A_MEMBER("access_denied"),
    INVITATION_EMAIL_MISMATCH("access_denied"),
    /** X7 (T49): the API's access policy for this flow is {@code deny_all}. */
    API_ACCESS_DENIED_BY_POLICY("access_denied"),
    /** X6 (T44, T48, T50, T83): a third-party application without the grant the API's policy requires, or any system API. */
    THIRD_PARTY_NOT_AUTHORIZED_FOR_API("unauthorized_client");

    private final String oauthError;

    ReasonCode(String oauthError) {
        this.oauthError = oauthError;
    }

    public String oauthError() {
        return oauthError;
    }

    /** The stable lower_snake form used in logs. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
