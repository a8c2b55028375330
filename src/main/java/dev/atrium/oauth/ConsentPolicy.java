package dev.atrium.oauth;

import dev.atrium.authflow.AuthRequest;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.FlowDispatcher;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.tokens.ScopePolicy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * When the user must consent, to which scopes, and what is already stored (T45–T47, T67, T69): the API
 * scopes the flow could grant before consent, asked of every third-party application and of first-party
 * ones unless the API lets verifiable ones skip it. Consent is stored per user, application, API and organization.
 */
public final class ConsentPolicy {
    private final ClientGrantStore grants;
    private final ConsentStore consents;
    private final UserPermissions permissions;

    public ConsentPolicy(ClientGrantStore grants, ConsentStore consents, UserPermissions permissions) {
        this.grants = grants;
        this.consents = consents;
        this.permissions = permissions;
    }

    /** Consent is always asked of third-party applications; of first-party ones unless the API lets verifiable ones skip it. */
    static boolean required(Client client, ResourceServer api, AuthRequest req) {
        if (client.isThirdParty()) {
            return true;
        }
        return !(api.skipConsentForVerifiableFirstPartyClients() && verifiable(req.redirectUri()));
    }

    /** A redirect URI is verifiable unless it points at localhost or uses a custom scheme. */
    static boolean verifiable(String redirectUri) {
        try {
            URI u = URI.create(redirectUri);
            String host = u.getHost() == null ? "" : u.getHost();
            boolean web = "https".equals(u.getScheme()) || "http".equals(u.getScheme());
            return web && !host.equals("localhost") && !host.equals("127.0.0.1") && !host.equals("[::1]") && !host.endsWith(".localhost");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The API scopes the consent screen asks for: what the flow could grant before consent (T47, T67). */
    List<String> scopes(AuthTransaction tx, Client client, ResourceServer api) {
        ScopePolicy.Result r = ScopePolicy.grant(client, Optional.of(api), tx.request().scope(), userGrant(client, api),
                permissionsOf(tx, api), Optional.empty());
        return FlowDispatcher.apiScopes(r.granted());
    }

    /** The user's permissions on the API in the transaction's organization, when the API enforces its policies. */
    Optional<List<String>> permissionsOf(AuthTransaction tx, ResourceServer api) {
        return api.enforcePolicies() ? Optional.of(permissions.of(tx.userId(), tx.organizationId(), api.identifier())) : Optional.empty();
    }

    /** The application's user grant for the API, or for a third-party application the default one (T45, T46). */
    Optional<ClientGrant> userGrant(Client client, ResourceServer api) {
        return grants.find(client.clientId(), api.identifier(), "user")
                .or(() -> client.isThirdParty() ? grants.findDefault("third_party_clients", api.identifier(), "user") : Optional.empty());
    }

    Optional<ConsentGrant> stored(AuthTransaction tx, ResourceServer api) {
        return consents.find(tx.userId(), tx.request().clientId(), api.identifier(), Optional.ofNullable(tx.organizationId()));
    }

    /** The scopes consented for the code: in this transaction, else the stored consent; empty when consent is not required. */
    Optional<List<String>> consented(AuthTransaction tx, Optional<ResourceServer> api, boolean required) {
        if (!required) {
            return Optional.empty();
        }
        return tx.consentedScopes() != null ? Optional.of(tx.consentedScopes()) : stored(tx, api.orElseThrow()).map(ConsentGrant::scope);
    }
}
