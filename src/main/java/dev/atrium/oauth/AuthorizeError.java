package dev.atrium.oauth;

/**
 * A failed {@code /authorize} request. Before the client and its redirect URI are known to be
 * valid the error is shown as a page ({@code redirect == false}); after that it goes back to the
 * client, unless the client's redirection policy asks for a page.
 */
public final class AuthorizeError extends RuntimeException {
    private final String error;
    private final boolean redirect;
    /** The stable reason code of a refusal by a rule (for the tenant log); null for a malformed request. */
    private String reason;

    public AuthorizeError(String error, String description, boolean redirect) {
        super(description);
        this.error = error;
        this.redirect = redirect;
    }

    public static AuthorizeError page(String error, String description) {
        return new AuthorizeError(error, description, false);
    }

    public static AuthorizeError redirect(String error, String description) {
        return new AuthorizeError(error, description, true);
    }

    public String error() {
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
