package dev.atrium.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the sign-in flow and the token endpoint need to know about organizations, as plain values.
 * Implemented over the organization store; kept narrow so the protocol code reads only what it uses.
 */
public interface OrganizationDirectory {

    /** An organization as the flow sees it, with its branding. */
    record Org(String id, String name, String displayName, boolean thirdPartyAccessAllowed, boolean appEntitlementActive,
               String logoUrl, String primaryColor, String pageBackground) {
        public String label() {
            return displayName != null && !displayName.isBlank() ? displayName : name;
        }
    }

    /** An organization's enablement of one connection. */
    record OrgConnection(String connectionId, boolean enabled, boolean assignMembershipOnLogin, boolean showAsButton,
                         boolean signupEnabled) {
    }

    /** A pending invitation. */
    record Invitation(String id, String organizationId, String inviteeEmail, List<String> roles, String connectionId,
                      Instant expiresAt) {
    }

    /** By id; by name too when {@code allowName} (the tenant flag), the id winning (O31). */
    Optional<Org> resolve(String idOrName, boolean allowName);

    Optional<OrgConnection> connection(String organizationId, String connectionId);

    /** The organization's enabled connections. */
    List<OrgConnection> connections(String organizationId);

    boolean isMember(String organizationId, String userId);

    /** The ids of the organizations the user belongs to, in the order they were joined. */
    List<String> memberships(String userId);

    /** Organizations that enable {@code connectionId} with assign-membership-on-login. */
    List<String> autoMembershipOrganizations(String connectionId);

    /** The ids of the connections some organization enables (O45). */
    List<String> connectionsEnabledInAnOrganization();

    /** The per-application access entry of a client in an organization: its {@code use_for_member_access}. */
    Optional<Boolean> association(String organizationId, String clientId);

    /** Makes the user a member with the given roles (idempotent). */
    void addMember(String organizationId, String userId, List<String> roleIds);

    /** Organizations with a verified discovery domain equal to {@code domain} (lower-case). */
    List<String> discover(String domain);

    Optional<Invitation> invitation(String ticketId);

    /**
     * Accepts an invitation in one step: membership, the invitation's roles, the invitation gone (so it
     * cannot be used again) and the invited email verified. False when it was already used.
     */
    boolean acceptInvitation(String invitationId, String userId);

    /** The user's permissions on an API through the roles of their membership in the organization (O92). */
    List<String> permissions(String organizationId, String userId, String apiIdentifier);
}
