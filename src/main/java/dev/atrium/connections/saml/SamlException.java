package dev.atrium.connections.saml;

/**
 * The identity provider's answer is not acceptable. The message is safe to show on the hosted error page: it names
 * the check that failed, never a key, a token or the document.
 */
public final class SamlException extends RuntimeException {
    public SamlException(String message) {
        super(message);
    }

    public SamlException(String message, Throwable cause) {
        super(message, cause);
    }
}
