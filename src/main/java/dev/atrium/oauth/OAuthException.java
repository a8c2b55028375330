package dev.atrium.oauth;

/**
 * An error of an Authentication API back-channel endpoint, answered as
 * {@code {"error","error_description"}} with {@code Content-Type: application/json}.
 *
 * <p>Specifications: RFC 6749 §5.2; api-contract.md §A.6.5 for Auth0's status codes and wording.
 */
public final class OAuthException extends RuntimeException {
    private final int status;
    private final String error;
    /** The stable reason code of a refusal (access.ReasonCode, or a grant check's), for the tenant log; may be null. */
    private String reason;

    public OAuthException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
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

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description);
    }

    public static OAuthException missing(String parameter) {
        return invalidRequest("Missing required parameter: " + parameter);
    }

    /** Auth0's answer to a wrong client id, secret or assertion. */
    public static OAuthException unauthorizedClient() {
        return new OAuthException(401, "access_denied", "Unauthorized");
    }

    public static OAuthException accessDenied(String description) {
        return new OAuthException(403, "access_denied", description);
    }
}
