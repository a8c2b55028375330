package dev.atrium.organizations;

import java.util.Optional;

/**
 * A connection to enable for an organization, with its flags: the GA
 * {@code enabled_connections} fields, and the Early Access ones ({@code is_enabled},
 * {@code organization_connection_name}, {@code organization_access_level}) at their defaults unless set.
 */
public record ConnectionEnablement(String connectionId, boolean assignMembershipOnLogin, boolean showAsButton,
                                   boolean isSignupEnabled, boolean isEnabled, Optional<String> organizationConnectionName,
                                   Optional<AccessLevel> organizationAccessLevel) {
    /** The GA defaults: no auto-membership, shown as a button, no sign-up. */
    public static ConnectionEnablement of(String connectionId) {
        return of(connectionId, false, true, false);
    }

    public static ConnectionEnablement of(String connectionId, boolean assignMembershipOnLogin, boolean showAsButton,
                                          boolean isSignupEnabled) {
        return new ConnectionEnablement(connectionId, assignMembershipOnLogin, showAsButton, isSignupEnabled, true,
                Optional.empty(), Optional.empty());
    }
}
