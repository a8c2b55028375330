package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.Json;
import dev.atrium.tokens.IdTokenFactory;
import dev.atrium.tokens.TokenVerifier;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET/POST /userinfo}: the claims of the user behind an access token whose audience includes
 * {@code <issuer>userinfo}, released by the token's scopes; never the organization claims (O91).
 * Failures are 401 {@code invalid_token}.
 *
 * <p>Specifications: OpenID Connect Core §5.3; RFC 6750 §3.1; api-contract.md §A.8.
 */
public final class UserInfoEndpoint {
    private final TokenVerifier verifier;
    private final UserStore users;
    private final ClientStore clients;
    private final String audience;

    public UserInfoEndpoint(TokenVerifier verifier, UserStore users, ClientStore clients, String issuer) {
        this.verifier = verifier;
        this.users = users;
        this.clients = clients;
        this.audience = issuer + "userinfo";
    }

    /** The claims for a bearer token (from the header, or the form field {@code access_token}). */
    public ObjectNode claims(Optional<String> bearer) {
        String token = bearer.orElseThrow(() -> new OAuthException(401, OAuthError.INVALID_TOKEN, "Missing access token"));
        JWTClaimsSet claims = verifier.verify(token, audience)
                .orElseThrow(() -> new OAuthException(401, OAuthError.INVALID_TOKEN, "The access token is invalid or has expired"));
        Object azp = claims.getClaim("azp") != null ? claims.getClaim("azp") : claims.getClaim("client_id");
        Optional<Client> client = azp instanceof String s ? clients.find(s) : Optional.empty();
        if (client.isPresent() && client.get().isStrictThirdParty()) {
            // X19 (T54): answered like any token not meant for /userinfo
            throw new OAuthException(401, OAuthError.INVALID_TOKEN, "Third-party applications cannot use /userinfo");
        }
        User user = users.find(claims.getSubject()).filter(u -> !u.blocked())
                .orElseThrow(() -> new OAuthException(401, OAuthError.INVALID_TOKEN, "The user of this access token no longer exists"));
        Object scope = claims.getClaim("scope");
        List<String> scopes = scope instanceof String s ? Arrays.asList(s.split(" ")) : List.of();
        ObjectNode out = Json.object();
        out.put("sub", user.userId());
        IdTokenFactory.profileClaims(user, scopes).forEach((k, v) -> {
            if (v instanceof Boolean b) {
                out.put(k, b);
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
