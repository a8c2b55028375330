package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

/**
 * A failed {@code /authorize} request. Before the client and its redirect URI are known to be
 * valid the error is shown as a page ({@code redirect == false}); after that it goes back to the
 * client, unless the client's redirection policy asks for a page.
 */
public final class AuthorizeError extends RuntimeException {
    private final OAuthError error;
    private final boolean redirect;
    /** The stable reason code of a refusal by a rule (for the tenant log); null for a malformed request. */
    private String reason;

    public AuthorizeError(OAuthError error, String description, boolean redirect) {
        super(description);
        this.error = java.util.Objects.requireNonNull(error);
        this.redirect = redirect;
    }

    public static AuthorizeError page(OAuthError error, String description) {
        return new AuthorizeError(error, description, false);
    }

    public static AuthorizeError redirect(OAuthError error, String description) {
        return new AuthorizeError(error, description, true);
    }

    /** @deprecated pass an {@link OAuthError}; kept so code written against the string form still compiles. */
    @Deprecated
    public static AuthorizeError page(String error, String description) {
        return page(OAuthError.of(error), description);
    }

    /** @deprecated pass an {@link OAuthError}; kept so code written against the string form still compiles. */
    @Deprecated
    public static AuthorizeError redirect(String error, String description) {
        return redirect(OAuthError.of(error), description);
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public boolean redirect() {
        return redirect;
    }

    public String reason() {
        return reason;
    }

    /** This error, carrying the stable reason code of the rule that refused. */
    public AuthorizeError because(String reasonCode) {
        this.reason = reasonCode;
        return this;
    }
}
