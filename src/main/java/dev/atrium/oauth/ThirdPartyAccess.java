package dev.atrium.oauth;

import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.resourceservers.ResourceServer;

import java.util.Optional;

/**
 * May a third-party application obtain a token for an API? The authorization table of
 * third-party-apps.md T44 as one pure function per subject type, used by {@code /authorize}
 * (before any page is shown), the code exchange, the refresh and client credentials, so that a
 * grant removed later stops every flow. First-party applications are not decided here.
 *
 * <p>Specifications: third-party-apps.md T44–T50, T83 (errors X6, X7, X16); Auth0 "API Access
 * Policies for Applications", "Application Access to APIs: Client Grants".
 */
public final class ThirdPartyAccess {
    private ThirdPartyAccess() {
    }

    /** The outcome: the grant that authorizes the request (when one is needed), or why it is refused. */
    public sealed interface Decision {
        record Allowed(Optional<ClientGrant> grant) implements Decision {
        }

        /** Refused: the stable reason (its OAuth error follows from it), the HTTP status, and a description. */
        record Denied(ReasonCode reason, int status, String description) implements Decision {
            public dev.atrium.common.OAuthError error() {
                return reason.oauthError();
            }

            public OAuthException asTokenError() {
                return new OAuthException(status, error(), description).because(reason.code());
            }
        }
    }

    /**
     * A user flow ({@code subject_type: user}). {@code perApp}: the application's own grant;
     * {@code defaultGrant}: the {@code default_for: third_party_clients} grant. A per-app grant wins (T46).
     */
    public static Decision userFlow(Client client, ResourceServer api, Optional<ClientGrant> perApp,
                                    Optional<ClientGrant> defaultGrant) {
        if (api.userPolicy() == ApiAccessPolicy.DENY_ALL) {
            return denied(api);
        }
        if (api.isSystem()) {
            // T50: never, strict or permissive
            return unauthorized(client, api);
        }
        Optional<ClientGrant> grant = perApp.or(() -> defaultGrant);
        boolean grantRequired = client.isStrictThirdParty() || api.userPolicy() == ApiAccessPolicy.REQUIRE_CLIENT_GRANT;
        if (grantRequired && grant.isEmpty()) {
            return unauthorized(client, api);
        }
        return new Decision.Allowed(grant);
    }

    /** Client credentials of a strict application ({@code subject_type: client}, T83; system APIs per §5 C11). */
    public static Decision clientFlow(Client client, ResourceServer api, Optional<ClientGrant> perApp,
                                      Optional<ClientGrant> defaultGrant) {
        if (api.clientPolicy() == ApiAccessPolicy.DENY_ALL) {
            return denied(api);
        }
        if (api.isSystem()) {
            return unauthorized(client, api);
        }
        Optional<ClientGrant> grant = perApp.or(() -> defaultGrant);
        return grant.isEmpty() ? unauthorized(client, api) : new Decision.Allowed(grant);
    }

    private static Decision denied(ResourceServer api) {
        return new Decision.Denied(ReasonCode.API_ACCESS_DENIED_BY_POLICY, 403,
                "access to resource server \"" + api.identifier() + "\" is denied by its access policy");
    }

    private static Decision unauthorized(Client client, ResourceServer api) {
        return new Decision.Denied(ReasonCode.THIRD_PARTY_NOT_AUTHORIZED_FOR_API, 403,
                "Client \"" + client.clientId() + "\" is not authorized to access resource server \"" + api.identifier() + "\"");
    }
}
