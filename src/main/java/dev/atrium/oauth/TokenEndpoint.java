package dev.atrium.oauth;

import dev.atrium.clients.Client;
import dev.atrium.oauth.grants.GrantHandler;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /oauth/token} as a fixed pipeline (ARCHITECTURE.md §5.5): read the grant type, find
 * its handler, authenticate the client, check that the client may use the grant, then let the
 * handler issue. The order is the endpoint's, never a handler's.
 *
 * <p>Specifications: RFC 6749 §3.2, §5; api-contract.md §A.6.
 */
public final class TokenEndpoint {
    private final ClientAuthenticator authenticator;
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers) {
        this.authenticator = authenticator;
        handlers.forEach(h -> this.handlers.put(h.grantType(), h));
    }

    static OAuthException notAllowed(String grantType) {
        return new OAuthException(403, "unauthorized_client", "Grant type '" + grantType + "' not allowed for the client.");
    }

    public ObjectNode handle(OAuthRequest request) {
        String grantType = request.required("grant_type");
        GrantHandler handler = handlers.get(grantType);
        if (handler == null) {
            throw new OAuthException(400, "unsupported_grant_type", "Grant type not supported");
        }
        // a public client is authenticated like one, then refused the grant it may not use (X14), not answered 401
        Client client = authenticator.authenticate(request, true);
        if (!client.grantTypes().contains(grantType) || (client.isPublic() && !handler.allowsPublicClients())) {
            throw notAllowed(grantType);
        }
        return handler.handle(request, client);
    }
}
