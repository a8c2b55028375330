package dev.atrium.resourceservers;

import java.util.List;

/**
 * The scopes of the Management API (the system resource server), with Auth0's names. The bootstrap
 * application is granted all of them.
 */
public final class ManagementApiScopes {
    private ManagementApiScopes() {
    }

    public static final List<String> ALL = List.of(
            "read:clients", "create:clients", "update:clients", "delete:clients",
            "read:client_keys", "update:client_keys", "read:client_summary",
            "read:client_credentials", "create:client_credentials", "update:client_credentials", "delete:client_credentials",
            "read:client_grants", "create:client_grants", "update:client_grants", "delete:client_grants",
            "read:resource_servers", "create:resource_servers", "update:resource_servers", "delete:resource_servers",
            "read:connections", "create:connections", "update:connections", "delete:connections",
            "read:connections_options", "update:connections_options",
            "read:users", "create:users", "update:users", "delete:users", "update:users_app_metadata",
            "create:user_tickets", "read:email_templates", "create:email_templates", "update:email_templates",
            "read:roles", "create:roles", "update:roles", "delete:roles",
            "read:role_members", "create:role_members", "delete:role_members",
            "read:tenant_settings", "update:tenant_settings",
            "read:signing_keys", "create:signing_keys", "update:signing_keys",
            "read:grants", "delete:grants",
            "read:logs", "read:logs_users",
            "read:organizations", "read:organizations_summary", "create:organizations", "update:organizations", "delete:organizations",
            "read:organization_members", "create:organization_members", "delete:organization_members",
            "read:organization_member_roles", "create:organization_member_roles", "delete:organization_member_roles",
            "read:organization_invitations", "create:organization_invitations", "delete:organization_invitations",
            "read:organization_connections", "create:organization_connections", "update:organization_connections", "delete:organization_connections",
            "read:organization_client_grants", "create:organization_client_grants", "delete:organization_client_grants",
            "read:organization_clients", "create:organization_clients", "update:organization_clients", "delete:organization_clients",
            "read:organization_discovery_domains", "create:organization_discovery_domains",
            "update:organization_discovery_domains", "delete:organization_discovery_domains");
}
