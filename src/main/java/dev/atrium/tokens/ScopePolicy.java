package dev.atrium.tokens;

import dev.atrium.access.ReasonCode;
import dev.atrium.authflow.FlowDispatcher;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the requested scopes a user flow is granted. Pure: the caller supplies the API, the
 * client's user-subject grant, the user's permissions and the consented scopes.
 *
 * <ul>
 *   <li>OpenID Connect scopes pass (not for strict third-party applications, T35); {@code offline_access} only when the client may use refresh tokens
 *       and the API (if any) allows offline access.</li>
 *   <li>API scopes must be scopes of the API; under the {@code require_client_grant} user policy they are
 *       narrowed to the client grant (none → denied); with RBAC ({@code enforce_policies}) to the
 *       user's permissions; when consent was asked, to what the user accepted.</li>
 *   <li>For the Management API (the system API) only its {@code current_user} scopes survive
 *       ({@link ManagementApiScopes#restrict}); when none does, the request is refused rather than
 *       answered with an empty Management API token.</li>
 * </ul>
 *
 * <p>Specifications: Auth0 "API Access Policies for Applications", "Role-Based Access Control",
 * api-contract.md §A.7.1 (RBAC narrowing).
 */
public final class ScopePolicy {
    private ScopePolicy() {
    }

    /** Why a user flow for the Management API that keeps no current_user scope is refused. */
    public static final String MANAGEMENT_API_DENIED = "Users can obtain Management API tokens only with current_user scopes "
            + "(read:current_user, update:current_user_metadata, ...); administrative scopes need a client-credentials grant.";

    /** The outcome: granted scopes, or why the request is refused (in words, and as a stable reason code). */
    public record Result(List<String> granted, Optional<String> deniedReason, Optional<ReasonCode> deniedCode) {
        public Result(List<String> granted, Optional<String> deniedReason) {
            this(granted, deniedReason, Optional.empty());
        }

        public static Result denied(ReasonCode code, String reason) {
            return new Result(List.of(), Optional.of(reason), Optional.of(code));
        }
    }

    public static Result grant(Client client, Optional<ResourceServer> api, List<String> requested,
                               Optional<ClientGrant> userGrant, Optional<List<String>> userPermissions,
                               Optional<List<String>> consented) {
        List<String> out = new ArrayList<>();
        boolean offlineAllowed = client.grantTypes().contains("refresh_token")
                && api.map(ResourceServer::allowOfflineAccess).orElse(true);
        for (String s : requested) {
            // T35: strict third-party applications get no OpenID Connect scopes; offline_access keeps its meaning
            if (client.isStrictThirdParty() && !s.equals("offline_access")) {
                continue;
            }
            if (FlowDispatcher.OIDC_SCOPES.contains(s)) {
                if (!s.equals("offline_access") || offlineAllowed) {
                    out.add(s);
                }
            }
        }
        if (api.isEmpty()) {
            return new Result(out, Optional.empty());
        }
        ResourceServer rs = api.get();
        Set<String> apiScopes = Set.copyOf(rs.scopes());
        List<String> wanted = requested.stream().filter(s -> !FlowDispatcher.OIDC_SCOPES.contains(s))
                .filter(apiScopes::contains).toList();
        if (rs.isSystem()) {
            // issue 9: a user flow gets only the current_user scopes of the Management API, whatever else says yes
            wanted = ManagementApiScopes.restrict(ManagementApiScopes.TokenKind.USER, wanted);
        }
        // T44: a strict third-party application needs a grant even when the API admits all applications
        if (rs.userPolicy() == ApiAccessPolicy.REQUIRE_CLIENT_GRANT || client.isStrictThirdParty()) {
            if (userGrant.isEmpty()) {
                return Result.denied(ReasonCode.NO_USER_CLIENT_GRANT, "Client is not authorized to access \"" + rs.identifier()
                        + "\" on behalf of users. A client grant with subject_type user is required.");
            }
            Set<String> allowed = Set.copyOf(userGrant.get().allowAllScopes() ? rs.scopes() : userGrant.get().scope());
            wanted = wanted.stream().filter(allowed::contains).toList();
        }
        if (rs.enforcePolicies() && userPermissions.isPresent()) {
            Set<String> perms = Set.copyOf(userPermissions.get());
            wanted = wanted.stream().filter(perms::contains).toList();
        }
        if (consented.isPresent()) {
            Set<String> ok = Set.copyOf(consented.get());
            wanted = wanted.stream().filter(ok::contains).toList();
        }
        if (rs.isSystem() && !ManagementApiScopes.anyCurrentUser(wanted)) {
            return Result.denied(ReasonCode.MANAGEMENT_API_REQUIRES_CURRENT_USER_SCOPE, MANAGEMENT_API_DENIED);
        }
        out.addAll(wanted);
        return new Result(out, Optional.empty());
    }
}
