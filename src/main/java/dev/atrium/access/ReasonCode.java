package dev.atrium.access;

/**
 * Why access was refused: stable codes for logs and tests, each with the OAuth error it maps to
 * (organizations.md §2.16, third-party-apps.md §2.14).
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
    INVITATION_EMAIL_MISMATCH("access_denied");

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
