package dev.atrium.organizations;

import dev.atrium.roles.Role;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Organizations and everything that hangs off them: enabled connections, memberships, member roles,
 * invitations, discovery domains, client-grant associations and client associations.
 * {@code name} is unique ({@code create}/{@code update} throw
 * {@link dev.atrium.common.AlreadyExistsException}); so is each relation's key. Deleting an
 * organization removes all of its rows, and its organization roles, in one transaction
 * (organizations.md §1.15); deleting a user, connection, client, client grant or role removes the
 * organization rows that name it.
 */
public interface OrganizationStore {
    /** Columns {@code list} may sort by (organizations.md §4.1). */
    enum Sort { NAME, DISPLAY_NAME, CREATED_AT }

    // organizations

    Optional<Organization> find(String id);

    Optional<Organization> findByName(String name);

    List<Organization> list(Sort sort, boolean ascending, int offset, int limit);

    long count();

    /** Creates the organization with its first enabled connections, in one transaction. */
    void create(Organization organization, List<OrganizationConnection> connections);

    boolean update(Organization organization);

    boolean delete(String id);

    /** The organizations {@code userId} belongs to, by name. */
    List<Organization> organizationsOf(String userId, int offset, int limit);

    long countOrganizationsOf(String userId);

    /** The ids of the organizations {@code userId} belongs to, in the order they were joined (the picker, O47). */
    List<String> membershipsInJoinOrder(String userId, int limit);

    /** The organizations associated with a client grant, by name. */
    List<Organization> organizationsOfGrant(String grantId, int offset, int limit);

    long countOrganizationsOfGrant(String grantId);

    // enabled connections

    /** The organization's connections, oldest first, with each connection's name and strategy. */
    List<OrganizationConnection> connections(String organizationId);

    /** The organizations that enable the connection with assign-membership-on-login, oldest first (O50). */
    List<String> autoMembershipOrganizations(String connectionId);

    Optional<OrganizationConnection> connection(String organizationId, String connectionId);

    void addConnection(OrganizationConnection connection);

    boolean updateConnection(OrganizationConnection connection);

    boolean removeConnection(String organizationId, String connectionId);

    // members and member roles

    /** Members by user id. */
    List<Member> members(String organizationId, int offset, int limit);

    long countMembers(String organizationId);

    boolean isMember(String organizationId, String userId);

    /** Adds memberships (existing ones are kept). */
    void addMembers(String organizationId, Collection<String> userIds);

    /** Removes memberships and the roles those users hold in the organization. */
    void removeMembers(String organizationId, Collection<String> userIds);

    /** Roles of one user in the organization, by name. */
    List<Role> memberRoles(String organizationId, String userId);

    /** Roles of several users in the organization, by user id; users without roles are absent. */
    Map<String, List<Role>> memberRoles(String organizationId, Collection<String> userIds);

    void assignRoles(String organizationId, String userId, Collection<String> roleIds);

    void unassignRoles(String organizationId, String userId, Collection<String> roleIds);

    /** Adds one membership and its roles in one transaction (roles that no longer exist are skipped). */
    void addMembership(String organizationId, String userId, Collection<String> roleIds);

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

    // discovery domains

    void createDomain(DiscoveryDomain domain);

    Optional<DiscoveryDomain> domain(String organizationId, String domainId);

    Optional<DiscoveryDomain> domainByName(String organizationId, String domain);

    List<DiscoveryDomain> domains(String organizationId, int offset, int limit);

    long countDomains(String organizationId);

    boolean updateDomain(DiscoveryDomain domain);

    boolean deleteDomain(String organizationId, String domainId);

    /** Verified domains equal to {@code domain} (lower-cased) that are used for discovery, across organizations. */
    List<DiscoveryDomain> discoverableDomains(String domain);

    // organization client grants

    void addClientGrant(String organizationId, String grantId);

    boolean removeClientGrant(String organizationId, String grantId);

    /** Ids of the grants associated with the organization, oldest association first. */
    List<String> clientGrantIds(String organizationId);

    boolean hasClientGrant(String organizationId, String grantId);

    // organization client associations

    /** Adds associations in one transaction; a second association of the same client is a conflict. */
    void addClients(List<OrganizationClient> clients);

    Optional<OrganizationClient> client(String organizationId, String clientId);

    /** Associations, by client id. */
    List<OrganizationClient> clients(String organizationId, int offset, int limit);

    long countClients(String organizationId);

    boolean updateClient(OrganizationClient client);

    void removeClients(String organizationId, Collection<String> clientIds);

    /** For {@code clientId}: the associations it has with any of {@code organizationIds}, by organization id. */
    Map<String, OrganizationClient> associationsOf(String clientId, Collection<String> organizationIds);
}
