package dev.atrium.authflow;

import dev.atrium.common.OAuthError;

import java.util.List;
import java.util.Optional;

/**
 * What happens next in a browser sign-in; computed by {@link FlowDispatcher}. Three kinds, each handled
 * by kind and never by variant, so a new step (a second factor, an enterprise identity provider) is a new
 * record here and a page, not a new branch in the endpoint:
 * <ul>
 *   <li>{@link Transition}: a change of the transaction applied before the browser sees anything;</li>
 *   <li>{@link Page}: a hosted page, named by its screen; its handler records its outcome and returns to the flow;</li>
 *   <li>{@link Fail} and {@link IssueCode}: the end of the flow.</li>
 * </ul>
 */
public sealed interface FlowStep {

    /** A change of the transaction that needs no one: the caller applies it, then asks again. */
    sealed interface Transition extends FlowStep {
    }

    /** A hosted page ({@code /u/<screen>?state=<transaction>}). */
    sealed interface Page extends FlowStep {
        String screen();
    }

    /** The user is signed in by the existing SSO session: record it in the transaction. */
    record AdoptSession() implements Transition {
    }

    /** The access decision allowed the sign-in: record it, with any membership it implies. */
    record ApplyAccess(Optional<String> organization, boolean addMembership) implements Transition {
    }

    /** The pre-login prompt: which organization (by name or by email). */
    record ShowOrganizationPrompt() implements Page {
        public String screen() {
            return "organization";
        }
    }

    /** The post-login choice among the user's organizations. */
    record ShowOrganizationPicker(List<String> candidates) implements Page {
        public String screen() {
            return "organization-picker";
        }
    }

    record ShowLogin() implements Page {
        public String screen() {
            return "login";
        }
    }

    record ShowSignup() implements Page {
        public String screen() {
            return "signup";
        }
    }

    record ShowConsent() implements Page {
        public String screen() {
            return "consent";
        }
    }

    /** MFA (issue 12): the user is authenticated but the second factor the policy asks for is not yet passed. */
    record ShowMfa() implements Page {
        public String screen() {
            return "mfa";
        }
    }

    record IssueCode() implements FlowStep {
    }

    /** The request ends with an OAuth error returned to the client. */
    record Fail(OAuthError error, String description) implements FlowStep {
        /** @deprecated pass an {@link OAuthError}; kept so code written against the string form still compiles. */
        @Deprecated
        public Fail(String error, String description) {
            this(OAuthError.of(error), description);
        }
    }
}
