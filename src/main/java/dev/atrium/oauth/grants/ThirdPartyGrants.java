package dev.atrium.oauth.grants;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.oauth.ThirdPartyAccess;
import dev.atrium.resourceservers.ResourceServer;

import java.util.List;
import java.util.Optional;

/**
 * The grant look-up that the code exchange and the refresh repeat for third-party applications, so
 * that deleting or narrowing a client grant after {@code /authorize} takes effect at the next token
 * request (third-party-apps.md T48, T52, error X16).
 */
final class ThirdPartyGrants {
    private ThirdPartyGrants() {
    }

    /**
     * Fails with the decision's error when a third-party application may no longer use the API;
     * returns the scopes its grant allows, or empty when no grant limits them (first-party, or a
     * permissive application under {@code allow_all}).
     */
    static Optional<List<String>> requireUserGrant(ClientGrantStore grants, Client client, ResourceServer api) {
        if (client.isFirstParty()) {
            return Optional.empty();
        }
        ThirdPartyAccess.Decision d = ThirdPartyAccess.userFlow(client, api,
                grants.find(client.clientId(), api.identifier(), "user"),
                grants.findDefault(ClientGrantService.DEFAULT_FOR_THIRD_PARTY, api.identifier(), "user"));
        if (d instanceof ThirdPartyAccess.Decision.Denied denied) {
            throw denied.asTokenError();
        }
        Optional<ClientGrant> g = ((ThirdPartyAccess.Decision.Allowed) d).grant();
        return g.map(x -> x.allowAllScopes() ? api.scopes() : x.scope());
    }
}
