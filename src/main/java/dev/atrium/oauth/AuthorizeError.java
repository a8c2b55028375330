package dev.atrium.oauth;

/**
 * A failed {@code /authorize} request. Before the client and its redirect URI are known to be
 * valid the error is shown as a page ({@code redirect == false}); after that it goes back to the
 * client, unless the client's redirection policy asks for a page.
 */
public final class AuthorizeError extends RuntimeException {
    private final String error;
    private final boolean redirect;

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
}
