package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import java.util.Map;

/** What the browser receives from {@code /authorize} or a step of the flow. */
public sealed interface AuthorizeOutcome {
    /** A 302 to {@code location}. */
    record Redirect(String location) implements AuthorizeOutcome {
    }

    /** An auto-submitting form that posts {@code params} to {@code action} ({@code response_mode=form_post}). */
    record FormPost(String action, Map<String, String> params) implements AuthorizeOutcome {
    }

    /** An error shown to the person, not redirected anywhere. */
    record ErrorPage(int status, OAuthError error, String description) implements AuthorizeOutcome {
        /** @deprecated pass an {@link OAuthError}; kept so code written against the string form still compiles. */
        @Deprecated
        public ErrorPage(int status, String error, String description) {
            this(status, OAuthError.of(error), description);
        }
    }

    /** A hosted page of the flow ({@code login}, {@code signup}, {@code consent}) for transaction {@code txId}. */
    record Screen(String name, String txId) implements AuthorizeOutcome {
    }
}
