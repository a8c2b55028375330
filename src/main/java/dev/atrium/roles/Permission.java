package dev.atrium.roles;

/**
 * One permission: a scope ({@code permissionName}) of the API whose identifier is
 * {@code resourceServerIdentifier}.
 *
 * <p>Specifications: Auth0 Management API "Add permissions to a role", "Assign permissions to a user".
 */
public record Permission(String resourceServerIdentifier, String permissionName) {
}
