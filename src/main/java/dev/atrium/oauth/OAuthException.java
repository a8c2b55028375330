package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

/**
 * An error of an Authentication API back-channel endpoint, answered as
 * {@code {"error","error_description"}} with {@code Content-Type: application/json}.
 *
 * <p>Specifications: RFC 6749 §5.2; api-contract.md §A.6.5 for Auth0's status codes and wording.
 */
public final class OAuthException extends RuntimeException {
    private final int status;
    private final OAuthError error;
    /** The stable reason code of a refusal (access.ReasonCode, or a grant check's), for the tenant log; may be null. */
    private String reason;

    public OAuthException(int status, OAuthError error, String description) {
        super(description);
        this.status = status;
        this.error = java.util.Objects.requireNonNull(error);
    }

    /** @deprecated pass an {@link OAuthError}; kept so code written against the string form still compiles. */
    @Deprecated
    public OAuthException(int status, String error, String description) {
        this(status, OAuthError.of(error), description);
    }

    public int status() {
        return status;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public String reason() {
        return reason;
    }

    /** This exception, carrying the stable reason code the tenant log records. */
    public OAuthException because(String reasonCode) {
        this.reason = reasonCode;
        return this;
    }

    /** A refusal of a grant check: the OAuth error follows from the stable reason, which the tenant log records. */
    public static OAuthException refused(int status, dev.atrium.access.ReasonCode reason, String description) {
        return new OAuthException(status, reason.oauthError(), description).because(reason.code());
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException missing(String parameter) {
        return invalidRequest("Missing required parameter: " + parameter);
    }

    /** Auth0's answer to a wrong client id, secret or assertion. */
    public static OAuthException unauthorizedClient() {
        return new OAuthException(401, OAuthError.ACCESS_DENIED, "Unauthorized");
    }

    public static OAuthException accessDenied(String description) {
        return new OAuthException(403, OAuthError.ACCESS_DENIED, description);
    }
}
