package dev.atrium.roles;

import java.util.Optional;

/**
 * A user holding a role, with the profile fields that Auth0 lists beside it.
 *
 * <p>Specifications: Auth0 Management API "Get a role's users".
 */
public record RoleMember(String userId, Optional<String> email, Optional<String> name, Optional<String> picture) {
}
