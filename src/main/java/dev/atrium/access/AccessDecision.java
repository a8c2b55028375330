package dev.atrium.access;

import java.util.List;
import java.util.Optional;

/** The outcome of {@link OrganizationAccess#decide}; only this package constructs decisions (ArchitectureTest). */
public sealed interface AccessDecision {

    /** Sign in, into {@code organization} when present; {@code addMembership}: make the user a member first. */
    record Allow(Optional<String> organization, boolean addMembership) implements AccessDecision {
    }

    /** The user must pick one of these organizations (the post-login organization picker). */
    record ChooseOrganization(List<String> candidates) implements AccessDecision {
        public ChooseOrganization {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * The decision needs the details of one organization it did not have: ask again with them filled
     * in (the single-membership and single-auto-membership cases of the post-login prompt).
     */
    record EvaluateOrganization(String organization, boolean autoMembership) implements AccessDecision {
    }

    /** Refused, with the OAuth error and a description for the client. */
    record Deny(ReasonCode reason, String description) implements AccessDecision {
        public dev.atrium.common.OAuthError error() {
            return reason.oauthError();
        }
    }
}
