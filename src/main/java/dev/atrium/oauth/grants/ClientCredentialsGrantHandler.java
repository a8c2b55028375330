package dev.atrium.oauth.grants;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.common.Json;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.ThirdPartyAccess;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.tenant.TenantStore;
import dev.atrium.tokens.AccessTokenFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grant_type=client_credentials}: a machine-to-machine token for one API, with the scopes
 * that the application's client grant allows (api-contract.md §A.6.3, steps 1–4; the organization
 * steps arrive with organizations).
 *
 * <p>Specifications: RFC 6749 §4.4; Auth0 "Client Credentials Flow", "Client Grants".
 */
public final class ClientCredentialsGrantHandler implements GrantHandler {
    static final String THIRD_PARTY_DEFAULT = "third_party_clients";

    private final ResourceServerStore resourceServers;
    private final ClientGrantStore grants;
    private final TenantStore tenant;
    private final AccessTokenFactory tokens;

    public ClientCredentialsGrantHandler(ResourceServerStore resourceServers, ClientGrantStore grants,
                                         TenantStore tenant, AccessTokenFactory tokens) {
        this.resourceServers = resourceServers;
        this.grants = grants;
        this.tenant = tenant;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public ObjectNode handle(OAuthRequest request, Client client) {
        String audience = request.param("audience").orElseGet(() -> tenant.get().defaultAudience());
        if (audience.isEmpty()) {
            throw OAuthException.accessDenied("No audience parameter was provided, and no default audience has been configured");
        }
        ResourceServer api = resourceServers.findByIdentifier(audience)
                .orElseThrow(() -> OAuthException.accessDenied("Service not enabled within domain: " + audience));
        Optional<ClientGrant> grant = grants.find(client.clientId(), audience, "client");
        if (grant.isEmpty() && client.isThirdParty()) {
            grant = grants.findDefault(THIRD_PARTY_DEFAULT, audience, "client");
        }
        if (client.isStrictThirdParty()) {
            // T83, X7, X16: the third-party table, with its own error codes
            if (ThirdPartyAccess.clientFlow(client, api, grant, Optional.empty()) instanceof ThirdPartyAccess.Decision.Denied d) {
                throw d.asTokenError();
            }
        }
        if (api.clientPolicy().equals("deny_all")) {
            throw OAuthException.accessDenied("Client credentials are not allowed for the API \"" + audience + "\".");
        }
        if (grant.isEmpty()) {
            throw OAuthException.accessDenied("Client is not authorized to access \"" + audience + "\". You need to "
                    + "create a \"client-grant\" associated to this API. See: "
                    + "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants");
        }
        ClientGrant g = grant.get();
        List<String> allowed = g.allowAllScopes() ? api.scopes() : g.scope();
        List<String> granted = narrow(request.param("scope"), allowed);

        Optional<String> organization = request.param("organization");
        if (organization.isPresent() && g.organizationUsage().equals("deny")) {
            throw OAuthException.invalidRequest("Organization parameter is not allowed for this client grant.");
        }
        if (organization.isEmpty() && g.organizationUsage().equals("require")) {
            throw OAuthException.invalidRequest("An organization is required for this client grant.");
        }
        if (organization.isPresent()) {
            throw OAuthException.invalidRequest("parameter organization is invalid: " + organization.get());
        }
        AccessTokenFactory.Issued issued = tokens.clientCredentials(client, api, granted);
        ObjectNode body = Json.object();
        body.put("access_token", issued.token());
        body.put("scope", String.join(" ", granted));
        body.put("expires_in", issued.expiresIn());
        body.put("token_type", "Bearer");
        return body;
    }

    /** The requested scopes that {@code allowed} holds, in request order; all of {@code allowed} when none were asked. */
    static List<String> narrow(Optional<String> requested, List<String> allowed) {
        if (requested.isEmpty() || requested.get().isBlank()) {
            return List.copyOf(new LinkedHashSet<>(allowed));
        }
        Set<String> allowedSet = Set.copyOf(allowed);
        List<String> out = new ArrayList<>();
        for (String s : new LinkedHashSet<>(Arrays.asList(requested.get().trim().split("\\s+")))) {
            if (allowedSet.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
