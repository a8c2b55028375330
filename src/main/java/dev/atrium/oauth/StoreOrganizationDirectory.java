package dev.atrium.oauth;

import dev.atrium.common.Json;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationConnectionStore;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleStore;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link OrganizationDirectory} over the organization service and the role store; the organizations themselves
 * are looked up in {@code lookups}, and the connections they enable in {@code connectionLookups}: the node's caches
 * on the sign-in path (storage/CachedOrganizationStore, storage/CachedOrganizationConnectionStore).
 */
public final class StoreOrganizationDirectory implements OrganizationDirectory {
    private final OrganizationService organizations;
    private final OrganizationStore lookups;
    private final OrganizationConnectionStore connectionLookups;
    private final RoleStore roles;

    public StoreOrganizationDirectory(OrganizationService organizations, OrganizationStore lookups,
                                      OrganizationConnectionStore connectionLookups, RoleStore roles) {
        this.organizations = organizations;
        this.lookups = lookups;
        this.connectionLookups = connectionLookups;
        this.roles = roles;
    }

    @Override
    public Optional<Org> resolve(String idOrName, boolean allowName) {
        Optional<Organization> org = lookups.find(idOrName);
        if (org.isEmpty() && allowName) {
            org = lookups.findByName(idOrName);
        }
        return org.map(StoreOrganizationDirectory::view);
    }

    static Org view(Organization o) {
        JsonNode branding = o.doc().path("branding");
        JsonNode colors = branding.path("colors");
        return new Org(o.id(), o.name(), o.displayName().orElse(null), o.thirdPartyAccess() == dev.atrium.organizations.ThirdPartyClientAccess.ALLOW,
                o.isAppEntitlementActive(), Json.text(branding, "logo_url", null), Json.text(colors, "primary", null),
                Json.text(colors, "page_background", null));
    }

    @Override
    public Optional<OrgConnection> connection(String organizationId, String connectionId) {
        return connectionLookups.connection(organizationId, connectionId).map(StoreOrganizationDirectory::view);
    }

    static OrgConnection view(OrganizationConnection c) {
        return new OrgConnection(c.connectionId(), c.isEnabled(), c.assignMembershipOnLogin(), c.showAsButton(), c.isSignupEnabled());
    }

    @Override
    public List<OrgConnection> connections(String organizationId) {
        return lookups.find(organizationId).map(o -> connectionLookups.connections(o.id()).stream()
                .map(StoreOrganizationDirectory::view).toList()).orElse(List.of());
    }

    @Override
    public boolean isMember(String organizationId, String userId) {
        return organizations.isMember(organizationId, userId);
    }

    @Override
    public List<String> memberships(String userId) {
        return organizations.membershipsInJoinOrder(userId, 1000);
    }

    @Override
    public List<String> connectionsEnabledInAnOrganization() {
        return connectionLookups.connectionsEnabledInAnOrganization();
    }

    @Override
    public List<String> autoMembershipOrganizations(String connectionId) {
        return connectionLookups.autoMembershipOrganizations(connectionId);
    }

    @Override
    public Optional<Boolean> association(String organizationId, String clientId) {
        return organizations.association(organizationId, clientId).map(OrganizationClient::useForMemberAccess);
    }

    @Override
    public void addMember(String organizationId, String userId, List<String> roleIds) {
        organizations.addMembership(organizationId, userId, roleIds);
    }

    @Override
    public List<String> discover(String domain) {
        return organizations.discoverableDomains(domain).stream().map(d -> d.organizationId()).distinct().toList();
    }

    @Override
    public Optional<OrganizationDirectory.Invitation> invitation(String ticketId) {
        return organizations.invitationByTicket(ticketId).map(i -> new OrganizationDirectory.Invitation(i.id(), i.organizationId(),
                i.inviteeEmail(), i.roles(), i.connectionId().orElse(null), i.expiresAt()));
    }

    @Override
    public boolean acceptInvitation(String invitationId, String userId) {
        return organizations.invitationById(invitationId).map(i -> organizations.acceptInvitation(i, userId)).orElse(false);
    }

    @Override
    public List<String> permissions(String organizationId, String userId, String apiIdentifier) {
        Set<String> out = new LinkedHashSet<>();
        for (Role role : organizations.memberRoles(organizationId, userId)) {
            for (Permission p : roles.permissions(role.id())) {
                if (p.resourceServerIdentifier().equals(apiIdentifier)) {
                    out.add(p.permissionName());
                }
            }
        }
        return List.copyOf(out);
    }
}
