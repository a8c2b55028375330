package dev.atrium.organizations;

import dev.atrium.roles.Role;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Membership of organizations: members, the roles they hold in each organization, and invitations
 * (organizations.md §1.4–§1.6). Deleting a user or a role removes its rows.
 */
public interface OrganizationMemberStore {

    // members

    /** Members by user id, each with its user's current email, name and picture (kept with the membership). */
    List<Member> members(String organizationId, int offset, int limit);

    long countMembers(String organizationId);

    boolean isMember(String organizationId, String userId);

    /** Adds memberships (existing ones are kept). */
    void addMembers(String organizationId, Collection<String> userIds);

    /** Removes memberships and the roles those users hold in the organization. */
    void removeMembers(String organizationId, Collection<String> userIds);

    /** Adds one membership and its roles in one transaction (roles that no longer exist are skipped). */
    void addMembership(String organizationId, String userId, Collection<String> roleIds);

    /** The organizations {@code userId} belongs to, by name. */
    List<Organization> organizationsOf(String userId, int offset, int limit);

    long countOrganizationsOf(String userId);

    /** The ids of the organizations {@code userId} belongs to, in the order they were joined (the picker, O47). */
    List<String> membershipsInJoinOrder(String userId, int limit);

    // member roles

    /** Roles of one user in the organization, by name. */
    List<Role> memberRoles(String organizationId, String userId);

    /** Roles of several users in the organization, by user id; users without roles are absent. */
    Map<String, List<Role>> memberRoles(String organizationId, Collection<String> userIds);

    void assignRoles(String organizationId, String userId, Collection<String> roleIds);

    void unassignRoles(String organizationId, String userId, Collection<String> roleIds);

    // invitations

    void createInvitation(Invitation invitation);

    Optional<Invitation> invitation(String organizationId, String invitationId);

    Optional<Invitation> invitationByTicket(String ticketId);

    Optional<Invitation> invitationById(String invitationId);

    /** Invitations of the organization, newest first unless {@code oldestFirst}. */
    List<Invitation> invitations(String organizationId, boolean oldestFirst, int offset, int limit);

    long countInvitations(String organizationId);

    boolean deleteInvitation(String organizationId, String invitationId);

    /**
     * Accepts an invitation in one transaction: the user becomes a member with the invitation's
     * (still existing) roles, the invitation is deleted, and the user's email, when it is the invited one,
     * becomes verified (O77). False when the invitation is gone.
     */
    boolean acceptInvitation(String invitationId, String userId);
}
