package dev.atrium.roles;

import java.util.Optional;

/**
 * A named set of API permissions. A {@code tenant} role is assigned to users directly; an
 * {@code organization} role belongs to one organization ({@code ownerId}) and is assigned to its members.
 *
 * <p>Specifications: Auth0 Management API "Roles"; Auth0 "Role-Based Access Control".
 */
public record Role(String id, String name, Optional<String> description, String type, Optional<String> ownerId) {
    public static final String TENANT = "tenant";
    public static final String ORGANIZATION = "organization";

    public boolean isTenantRole() {
        return TENANT.equals(type);
    }

    public Role withNameAndDescription(String newName, Optional<String> newDescription) {
        return new Role(id, newName, newDescription, type, ownerId);
    }
}
