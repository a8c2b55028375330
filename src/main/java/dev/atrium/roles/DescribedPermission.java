package dev.atrium.roles;

import java.util.List;
import java.util.Optional;

/**
 * A permission as the Management API lists it: with its API's name, the scope's description and,
 * for a user's permissions, where it comes from.
 *
 * <p>Specifications: Auth0 Management API "Get a role's permissions", "Get a user's permissions".
 */
public record DescribedPermission(Permission permission, String resourceServerName, Optional<String> description,
                                  List<Source> sources) {
    public static final String DIRECT = "DIRECT";
    public static final String ROLE = "ROLE";

    /** A direct assignment ({@code DIRECT}, empty id and name) or a role ({@code ROLE}). */
    public record Source(String sourceId, String sourceName, String sourceType) {
    }
}
