package dev.atrium.oauth.grants;

import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.common.Json;
import dev.atrium.oauth.OAuthException;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.ResourceIndicator;
import dev.atrium.oauth.ThirdPartyAccess;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.tenant.TenantStore;
import dev.atrium.tokens.AccessTokenFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grant_type=client_credentials}: a machine-to-machine token for one API, with the scopes
 * that the application's client grant allows, optionally bound to an organization
 * (api-contract.md §A.6.3).
 *
 * <p>Specifications: RFC 6749 §4.4; Auth0 "Client Credentials Flow", "Client Grants",
 * "Organizations for M2M applications".
 */
public final class ClientCredentialsGrantHandler implements GrantHandler {
    static final String THIRD_PARTY_DEFAULT = "third_party_clients";

    private final ResourceServerStore resourceServers;
    private final ClientGrantStore grants;
    private final TenantStore tenant;
    private final AccessTokenFactory tokens;
    private final OrganizationService organizations;
    private TokenQuotas quotas;

    public ClientCredentialsGrantHandler(ResourceServerStore resourceServers, ClientGrantStore grants,
                                         TenantStore tenant, AccessTokenFactory tokens, OrganizationService organizations) {
        this.resourceServers = resourceServers;
        this.grants = grants;
        this.tenant = tenant;
        this.tokens = tokens;
        this.organizations = organizations;
    }

    /** This handler, counting every token against the application's and organization's quotas (O121, E18). */
    public ClientCredentialsGrantHandler withQuotas(TokenQuotas quotas) {
        this.quotas = quotas;
        return this;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public ObjectNode handle(OAuthRequest request, Client client) {
        // RFC 8707: resource names the API as audience does; both only when they agree
        String audience = ResourceIndicator.requested(request.params().get("resource"), request.param("audience"),
                id -> resourceServers.findByIdentifier(id).isPresent()).orElseGet(() -> tenant.get().defaultAudience());
        if (audience.isEmpty()) {
            throw OAuthException.refused(403, ReasonCode.AUDIENCE_MISSING,
                    "No audience parameter was provided, and no default audience has been configured");
        }
        ResourceServer api = resourceServers.findByIdentifier(audience)
                .orElseThrow(() -> OAuthException.refused(403, ReasonCode.UNKNOWN_API, "Service not enabled within domain: " + audience));
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
        if (api.clientPolicy() == dev.atrium.resourceservers.ApiAccessPolicy.DENY_ALL) {
            throw OAuthException.refused(403, ReasonCode.API_ACCESS_DENIED_BY_POLICY,
                    "Client credentials are not allowed for the API \"" + audience + "\".");
        }
        if (grant.isEmpty()) {
            throw OAuthException.refused(403, ReasonCode.NO_CLIENT_GRANT, "Client is not authorized to access \"" + audience + "\". You need to "
                    + "create a \"client-grant\" associated to this API. See: "
                    + "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants");
        }
        ClientGrant g = grant.get();
        List<String> allowed = g.allowAllScopes() ? api.scopes() : g.scope();
        if (api.isSystem()) {
            // issue 9: current_user scopes have no user to act on in a client-credentials token
            allowed = ManagementApiScopes.restrict(ManagementApiScopes.TokenKind.CLIENT, allowed);
        }
        List<String> granted = narrow(request.param("scope"), allowed);

        Optional<Organization> org = organization(request, client, g);
        org.ifPresent(o -> {
            request.decided().put(OAuthRequest.ORGANIZATION_ID, o.id());
            request.decided().put(OAuthRequest.ORGANIZATION_NAME, o.name());
        });
        if (quotas != null) {
            quotas.take(client, org, request.responseHeaders());
        }
        AccessTokenFactory.Issued issued = tokens.clientCredentials(client, api, granted,
                org.map(Organization::id).orElse(null),
                org.filter(o -> tenant.get().allowOrganizationNameInAuthenticationApi()).map(Organization::name).orElse(null));
        ObjectNode body = Json.object();
        body.put("access_token", issued.token());
        body.put("scope", String.join(" ", granted));
        body.put("expires_in", issued.expiresIn());
        body.put("token_type", "Bearer");
        return body;
    }

    /**
     * The organization of the token (api-contract.md §A.6.3 step 5, organizations.md §2.13): the
     * {@code organization} parameter, or the client's {@code default_organization} for
     * {@code client_credentials} when the grant requires one; it must be allowed by the grant through
     * {@code allow_any_organization} (never for third-party clients) or an association.
     */
    private Optional<Organization> organization(OAuthRequest request, Client client, ClientGrant g) {
        Optional<String> param = request.param("organization").filter(s -> !s.isEmpty());
        OrganizationUsage usage = g.usage();
        Optional<Organization> org;
        if (param.isPresent()) {
            if (!usage.permitsOrganizations()) {
                throw OAuthException.refused(400, ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_GRANT, "organization is not allowed for this client grant");
            }
            org = organizations.resolve(param.get());
            if (org.isEmpty()) {
                throw OAuthException.refused(400, ReasonCode.UNKNOWN_ORGANIZATION, "parameter organization is invalid: " + param.get());
            }
        } else if (usage == OrganizationUsage.REQUIRE) {
            // A default organization that was deleted since no longer applies (organizations.md §1.15).
            org = defaultOrganization(client).flatMap(organizations::find);
            if (org.isEmpty()) {
                throw OAuthException.refused(400, ReasonCode.ORGANIZATION_REQUIRED_FOR_GRANT, "organization is required for this client grant");
            }
        } else {
            return Optional.empty();
        }
        boolean anyOrganization = g.allowAnyOrganization() && !client.isThirdParty();
        if (!anyOrganization && !organizations.hasClientGrant(org.get().id(), g.id())) {
            throw OAuthException.refused(403, ReasonCode.CLIENT_GRANT_NOT_ENABLED_FOR_ORGANIZATION,
                    "client is not authorized to access organization " + org.get().id());
        }
        return org;
    }

    /** The client's {@code default_organization.organization_id} when its {@code flows} name {@code client_credentials}. */
    static Optional<String> defaultOrganization(Client client) {
        JsonNode d = client.property("default_organization");
        if (!d.isObject() || !Json.stringList(d.get("flows")).contains("client_credentials")) {
            return Optional.empty();
        }
        return Optional.ofNullable(Json.text(d, "organization_id", null));
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
