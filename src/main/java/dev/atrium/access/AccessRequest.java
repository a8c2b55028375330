package dev.atrium.access;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@link OrganizationAccess#decide} looks at, as plain values.
 *
 * @param client                     the application
 * @param userId                     the authenticated user
 * @param connection                 the connection the user authenticated with
 * @param connectionEnabledForClient the connection is enabled for the application
 * @param organization               the organization asked for (parameter, prompt, picker or invitation), if any
 * @param organizationConnection     that organization's enablement of {@code connection}, if any
 * @param member                     the user is a member of {@code organization}
 * @param invited                    the user is accepting a valid invitation to {@code organization} with their own email
 * @param association                the application's per-organization access entry, if any
 * @param memberships                the user's organizations eligible for this application (the picker's list)
 * @param autoMembershipOrganizations organizations that enable {@code connection} with assign-membership-on-login
 */
public record AccessRequest(
        ClientView client,
        String userId,
        ConnectionView connection,
        boolean connectionEnabledForClient,
        Optional<OrganizationView> organization,
        Optional<OrganizationConnectionView> organizationConnection,
        boolean member,
        boolean invited,
        Optional<AssociationView> association,
        List<String> memberships,
        List<String> autoMembershipOrganizations) {

    /**
     * The application: party, organization usage ({@code deny|allow|require}) and login flow behaviour.
     * {@code permissiveThirdParty}: a third-party application in {@code permissive} security mode.
     */
    public record ClientView(String clientId, boolean thirdParty, boolean permissiveThirdParty, String organizationUsage,
                             String organizationRequireBehavior) {
    }

    /** A connection; {@code name} is what errors quote. */
    public record ConnectionView(String id, String name, boolean domainLevel) {
    }

    /**
     * @param thirdPartyAccessAllowed {@code third_party_client_access == allow}
     * @param appEntitlementActive    per-application access is enforced ({@code is_app_entitlement_active})
     */
    public record OrganizationView(String id, boolean thirdPartyAccessAllowed, boolean appEntitlementActive) {
    }

    /** The organization's enablement of the connection; {@code enabled} false means switched off but kept. */
    public record OrganizationConnectionView(boolean enabled, boolean assignMembershipOnLogin) {
    }

    public record AssociationView(boolean useForMemberAccess) {
    }

    /** The same request for another organization (used when the decision itself picks the only candidate). */
    public AccessRequest forOrganization(OrganizationView org, Optional<OrganizationConnectionView> orgConnection,
                                         boolean isMember, Optional<AssociationView> assoc) {
        return new AccessRequest(client, userId, connection, connectionEnabledForClient, Optional.of(org), orgConnection,
                isMember, invited, assoc, memberships, autoMembershipOrganizations);
    }
}
