package dev.atrium.organizations;

import java.util.Optional;

/**
 * A connection associated with an organization, with its flags (organizations.md §1.3). Both the GA
 * {@code enabled_connections} and the Early Access {@code connections} endpoints work on it; a
 * connection with {@code isEnabled} false keeps its flags but is not usable at login (Q13). The
 * connection's name and strategy are carried along for responses.
 *
 * <p>Specifications: Auth0 Management API "Organizations → enabled connections / connections".
 */
public record OrganizationConnection(String organizationId, String connectionId, boolean assignMembershipOnLogin,
                                     boolean showAsButton, boolean isSignupEnabled, String connectionName,
                                     String strategy, boolean isEnabled, Optional<String> organizationConnectionName,
                                     Optional<AccessLevel> organizationAccessLevel) {
    /** An enabled association without the Early Access fields, as the GA endpoints create it. */
    public OrganizationConnection(String organizationId, String connectionId, boolean assignMembershipOnLogin,
                                  boolean showAsButton, boolean isSignupEnabled, String connectionName, String strategy) {
        this(organizationId, connectionId, assignMembershipOnLogin, showAsButton, isSignupEnabled, connectionName, strategy,
                true, Optional.empty(), Optional.empty());
    }
}
