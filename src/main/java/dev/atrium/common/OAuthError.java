package dev.atrium.common;

import java.util.Locale;

/**
 * The OAuth error codes Atrium answers with: the one place their wire spelling is written
 * ({@code OAuthErrorVocabularyTest} fails on a quoted code anywhere else in {@code src/main}).
 *
 * <p>Sources: RFC 6749 §4.1.2.1 and §5.2, OpenID Connect Core §3.1.2.6, RFC 7591 §3.2.2, RFC 6750 §3.1,
 * RFC 8707 §2 and Auth0's additions ({@code too_many_requests}, {@code unauthorized_client} for a bad secret).
 */
public enum OAuthError {
    INVALID_REQUEST,
    INVALID_CLIENT,
    INVALID_GRANT,
    UNAUTHORIZED_CLIENT,
    UNSUPPORTED_GRANT_TYPE,
    INVALID_SCOPE,
    ACCESS_DENIED,
    UNSUPPORTED_RESPONSE_TYPE,
    SERVER_ERROR,
    TEMPORARILY_UNAVAILABLE,
    /** RFC 8707: a {@code resource} the server does not serve or the client may not use. */
    INVALID_TARGET,
    LOGIN_REQUIRED,
    CONSENT_REQUIRED,
    INTERACTION_REQUIRED,
    /** RFC 7591 (dynamic registration). */
    INVALID_CLIENT_METADATA,
    INVALID_REDIRECT_URI,
    INVALID_SOFTWARE_STATEMENT,
    UNAPPROVED_SOFTWARE_STATEMENT,
    /** RFC 6750 (bearer tokens at {@code /userinfo}). */
    INVALID_TOKEN,
    INSUFFICIENT_SCOPE,
    /** Auth0's answer to a rate limit (HTTP 429). */
    TOO_MANY_REQUESTS,
    /** Auth0's error for a blocked user at the end of a sign-in. */
    UNAUTHORIZED,
    /** Auth0's database-connection errors ({@code /dbconnections/signup}, {@code /dbconnections/change_password}). */
    INVALID_PASSWORD,
    INVALID_SIGNUP;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** The code as written on the wire, e.g. {@code invalid_request}. */
    public String code() {
        return code;
    }

    /** The wire code, so the error can be concatenated or written as a JSON value directly. */
    @Override
    public String toString() {
        return code;
    }

    /**
     * The error with wire code {@code code}. Bridges code that still passes the code as a string.
     *
     * @throws IllegalArgumentException for a code outside this vocabulary
     */
    public static OAuthError of(String code) {
        for (OAuthError e : values()) {
            if (e.code.equals(code)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Not an OAuth error code: " + code);
    }
}
