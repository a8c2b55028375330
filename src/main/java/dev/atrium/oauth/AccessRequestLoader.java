package dev.atrium.oauth;

import dev.atrium.access.AccessRequest;
import dev.atrium.access.OrganizationAccess;
import dev.atrium.clients.Client;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;

import java.util.List;
import java.util.Optional;

/**
 * Gathers the inputs of {@link dev.atrium.access.OrganizationAccess#decide} from the stores: the only
 * I/O of the access decision, shared by the sign-in flow and the refresh grant so both judge alike.
 */
public final class AccessRequestLoader {
    /** The picker shows at most this many organizations (O47). */
    static final int PICKER_LIMIT = 20;

    private final ConnectionStore connections;
    private final OrganizationDirectory organizations;

    public AccessRequestLoader(ConnectionStore connections, OrganizationDirectory organizations) {
        this.connections = connections;
        this.organizations = organizations;
    }

    /**
     * The request for a user who signed in through {@code connectionId}, in {@code organizationId} (null: none).
     * {@code personal}: the user chose a personal account, so no organization is proposed.
     */
    public AccessRequest load(Client client, String userId, String connectionId, String organizationId, boolean personal,
                              boolean invited) {
        Optional<Connection> connection = connections.find(connectionId);
        AccessRequest.ConnectionView conn = new AccessRequest.ConnectionView(connectionId,
                connection.map(Connection::name).orElse(connectionId), connection.map(Connection::isDomainConnection).orElse(false));
        boolean enabledForClient = connection.isPresent()
                && connections.usableBy(client.clientId(), client.isThirdParty()).stream().anyMatch(x -> x.id().equals(connectionId));
        AccessRequest.ClientView clientView = clientView(client);
        Optional<OrganizationDirectory.Org> org = Optional.ofNullable(organizationId).flatMap(id -> organizations.resolve(id, false));
        List<String> memberships = List.of();
        List<String> auto = List.of();
        if (!personal && organizationId == null) {
            // T79: the picker offers a third-party application only the organizations that admit it
            memberships = organizations.memberships(userId).stream()
                    .filter(id -> !client.isThirdParty() || organizations.resolve(id, false)
                            .map(o -> OrganizationAccess.admitsThirdParty(clientView, view(o), association(o.id(), client)))
                            .orElse(false))
                    .limit(PICKER_LIMIT).toList();
            auto = organizations.autoMembershipOrganizations(connectionId);
        }
        return new AccessRequest(clientView, userId, conn, enabledForClient,
                org.map(AccessRequestLoader::view),
                org.flatMap(o -> organizations.connection(o.id(), connectionId)).map(AccessRequestLoader::view),
                org.map(o -> organizations.isMember(o.id(), userId)).orElse(false),
                invited,
                org.flatMap(o -> association(o.id(), client)),
                memberships, auto);
    }

    public static AccessRequest.ClientView clientView(Client client) {
        return new AccessRequest.ClientView(client.clientId(), client.isThirdParty(),
                client.isThirdParty() && !client.isStrictThirdParty(), client.organizationUsage(), client.organizationRequireBehavior());
    }

    static AccessRequest.OrganizationView view(OrganizationDirectory.Org o) {
        return new AccessRequest.OrganizationView(o.id(), o.thirdPartyAccessAllowed(), o.appEntitlementActive());
    }

    static AccessRequest.OrganizationConnectionView view(OrganizationDirectory.OrgConnection oc) {
        return new AccessRequest.OrganizationConnectionView(oc.enabled(), oc.assignMembershipOnLogin());
    }

    Optional<AccessRequest.AssociationView> association(String organizationId, Client client) {
        return organizations.association(organizationId, client.clientId()).map(AccessRequest.AssociationView::new);
    }
}
