package dev.atrium.organizations;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.InvalidRequestException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The applications of an organization: machine-to-machine access through client-grant associations
 * (organizations.md §2.13) and per-application access for members (§1.9, §2.12).
 */
public final class OrganizationApplicationService {
    private final OrganizationApplicationStore store;
    private final ClientStore clients;
    private final ClientGrantStore grants;

    public OrganizationApplicationService(OrganizationApplicationStore store, ClientStore clients, ClientGrantStore grants) {
        this.store = store;
        this.clients = clients;
        this.grants = grants;
    }

    // organization client grants

    /**
     * Associates a client grant with the organization. Empty when the grant does not exist; a grant
     * that is not a machine-to-machine grant usable with organizations is refused.
     */
    public Optional<ClientGrant> addClientGrant(Organization org, String grantId) {
        Optional<ClientGrant> grant = grants.find(grantId);
        if (grant.isEmpty()) {
            return grant;
        }
        if (grant.get().defaultFor().isPresent()) {
            // X37 (T87): organization M2M access is authorised per application, never for every third-party one at once
            throw new InvalidRequestException("grant_id", "organization client grants require a client-specific grant");
        }
        if (!grant.get().subjectType().equals("client")) {
            throw new InvalidRequestException("grant_id", "Only client grants with subject_type client can be associated with an organization.");
        }
        if (!grant.get().usage().permitsOrganizations()) {
            throw new InvalidRequestException("grant_id", "The client grant must have organization_usage allow or require.");
        }
        store.addClientGrant(org.id(), grantId);
        return grant;
    }

    public boolean removeClientGrant(Organization org, String grantId) {
        return store.removeClientGrant(org.id(), grantId);
    }

    /** The grants associated with the organization, in association order. */
    public List<ClientGrant> clientGrants(Organization org) {
        return store.clientGrantIds(org.id()).stream().map(grants::find).flatMap(Optional::stream).toList();
    }

    /** Token endpoint: whether the grant is associated with the organization. */
    public boolean hasClientGrant(String organizationId, String grantId) {
        return store.hasClientGrant(organizationId, grantId);
    }

    public Optional<ClientGrant> findGrant(String grantId) {
        return grants.find(grantId);
    }

    public List<Organization> organizationsOfGrant(String grantId, int offset, int limit) {
        return store.organizationsOfGrant(grantId, offset, limit);
    }

    public long countOrganizationsOfGrant(String grantId) {
        return store.countOrganizationsOfGrant(grantId);
    }

    // organization client associations (per-application access)

    /**
     * Associates existing applications, in one transaction: at most 100 user-facing ones per organization
     * (O112); a machine-to-machine application may be associated too, but its association changes no sign-in
     * (O109), so it does not count toward them.
     */
    public List<OrganizationClient> addClients(Organization org, List<OrganizationClient> associations) {
        long adding = 0;
        for (OrganizationClient c : associations) {
            Client client = clients.find(c.clientId()).orElseThrow(() ->
                    new InvalidRequestException("clients", "The client does not exist: " + c.clientId()));
            adding += userFacing(client) ? 1 : 0;
        }
        List<OrganizationClient> existing = store.clients(org.id(), 0, OrganizationLimits.MAX_CLIENT_ASSOCIATIONS + 1);
        if (existing.size() + associations.size() > OrganizationLimits.MAX_CLIENT_ASSOCIATIONS) {
            throw new InvalidRequestException("clients", "An organization can have at most "
                    + OrganizationLimits.MAX_CLIENT_ASSOCIATIONS + " associated applications.");
        }
        long userFacing = existing.stream().filter(c -> clients.find(c.clientId()).map(OrganizationApplicationService::userFacing)
                .orElse(false)).count();
        if (adding > 0 && userFacing + adding > OrganizationLimits.MAX_CLIENTS) {
            throw new InvalidRequestException("clients", "An organization can have at most " + OrganizationLimits.MAX_CLIENTS
                    + " applications that sign users in (authorization_code or implicit grant).");
        }
        store.addClients(associations);
        return associations;
    }

    /** O109: only an application that signs users in is affected by {@code use_for_member_access}. */
    static boolean userFacing(Client client) {
        List<String> grantTypes = client.grantTypes();
        return grantTypes.contains("authorization_code") || grantTypes.contains("implicit");
    }

    /** The association of a client with an organization, whatever {@code is_app_entitlement_active} says. */
    public Optional<OrganizationClient> client(String organizationId, String clientId) {
        return store.client(organizationId, clientId);
    }

    public List<OrganizationClient> clients(Organization org, int offset, int limit) {
        return store.clients(org.id(), offset, limit);
    }

    public long countClients(Organization org) {
        return store.countClients(org.id());
    }

    public Optional<OrganizationClient> updateClient(Organization org, String clientId, boolean useForMemberAccess) {
        OrganizationClient updated = new OrganizationClient(org.id(), clientId, useForMemberAccess);
        return store.updateClient(updated) ? Optional.of(updated) : Optional.empty();
    }

    public void removeClients(Organization org, List<String> clientIds) {
        store.removeClients(org.id(), clientIds);
    }

    public Map<String, OrganizationClient> associationsOf(String clientId, Collection<String> organizationIds) {
        return store.associationsOf(clientId, organizationIds);
    }

    public Optional<Client> findClient(String clientId) {
        return clients.find(clientId);
    }
}
