package dev.atrium.resourceservers;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scopes of the Management API (the system resource server), with Auth0's names, and the one
 * rule of which of them a token may carry, by how the token was obtained (issue 9, point 1):
 *
 * <ul>
 *   <li>a user token (authorization code, refresh token) carries only the {@link #CURRENT_USER}
 *       scopes, which act on the token's own user; every administrative scope is dropped, whatever
 *       the request, the consent, a client grant or the API's user policy say;</li>
 *   <li>a client-credentials token carries only the administrative scopes ({@link #ADMIN}): it has
 *       no user for a {@code current_user} scope to act on.</li>
 * </ul>
 *
 * <p>The token endpoint applies this when it issues a token and {@code /api/v2} applies it again
 * when it reads one, so a token minted by an older version, or a stored grant, cannot widen it.
 *
 * <p>Specifications: Auth0 "Get Management API Access Tokens for Single-Page Applications"
 * (the current_user scopes); Auth0 "Management API Access Tokens".
 */
public final class ManagementApiScopes {
    private ManagementApiScopes() {
    }

    /** Atrium's own scope for granting and revoking dashboard administrator status (not an Auth0 scope). */
    public static final String UPDATE_ATRIUM_ADMINS = "update:atrium_admins";
    /** Atrium's own scope for reading who is a dashboard administrator. */
    public static final String READ_ATRIUM_ADMINS = "read:atrium_admins";

    /** The administrative scopes: client-credentials tokens only. The bootstrap application holds all of them. */
    public static final List<String> ADMIN = List.of(
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
            "update:organization_discovery_domains", "delete:organization_discovery_domains",
            READ_ATRIUM_ADMINS, UPDATE_ATRIUM_ADMINS);

    /** Auth0's scopes for a user acting on their own profile: the only ones a user flow can obtain. */
    public static final List<String> CURRENT_USER = List.of(
            "read:current_user", "update:current_user_metadata", "create:current_user_metadata",
            "delete:current_user_metadata", "update:current_user_identities",
            "create:current_user_device_credentials", "delete:current_user_device_credentials");

    /** The administrative scopes (kept under its historical name: what the bootstrap application is granted). */
    public static final List<String> ALL = ADMIN;

    /** Every scope the Management API declares: administrative and current-user. */
    public static final List<String> DECLARED = Stream.concat(ADMIN.stream(), CURRENT_USER.stream()).toList();

    private static final Set<String> CURRENT_USER_SET = Set.copyOf(CURRENT_USER);

    /** How a token was obtained, which decides which Management API scopes it may carry. */
    public enum TokenKind {
        /** Authorization code or refresh token: has a user subject. */
        USER,
        /** Client credentials: the application itself. */
        CLIENT
    }

    /** True when a token of {@code kind} may carry {@code scope} for the Management API. */
    public static boolean allowed(TokenKind kind, String scope) {
        return kind == TokenKind.USER ? CURRENT_USER_SET.contains(scope) : !CURRENT_USER_SET.contains(scope);
    }

    /**
     * {@code scopes} with every Management API scope a token of {@code kind} may not carry removed;
     * scopes the Management API does not declare (OpenID Connect scopes, say) pass unchanged, since
     * other rules decide them.
     */
    public static List<String> restrict(TokenKind kind, List<String> scopes) {
        return scopes.stream().filter(s -> allowed(kind, s) || !isManagementScope(s)).toList();
    }

    /** True for a scope the Management API declares, or one shaped like its scopes ({@code verb:noun}). */
    public static boolean isManagementScope(String scope) {
        return scope.indexOf(':') > 0;
    }

    /** True when a user token with these scopes has at least one current-user scope (else the request is refused). */
    public static boolean anyCurrentUser(List<String> scopes) {
        return scopes.stream().anyMatch(CURRENT_USER_SET::contains);
    }
}
