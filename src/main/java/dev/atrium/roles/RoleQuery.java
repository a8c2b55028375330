package dev.atrium.roles;

import java.util.Optional;

/**
 * Filters of the role list; an empty filter matches everything. {@code nameContains} matches
 * case-insensitively anywhere in the name.
 *
 * <p>Specifications: Auth0 Management API "Get roles".
 */
public record RoleQuery(Optional<String> nameContains, Optional<String> type, Optional<String> ownerId) {
    public static RoleQuery all() {
        return new RoleQuery(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
