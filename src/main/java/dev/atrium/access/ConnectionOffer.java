package dev.atrium.access;

import java.util.List;
import java.util.Optional;

/**
 * The inputs of {@link OrganizationAccess#offeredConnections}: what a login page could show.
 *
 * @param inOrganization       the transaction is in an organization; {@code candidates} are then its enabled connections
 * @param candidates           outside an organization every connection of the tenant; inside one, the organization's
 *                             enabled connections
 * @param invitationConnection the connection an invitation is bound to, if any
 */
public record ConnectionOffer(AccessRequest.ClientView client, boolean inOrganization, List<Candidate> candidates,
                              Optional<String> invitationConnection) {
    public ConnectionOffer {
        candidates = List.copyOf(candidates);
    }

    /**
     * A connection the page might offer.
     *
     * @param domainLevel             it is a domain-level connection
     * @param enabledForClient        the application is among its enabled clients
     * @param enterprise              it is an enterprise connection (home-realm discovery can route to it)
     * @param enabledInAnOrganization some organization has it enabled ({@code is_enabled}), shown as a button or not
     * @param defaultDirectory        it is the tenant's Default Directory ({@code default_directory})
     */
    public record Candidate(String id, boolean domainLevel, boolean enabledForClient, boolean enterprise,
                            boolean enabledInAnOrganization, boolean defaultDirectory) {
        public Candidate(String id, boolean domainLevel, boolean enabledForClient) {
            this(id, domainLevel, enabledForClient, false, false, false);
        }
    }
}
