package dev.atrium.oauth;

import java.util.List;

/** The RBAC permissions a user holds on one API (direct and through roles). */
@FunctionalInterface
public interface UserPermissions {
    List<String> of(String userId, String apiIdentifier);
}
