package dev.atrium.authflow;

/** What the browser is shown next; computed by {@link FlowDispatcher}. */
public sealed interface FlowStep {
    /** The user is signed in by the existing SSO session: record it in the transaction, then dispatch again. */
    record AdoptSession() implements FlowStep {
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
