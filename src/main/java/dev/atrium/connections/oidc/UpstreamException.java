package dev.atrium.connections.oidc;

/**
 * The upstream provider could not be used (unreachable, refused, an answer too large or malformed, a token that
 * does not validate). Its message is safe to show on the hosted error page: it names the problem, never a
 * secret or a token.
 */
public final class UpstreamException extends RuntimeException {
    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
