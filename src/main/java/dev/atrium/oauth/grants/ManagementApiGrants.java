package dev.atrium.oauth.grants;

import dev.atrium.oauth.OAuthException;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.tokens.ScopePolicy;

import java.util.List;
import java.util.Optional;

/**
 * The Management API rule of {@link ManagementApiScopes} applied again where a user token is minted
 * from something stored earlier (an authorization code, a refresh token): what was recorded then,
 * possibly by an older version, cannot yield an administrative scope now (issue 9, point 1).
 */
final class ManagementApiGrants {
    private ManagementApiGrants() {
    }

    /**
     * {@code scope} for a user token of {@code api}: unchanged for other APIs; for the Management API
     * only its current_user scopes (and OpenID Connect scopes), and 403 {@code access_denied} when no
     * current_user scope remains.
     */
    static List<String> userScope(Optional<ResourceServer> api, List<String> scope) {
        if (api.isEmpty() || !api.get().isSystem()) {
            return scope;
        }
        List<String> kept = ManagementApiScopes.restrict(ManagementApiScopes.TokenKind.USER, scope);
        if (!ManagementApiScopes.anyCurrentUser(kept)) {
            throw OAuthException.refused(403, dev.atrium.access.ReasonCode.MANAGEMENT_API_REQUIRES_CURRENT_USER_SCOPE,
                    ScopePolicy.MANAGEMENT_API_DENIED);
        }
        return kept;
    }
}
