package dev.atrium.organizations;

/**
 * A connection enabled for an organization, with its flags (organizations.md §1.3). The connection's
 * name and strategy are carried along for responses.
 *
 * <p>Specifications: Auth0 Management API "Organizations → enabled connections".
 */
public record OrganizationConnection(String organizationId, String connectionId, boolean assignMembershipOnLogin,
                                     boolean showAsButton, boolean isSignupEnabled, String connectionName,
                                     String strategy) {
}
