package dev.atrium.organizations;

import java.util.List;

/**
 * A new organization ({@code POST /organizations}, the dashboard's create form): its name, its
 * other properties as a patch of the empty document, and the connections enabled with it in the same
 * transaction. {@code third_party_client_access} defaults to {@code block} and
 * {@code is_app_entitlement_active} to false.
 */
public record NewOrganization(String name, OrganizationPatch fields, List<ConnectionEnablement> connections) {
    public NewOrganization {
        connections = List.copyOf(connections);
    }

    public static NewOrganization named(String name) {
        return new NewOrganization(name, OrganizationPatch.none(), List.of());
    }

    public NewOrganization with(OrganizationPatch newFields) {
        return new NewOrganization(name, newFields, connections);
    }

    public NewOrganization withConnections(List<ConnectionEnablement> newConnections) {
        return new NewOrganization(name, fields, newConnections);
    }
}
