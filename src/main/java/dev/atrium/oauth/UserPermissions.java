package dev.atrium.oauth;

import java.util.List;

/**
 * The RBAC permissions a user holds on one API: outside organizations, direct and through tenant roles
 * (O93); in an organization, through the roles of that membership only (O92, O94).
 */
@FunctionalInterface
public interface UserPermissions {
    /** {@code organizationId} null: outside any organization. */
    List<String> of(String userId, String organizationId, String apiIdentifier);
}
