package dev.atrium.access;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@link OrganizationAccess#decide} looks at, as plain values.
 *
 * @param client                     the application
 * @param userId                     the authenticated user
 * @param connection                 the connection the user authenticated with
 * @param connectionEnabledForClient the connection lists the application among its enabled clients (third-party
 *                                   applications ignore it: they use every domain-level connection, T40)
 * @param organization               the organization asked for (parameter, prompt, picker or invitation), if any
 * @param organizationConnection     that organization's enablement of {@code connection}, if any
 * @param member                     the user is a member of {@code organization}
 * @param invitation                 whether the user is accepting an invitation to {@code organization}, and with which email
 * @param association                the application's per-organization access entry, if any
 * @param memberships                the user's organizations eligible for this application (the picker's list)
 * @param autoMembershipOrganizations organizations that enable {@code connection} with assign-membership-on-login
 * @param defaultDirectory           {@code connection} is the tenant's Default Directory (O46)
 */
public record AccessRequest(
        ClientView client,
        String userId,
        ConnectionView connection,
        boolean connectionEnabledForClient,
        Optional<OrganizationView> organization,
        Optional<OrganizationConnectionView> organizationConnection,
        boolean member,
        Invitation invitation,
        Optional<AssociationView> association,
        List<String> memberships,
        List<String> autoMembershipOrganizations,
        boolean defaultDirectory) {

    /** A request whose connection is not the tenant's Default Directory. */
    public AccessRequest(ClientView client, String userId, ConnectionView connection, boolean connectionEnabledForClient,
                         Optional<OrganizationView> organization, Optional<OrganizationConnectionView> organizationConnection,
                         boolean member, Invitation invitation, Optional<AssociationView> association, List<String> memberships,
                         List<String> autoMembershipOrganizations) {
        this(client, userId, connection, connectionEnabledForClient, organization, organizationConnection, member, invitation,
                association, memberships, autoMembershipOrganizations, false);
    }

    /**
     * The application: party, organization usage ({@code deny|allow|require}) and login flow behaviour.
     * {@code permissiveThirdParty}: a third-party application in {@code permissive} security mode.
     */
    public record ClientView(String clientId, boolean thirdParty, boolean permissiveThirdParty, Usage organizationUsage,
                             Prompt organizationRequireBehavior) {
        /** {@code organization_usage}: whether the application signs in to organizations never, optionally, or always. */
        public enum Usage { DENY, ALLOW, REQUIRE }

        /** {@code organization_require_behavior}: how a required organization is asked for when none was named. */
        public enum Prompt { NO_PROMPT, PRE_LOGIN_PROMPT, POST_LOGIN_PROMPT }
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

    /**
     * An invitation presented with the request (O73–O79): none, one addressed to the signed-in user's email,
     * or one addressed to someone else. The loader compares the emails; the decision judges the outcome.
     */
    public enum Invitation {
        NONE, MATCHING_EMAIL, OTHER_EMAIL
    }
}
