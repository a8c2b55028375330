package dev.atrium.migration;

import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The Management API's body validation, handed to the import by the web layer so that an imported
 * object passes exactly the checks a {@code POST} or {@code PATCH} of it would (the import cannot see
 * the web package itself). {@link #check} throws {@link dev.atrium.common.InvalidRequestException}.
 */
public interface ImportChecks {
    enum Kind { TENANT, CLIENT, RESOURCE_SERVER, CLIENT_GRANT, CONNECTION, ROLE, ORGANIZATION, ORGANIZATION_CONNECTION }

    /** The top-level properties the create ({@code create}) or update body of {@code kind} accepts. */
    Set<String> fields(Kind kind, boolean create);

    /** Validates a body as the Management API would before calling the service. */
    void check(Kind kind, boolean create, ObjectNode body);

    /** The organization commands the Management API maps a checked body to (JSON becomes a command in one place). */
    dev.atrium.organizations.NewOrganization newOrganization(ObjectNode body);

    dev.atrium.organizations.OrganizationPatch organizationPatch(ObjectNode body);

    dev.atrium.organizations.ConnectionEnablement connectionEnablement(ObjectNode body);

    dev.atrium.organizations.ConnectionPatch connectionPatch(ObjectNode body);

    /** The tenant settings command a checked {@code PATCH /api/v2/tenants/settings} body maps to. */
    dev.atrium.tenant.TenantSettingsPatch tenantSettingsPatch(ObjectNode body);

    /** The connection commands ({@code POST} and {@code PATCH /connections}); a change reads options as {@code strategy}'s. */
    dev.atrium.connections.NewConnection newConnection(ObjectNode body);

    dev.atrium.connections.ConnectionChange connectionChange(ObjectNode body, String strategy);

    /** The API commands ({@code POST} and {@code PATCH /resource-servers}). */
    dev.atrium.resourceservers.NewResourceServer newResourceServer(ObjectNode body);

    dev.atrium.resourceservers.ResourceServerPatch resourceServerPatch(ObjectNode body);

    /** The clients slice's commands, mapped from a checked body as the Management API maps them. */
    dev.atrium.clients.NewClient newClient(ObjectNode body);

    dev.atrium.clients.ClientPatch clientPatch(ObjectNode body);

    dev.atrium.clients.NewClientGrant newClientGrant(ObjectNode body);

    dev.atrium.clients.ClientGrantPatch clientGrantPatch(ObjectNode body);
}
