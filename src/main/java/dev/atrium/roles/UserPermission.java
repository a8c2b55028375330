package dev.atrium.roles;

import java.util.Optional;

/**
 * One reason a user holds a permission: assigned directly ({@code viaRole} empty) or through one of
 * the user's tenant roles.
 *
 * <p>Specifications: Auth0 Management API "Get a user's permissions".
 */
public record UserPermission(Permission permission, Optional<Role> viaRole) {
}
