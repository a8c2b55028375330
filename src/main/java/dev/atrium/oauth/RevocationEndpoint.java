package dev.atrium.oauth;

import dev.atrium.clients.Client;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.RefreshTokenStore;

import java.time.Clock;

/**
 * {@code POST /oauth/revoke}: revokes a refresh token of the authenticated client and every token
 * rotated from the same one. Answers 200 whether or not the token was known, so the endpoint tells
 * nothing about other clients' tokens.
 *
 * <p>Specifications: RFC 7009 §2; api-contract.md §A.9.
 */
public final class RevocationEndpoint {
    private final ClientAuthenticator authenticator;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    public RevocationEndpoint(ClientAuthenticator authenticator, RefreshTokenStore refreshTokens, Clock clock) {
        this.authenticator = authenticator;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public void revoke(OAuthRequest request) {
        Client client = authenticator.authenticate(request, true);
        String token = request.required("token");
        refreshTokens.find(SessionService.sha256(token))
                .filter(t -> t.clientId().equals(client.clientId()))
                .ifPresent(t -> refreshTokens.revokeFamily(t.familyId(), clock.instant()));
    }
}
