package dev.atrium.web.ui;

import java.util.List;

/** The models of the account pages (password reset, e-mail verification), one record per template. */
public final class AccountViews {
    private AccountViews() {
    }

    public record ResetRequest(Chrome chrome, String state, String csrf, String email,
                               String error, String loginUrl) {
    }

    public record ResetPassword(Chrome chrome, String ticket, String csrf, String rule, String error) {
    }

    public record Message(Chrome chrome, String kind, String message, String linkHref, String linkLabel) {
    }
}
