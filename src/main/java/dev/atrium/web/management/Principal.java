package dev.atrium.web.management;

import java.util.Optional;
import java.util.Set;

/**
 * The caller of a Management API request: the client the token was issued to, its effective scopes
 * (already restricted by {@link dev.atrium.resourceservers.ManagementApiScopes} to what a token of its
 * kind may carry), and for a user token the user it acts for.
 */
public record Principal(String clientId, Set<String> scopes, Optional<String> userId) {
    public Principal(String clientId, Set<String> scopes) {
        this(clientId, scopes, Optional.empty());
    }

    public boolean hasAny(String... wanted) {
        for (String w : wanted) {
            if (scopes.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** A token from a user flow: acts only on {@link #userId()} with current_user scopes. */
    public boolean isUser() {
        return userId.isPresent();
    }
}
