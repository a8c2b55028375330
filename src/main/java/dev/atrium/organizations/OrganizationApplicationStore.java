package dev.atrium.organizations;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The applications of organizations: machine-to-machine client-grant associations
 * (organizations.md §2.13) and per-application access associations (§1.9). Deleting a client or a
 * client grant removes its rows.
 */
public interface OrganizationApplicationStore {

    // organization client grants

    void addClientGrant(String organizationId, String grantId);

    boolean removeClientGrant(String organizationId, String grantId);

    /** Ids of the grants associated with the organization, oldest association first. */
    List<String> clientGrantIds(String organizationId);

    boolean hasClientGrant(String organizationId, String grantId);

    /** The organizations associated with a client grant, by name. */
    List<Organization> organizationsOfGrant(String grantId, int offset, int limit);

    long countOrganizationsOfGrant(String grantId);

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
