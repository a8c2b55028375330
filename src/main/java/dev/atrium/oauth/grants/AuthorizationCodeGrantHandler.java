package dev.atrium.oauth.grants;

import dev.atrium.access.ReasonCode;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantStore;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.ResourceIndicator;
import dev.atrium.oauth.UserPermissions;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerStore;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.AuthorizationCodeStore;
import dev.atrium.tokens.RefreshTokenStore;
import dev.atrium.tokens.UserTokens;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code grant_type=authorization_code}: redeems a code once, for the client and redirect URI it was
 * issued to, with the PKCE verifier when a challenge was sent. The presenter is checked before the code
 * is spent, so only its own client (with the same redirect URI and verifier) can consume it; a second
 * redemption by that client revokes the refresh tokens the first one issued. Every failure is 403 {@code invalid_grant}, as Auth0 answers.
 *
 * <p>Specifications: RFC 6749 §4.1.3, §10.5; RFC 7636 §4.5–4.6; api-contract.md §A.6.4.
 */
public final class AuthorizationCodeGrantHandler implements GrantHandler {
    private final AuthorizationCodeStore codes;
    private final RefreshTokenStore refreshTokens;
    private final UserStore users;
    private final ResourceServerStore apis;
    private final UserPermissions permissions;
    private final UserTokens tokens;
    private final ClientGrantStore grants;
    private final OrganizationNames organizationNames;
    private final Clock clock;

    public AuthorizationCodeGrantHandler(AuthorizationCodeStore codes, RefreshTokenStore refreshTokens, UserStore users,
                                         ResourceServerStore apis, UserPermissions permissions, UserTokens tokens,
                                         ClientGrantStore grants, OrganizationNames organizationNames, Clock clock) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.apis = apis;
        this.permissions = permissions;
        this.tokens = tokens;
        this.grants = grants;
        this.organizationNames = organizationNames;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    @Override
    public boolean allowsPublicClients() {
        return true;
    }

    @Override
    public ObjectNode handle(OAuthRequest request, Client client) {
        String code = request.required("code");
        String hash = SessionService.sha256(code);
        // who presents the code is settled before anything is spent: a leaked code in another client's hands,
        // or without the right redirect URI and verifier, neither burns it nor revokes what it issued
        AuthorizationCode c = codes.find(hash).orElseThrow(() -> invalid(ReasonCode.AUTHORIZATION_CODE_INVALID));
        if (!c.clientId().equals(client.clientId())) {
            throw invalid(ReasonCode.AUTHORIZATION_CODE_INVALID);
        }
        // RFC 6749 §4.1.3: required, and identical, when /authorize was sent one
        Optional<String> redirect = request.param("redirect_uri");
        if (c.redirectUri() != null && !redirect.equals(Optional.of(c.redirectUri()))) {
            throw invalid(ReasonCode.REDIRECT_URI_MISMATCH);
        }
        verifyPkce(c, request.param("code_verifier"));
        // RFC 8707 §2.2: a resource sent here must be the API the code was granted for; checked before the code is spent
        ResourceIndicator.mustMatchGrant(request.params().get("resource"), Optional.empty(), c.audience(),
                id -> apis.findByIdentifier(id).isPresent());
        AuthorizationCodeStore.Consumed consumed = codes.consume(hash, clock.instant());
        if (consumed instanceof AuthorizationCodeStore.Consumed.Replayed) {
            // the code's own client, proving the same redirect URI and verifier, presents it again (RFC 6749 §4.1.2)
            refreshTokens.revokeByCode(hash, clock.instant());
            throw invalid(ReasonCode.AUTHORIZATION_CODE_REPLAYED);
        }
        if (!(consumed instanceof AuthorizationCodeStore.Consumed.Ok)) {
            throw invalid(ReasonCode.AUTHORIZATION_CODE_INVALID);
        }
        User user = users.find(c.userId()).orElseThrow(() -> invalid(ReasonCode.USER_NOT_FOUND));
        if (user.blocked()) {
            throw invalid(ReasonCode.USER_BLOCKED);
        }
        Optional<ResourceServer> api = Optional.ofNullable(c.audience()).flatMap(apis::findByIdentifier);
        if (c.audience() != null && api.isEmpty()) {
            throw invalid(ReasonCode.API_NO_LONGER_EXISTS);
        }
        if (api.isPresent()) {
            // X16 (T48): a grant removed since /authorize stops the exchange
            ThirdPartyGrants.requireUserGrant(grants, client, api.get());
        }
        // issue 9: the Management API rule again, on what the code recorded
        List<String> scope = ManagementApiGrants.userScope(api, c.scope());
        Optional<List<String>> perms = api.filter(ResourceServer::enforcePolicies).map(a -> permissions.of(user.userId(), c.organizationId(), a.identifier()));
        UserTokens.Grant grant = new UserTokens.Grant(client, user, c.connectionId(), api, scope, perms, c.nonce(),
                c.authTime(), c.sid(), c.organizationId(), organizationNames.nameFor(c.organizationId()));
        Optional<UserTokens.Lineage> refresh = scope.contains("offline_access")
                ? Optional.of(tokens.newFamily(client, hash, scope)) : Optional.empty();
        return tokens.respond(grant, refresh);
    }

    private static void verifyPkce(AuthorizationCode c, Optional<String> verifier) {
        if (c.codeChallenge() == null) {
            if (verifier.isPresent()) {
                throw invalid(ReasonCode.PKCE_VERIFICATION_FAILED);
            }
            return;
        }
        if (verifier.isEmpty() || !verifier.get().matches("[A-Za-z0-9._~-]{43,128}")) {
            throw invalid(ReasonCode.PKCE_VERIFICATION_FAILED);
        }
        // only S256 challenges are issued; a stored code with any other method (from before plain was refused) fails
        if (!"S256".equals(c.codeChallengeMethod())) {
            throw invalid(ReasonCode.PKCE_VERIFICATION_FAILED);
        }
        String computed = s256(verifier.get());
        if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), c.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid(ReasonCode.PKCE_VERIFICATION_FAILED);
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Auth0's one answer to every refused code; the log keeps the reason apart. */
    private static OAuthException invalid(ReasonCode reason) {
        return new OAuthException(403, dev.atrium.common.OAuthError.INVALID_GRANT, "Invalid authorization code").because(reason.code());
    }
}
