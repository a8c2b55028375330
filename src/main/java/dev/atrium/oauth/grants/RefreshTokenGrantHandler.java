package dev.atrium.oauth.grants;

import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.oauth.AccessRequestLoader;
import dev.atrium.common.Json;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.ResourceIndicator;
import dev.atrium.oauth.UserPermissions;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.RefreshToken;
import dev.atrium.tokens.RefreshTokenStore;
import dev.atrium.tokens.UserTokens;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code grant_type=refresh_token}. With rotation, each use returns a new refresh token and retires
 * the old one; presenting a retired token again (after the client's {@code leeway}) revokes the
 * whole family. Without rotation the same token stays and its idle lifetime is extended. The user
 * must still exist and not be blocked, RBAC permissions are read again, and a token issued in an
 * organization passes the access decision again (so removal from the organization ends it).
 *
 * <p>Specifications: RFC 6749 §6; OAuth 2.0 Security BCP §4.14.2; Auth0 "Refresh Token Rotation".
 */
public final class RefreshTokenGrantHandler implements GrantHandler {
    private final RefreshTokenStore store;
    private final UserStore users;
    private final ResourceServerStore apis;
    private final UserPermissions permissions;
    private final UserTokens tokens;
    private final ClientGrantStore grants;
    private final AccessRequestLoader access;
    private final OrganizationNames organizationNames;
    private final Clock clock;
    private java.util.function.Predicate<String> mfaRequired = organizationId -> false;

    public RefreshTokenGrantHandler(RefreshTokenStore store, UserStore users, ResourceServerStore apis,
                                    UserPermissions permissions, UserTokens tokens, ClientGrantStore grants,
                                    AccessRequestLoader access, OrganizationNames organizationNames, Clock clock) {
        this.store = store;
        this.users = users;
        this.apis = apis;
        this.permissions = permissions;
        this.tokens = tokens;
        this.grants = grants;
        this.access = access;
        this.organizationNames = organizationNames;
        this.clock = clock;
    }

    /** MFA (issue 12): whether a sign-in into this organization (null: none) would need a second factor now. */
    public RefreshTokenGrantHandler withMfaPolicy(java.util.function.Predicate<String> required) {
        this.mfaRequired = required;
        return this;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public boolean allowsPublicClients() {
        return true;
    }

    @Override
    public ObjectNode handle(OAuthRequest request, Client client) {
        String presented = request.required("refresh_token");
        Instant now = clock.instant();
        RefreshToken rt = store.find(SessionService.sha256(presented))
                .filter(t -> t.clientId().equals(client.clientId()))
                .orElseThrow(() -> invalid(ReasonCode.REFRESH_TOKEN_INVALID));
        if (!rt.usableAt(now)) {
            throw invalid(ReasonCode.REFRESH_TOKEN_INVALID);
        }
        // every refusal comes before rotation, so a refused request does not spend the token
        // RFC 8707 §2.2: a refresh may name the resource first granted, never widen to another
        ResourceIndicator.mustMatchGrant(request.params().get("resource"), Optional.empty(), rt.audience(),
                id -> apis.findByIdentifier(id).isPresent());
        User user = users.find(rt.userId()).orElseThrow(() -> invalid(ReasonCode.USER_NOT_FOUND));
        if (user.blocked()) {
            throw invalid(ReasonCode.USER_BLOCKED);
        }
        if (rt.organizationId() != null && rt.connectionId() != null) {
            // the access decision again: a user removed from the organization, or an organization gone, gets no more tokens
            Optional<ReasonCode> refused = access.reaffirmation(client, user.userId(), rt.connectionId(), rt.organizationId());
            if (refused.isPresent()) {
                store.revokeFamily(rt.familyId(), now);
                throw invalid(refused.get());
            }
        }
        // MFA (issue 12), T58/X17: a refresh has no step-up, so a third-party application whose sign-in would now
        // need a second factor gets no tokens (and its refresh token is not spent)
        if (client.isThirdParty() && mfaRequired.test(rt.organizationId())) {
            throw OAuthException.refused(403, ReasonCode.MFA_REQUIRED_FOR_THIRD_PARTY_REFRESH,
                    "multifactor authentication is not supported in refresh token exchanges for third-party clients");
        }
        Optional<ResourceServer> api = Optional.ofNullable(rt.audience()).flatMap(apis::findByIdentifier);
        if (rt.audience() != null && api.isEmpty()) {
            throw invalid(ReasonCode.API_NO_LONGER_EXISTS);
        }
        // issue 9: a refresh token recorded with Management API scopes yields only current_user ones
        List<String> scope = ManagementApiGrants.userScope(api, narrow(rt.scope(), request.param("scope")));
        if (api.isPresent()) {
            // X16 and T52: the grant is read again, and a narrowed grant narrows the refreshed token
            Optional<List<String>> allowed = ThirdPartyGrants.requireUserGrant(grants, client, api.get());
            if (allowed.isPresent()) {
                List<String> apiScopes = api.get().scopes();
                scope = scope.stream().filter(s -> !apiScopes.contains(s) || allowed.get().contains(s)).toList();
            }
        }
        Optional<List<String>> perms = api.filter(ResourceServer::enforcePolicies).map(a -> permissions.of(user.userId(), rt.organizationId(), a.identifier()));
        if (perms.isPresent()) {
            List<String> apiScopes = api.get().scopes();
            scope = scope.stream().filter(s -> !apiScopes.contains(s) || perms.get().contains(s)).toList();
        }
        boolean rotating = UserTokens.rotating(client);
        long leeway = Json.number(client.refreshTokenSettings(), "leeway", 0);
        if (rotating) {
            if (rt.rotatedAt() != null && (leeway <= 0 || now.isAfter(rt.rotatedAt().plusSeconds(leeway)))) {
                store.revokeFamily(rt.familyId(), now);
                throw invalid(ReasonCode.REFRESH_TOKEN_REUSED);
            }
        } else {
            store.touch(rt.tokenHash(), tokens.nextIdleExpiry(client, rt));
        }
        // Q17: org_name stays the name at first issue (a rename does not reach refreshed tokens, O87), while the tenant flag still allows it
        String orgName = organizationNames.nameFor(rt.organizationId());
        if (orgName != null && rt.organizationName() != null) {
            orgName = rt.organizationName();
        }
        UserTokens.Grant grant = new UserTokens.Grant(client, user, rt.connectionId(), api, scope, perms, null, rt.authTime(),
                rt.sid(), rt.organizationId(), orgName);
        if (!rotating) {
            return tokens.respond(grant, Optional.empty());
        }
        // the predecessor is retired in the transaction that stores its successor (a reuse within the leeway retires nothing)
        String rotates = rt.rotatedAt() == null ? rt.tokenHash() : null;
        try {
            return tokens.respond(grant, Optional.of(new UserTokens.Lineage(rt.familyId(), rt.codeHash(), rt.familyExpiresAt(), rt.scope(), rotates)));
        } catch (UserTokens.RotationLost e) {
            // another request rotated it a moment ago: a reuse at 'now', allowed only within the leeway
            if (leeway <= 0) {
                store.revokeFamily(rt.familyId(), now);
                throw invalid(ReasonCode.REFRESH_TOKEN_REUSED);
            }
            return tokens.respond(grant, Optional.of(new UserTokens.Lineage(rt.familyId(), rt.codeHash(), rt.familyExpiresAt(), rt.scope())));
        }
    }

    /** A refresh may ask for fewer scopes than were granted, never more. */
    static List<String> narrow(List<String> granted, Optional<String> requested) {
        if (requested.isEmpty() || requested.get().isBlank()) {
            return granted;
        }
        List<String> asked = Arrays.asList(requested.get().trim().split("\\s+"));
        if (!granted.containsAll(asked)) {
            throw OAuthException.refused(403, ReasonCode.SCOPE_EXCEEDS_GRANT,
                    "The requested scope exceeds the scope granted by the resource owner.");
        }
        return granted.stream().filter(asked::contains).toList();
    }

    /** Auth0's one answer to every refused refresh token; the log keeps the reason apart. */
    private static OAuthException invalid(ReasonCode reason) {
        return new OAuthException(403, dev.atrium.common.OAuthError.INVALID_GRANT, "Unknown or invalid refresh token.")
                .because(reason.code());
    }
}
