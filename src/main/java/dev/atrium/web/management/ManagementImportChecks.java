package dev.atrium.web.management;

import dev.atrium.clients.ClientGrantPatch;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.NewConnection;
import dev.atrium.migration.ImportChecks;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.ConnectionPatch;
import dev.atrium.organizations.NewOrganization;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.resourceservers.NewResourceServer;
import dev.atrium.resourceservers.ResourceServerPatch;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The Management API's request schemas lent to the tenant import, so that an imported object is
 * validated exactly as a {@code POST} or {@code PATCH} of it would be.
 */
public final class ManagementImportChecks implements ImportChecks {
    private static Schema schema(Kind kind, boolean create) {
        return switch (kind) {
            case TENANT -> TenantSettingsApi.UPDATE;
            case CLIENT -> create ? ClientsApi.CREATE : ClientsApi.UPDATE;
            case RESOURCE_SERVER -> create ? ResourceServersApi.CREATE : ResourceServersApi.UPDATE;
            case CLIENT_GRANT -> create ? ClientGrantsApi.CREATE : ClientGrantsApi.UPDATE;
            case CONNECTION -> create ? ConnectionsApi.CREATE : ConnectionsApi.UPDATE;
            case ROLE -> create ? RolesApi.CREATE : RolesApi.UPDATE;
            case ORGANIZATION -> create ? OrganizationsApi.CREATE : OrganizationsApi.UPDATE;
            case ORGANIZATION_CONNECTION -> create ? OrganizationConnectionsApi.EA_CONNECTION_CREATE : OrganizationConnectionsApi.EA_CONNECTION_UPDATE;
        };
    }

    @Override
    public Set<String> fields(Kind kind, boolean create) {
        return schema(kind, create).names();
    }

    @Override
    public void check(Kind kind, boolean create, ObjectNode body) {
        try {
            schema(kind, create).validate(body);
        } catch (ApiException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    @Override
    public NewOrganization newOrganization(ObjectNode body) {
        return OrganizationRequests.newOrganization(body);
    }

    @Override
    public OrganizationPatch organizationPatch(ObjectNode body) {
        return OrganizationRequests.patch(body);
    }

    @Override
    public ConnectionEnablement connectionEnablement(ObjectNode body) {
        return OrganizationRequests.enablement(body, OrganizationRequests.EA_CONNECTION_FIELDS);
    }

    @Override
    public ConnectionPatch connectionPatch(ObjectNode body) {
        return OrganizationRequests.connectionPatch(body);
    }

    @Override
    public dev.atrium.tenant.TenantSettingsPatch tenantSettingsPatch(ObjectNode body) {
        return TenantSettingsRequests.patch(body);
    }

    @Override
    public NewConnection newConnection(ObjectNode body) {
        return ConnectionRequests.newConnection(body);
    }

    @Override
    public ConnectionChange connectionChange(ObjectNode body, String strategy) {
        return ConnectionRequests.change(body, strategy);
    }

    @Override
    public NewResourceServer newResourceServer(ObjectNode body) {
        return ResourceServerRequests.newResourceServer(body);
    }

    @Override
    public ResourceServerPatch resourceServerPatch(ObjectNode body) {
        return ResourceServerRequests.patch(body);
    }

    @Override
    public NewClient newClient(ObjectNode body) {
        return ClientRequests.newClient(body);
    }

    @Override
    public ClientPatch clientPatch(ObjectNode body) {
        return ClientRequests.patch(body);
    }

    @Override
    public NewClientGrant newClientGrant(ObjectNode body) {
        return ClientRequests.newGrant(body);
    }

    @Override
    public ClientGrantPatch clientGrantPatch(ObjectNode body) {
        return ClientRequests.grantPatch(body);
    }
}
