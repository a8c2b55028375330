package dev.atrium.oauth.grants;

import dev.atrium.clients.Client;
import dev.atrium.oauth.OAuthRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of {@code POST /oauth/token} that differs by grant type. The {@link dev.atrium.oauth.TokenEndpoint}
 * runs the shared steps (parsing, client authentication, the grant-type check) before it, so no grant can skip them.
 */
public interface GrantHandler {
    String grantType();

    /** Whether a public client (no secret) may use this grant. */
    default boolean allowsPublicClients() {
        return false;
    }

    /** The token response body for an authenticated client that may use this grant. */
    ObjectNode handle(OAuthRequest request, Client client);
}
