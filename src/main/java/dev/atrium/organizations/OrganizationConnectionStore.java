package dev.atrium.organizations;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The connections enabled for organizations, with their flags (organizations.md §1.3). One row per
 * organization and connection; deleting the connection removes its rows.
 */
public interface OrganizationConnectionStore {

    /** The organization's connections, oldest first, with each connection's name and strategy. */
    List<OrganizationConnection> connections(String organizationId);

    Optional<OrganizationConnection> connection(String organizationId, String connectionId);

    /** The organizations that enable the connection with assign-membership-on-login, oldest first (O50). */
    List<String> autoMembershipOrganizations(String connectionId);

    /** The ids of the connections at least one organization enables ({@code is_enabled}), each once (O45). */
    List<String> connectionsEnabledInAnOrganization();

    void addConnection(OrganizationConnection connection);

    /**
     * Reads the association, applies {@code change} and writes the result in one transaction holding
     * the row lock, so concurrent changes are not lost. Empty when the connection is not enabled.
     */
    Optional<OrganizationConnection> updateConnection(String organizationId, String connectionId,
                                                      UnaryOperator<OrganizationConnection> change);

    boolean removeConnection(String organizationId, String connectionId);
}
