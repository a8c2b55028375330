package dev.atrium.organizations;

import dev.atrium.common.Change;

import java.util.Optional;

/**
 * A change to an organization's connection. Clearing {@code isEnabled} resets it to its default
 * (enabled); clearing the two Early Access labels removes them.
 */
public record ConnectionPatch(Optional<Boolean> assignMembershipOnLogin, Optional<Boolean> showAsButton,
                              Optional<Boolean> isSignupEnabled, Change<Boolean> isEnabled,
                              Change<String> organizationConnectionName, Change<AccessLevel> organizationAccessLevel) {
    /** The three GA flags, all set. */
    public static ConnectionPatch flags(boolean assignMembershipOnLogin, boolean showAsButton, boolean isSignupEnabled) {
        return new ConnectionPatch(Optional.of(assignMembershipOnLogin), Optional.of(showAsButton), Optional.of(isSignupEnabled),
                Change.keep(), Change.keep(), Change.keep());
    }

    OrganizationConnection applyTo(OrganizationConnection e) {
        return new OrganizationConnection(e.organizationId(), e.connectionId(),
                assignMembershipOnLogin.orElse(e.assignMembershipOnLogin()), showAsButton.orElse(e.showAsButton()),
                isSignupEnabled.orElse(e.isSignupEnabled()), e.connectionName(), e.strategy(),
                isEnabled.present() ? isEnabled.value().orElse(true) : e.isEnabled(),
                organizationConnectionName.applyTo(e.organizationConnectionName()),
                organizationAccessLevel.applyTo(e.organizationAccessLevel()));
    }
}
