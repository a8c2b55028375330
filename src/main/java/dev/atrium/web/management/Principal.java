package dev.atrium.web.management;

import java.util.Set;

/** The caller of a Management API request: the client the token was issued to, and its scopes. */
public record Principal(String clientId, Set<String> scopes) {
    public boolean hasAny(String... wanted) {
        for (String w : wanted) {
            if (scopes.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
