package dev.atrium.authflow;

/** What the browser is shown next; computed by {@link FlowDispatcher}. */
public sealed interface FlowStep {
    /** The user is signed in by the existing SSO session: record it in the transaction, then dispatch again. */
    record AdoptSession() implements FlowStep {
    }

    /** The pre-login prompt: which organization (by name or by email). */
    record ShowOrganizationPrompt() implements FlowStep {
    }

    /** The post-login choice among the user's organizations. */
    record ShowOrganizationPicker(java.util.List<String> candidates) implements FlowStep {
    }

    /** The access decision allowed the sign-in: record it (and create any membership it implies), then dispatch again. */
    record ApplyAccess(java.util.Optional<String> organization, boolean addMembership) implements FlowStep {
    }

    record ShowLogin() implements FlowStep {
    }

    record ShowSignup() implements FlowStep {
    }

    record ShowConsent() implements FlowStep {
    }

    record IssueCode() implements FlowStep {
    }

    /** The request ends with an OAuth error returned to the client. */
    record Fail(String error, String description) implements FlowStep {
    }
}
