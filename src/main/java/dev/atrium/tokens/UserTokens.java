package dev.atrium.tokens;

import dev.atrium.clients.Client;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.sessions.SessionService;
import dev.atrium.users.User;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mints the token response of a user flow: the access token, the ID token when {@code openid} was
 * granted, and a refresh token when {@code offline_access} was, with the lifetimes of the client's
 * {@code refresh_token} settings.
 *
 * <p>Specifications: RFC 6749 §5.1; OpenID Connect Core §3.1.3.3; Auth0 "Configure Refresh Token Expiration".
 */
public final class UserTokens {
    private final AccessTokenFactory accessTokens;
    private final IdTokenFactory idTokens;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    /** Everything a user token response is about. */
    public record Grant(Client client, User user, String connectionId, Optional<ResourceServer> api, List<String> scope,
                        Optional<List<String>> permissions, String nonce, Instant authTime, String sid,
                        String organizationId, String organizationName) {
    }

    /**
     * Where a new refresh token belongs: a new family (from a code) or an existing one (rotation), and
     * its scope, which rotation keeps even when the access token was narrowed (RFC 6749 §6), and the
     * hash of the token it replaces ({@code rotates}, or null), retired in the same transaction that
     * stores the new one.
     */
    public record Lineage(String familyId, String codeHash, Instant familyExpiresAt, List<String> scope, String rotates) {
        public Lineage(String familyId, String codeHash, Instant familyExpiresAt, List<String> scope) {
            this(familyId, codeHash, familyExpiresAt, scope, null);
        }
    }

    /** The token that {@link Lineage#rotates()} names was rotated or revoked by another request first; nothing was stored. */
    public static final class RotationLost extends RuntimeException {
        public RotationLost() {
            super("refresh token already rotated", null, false, false);
        }
    }

    public UserTokens(AccessTokenFactory accessTokens, IdTokenFactory idTokens, RefreshTokenStore refreshTokens, Clock clock) {
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /** The response body; {@code refresh}: where a new refresh token goes, or empty for none. */
    public ObjectNode respond(Grant g, Optional<Lineage> refresh) {
        AccessTokenFactory.Issued at = accessTokens.user(g.client(), g.user().userId(), g.api(), g.scope(),
                g.permissions(), g.organizationId(), g.organizationName());
        ObjectNode body = Json.object();
        body.put("access_token", at.token());
        if (g.scope().contains("openid") && !g.client().isStrictThirdParty()) {
            body.put("id_token", idTokens.issue(g.client(), g.user(), new IdTokenFactory.Context(g.scope(), g.nonce(),
                    g.authTime(), g.sid(), at.token(), g.organizationId(), g.organizationName())));
        }
        if (refresh.isPresent()) {
            body.put("refresh_token", mintRefresh(g, refresh.get()));
        }
        body.put("scope", String.join(" ", g.scope()));
        body.put("expires_in", at.expiresIn());
        body.put("token_type", "Bearer");
        return body;
    }

    /** A fresh lineage for tokens that start from an authorization code, with the family's absolute expiry. */
    public Lineage newFamily(Client client, String codeHash, List<String> scope) {
        JsonNode rt = client.refreshTokenSettings();
        Instant now = clock.instant();
        Instant familyExpiry = expiring(rt) && !Json.bool(rt, "infinite_token_lifetime", false)
                ? now.plusSeconds(Json.number(rt, "token_lifetime", 2592000)) : null;
        return new Lineage(Ids.alnum(24), codeHash, familyExpiry, scope);
    }

    private String mintRefresh(Grant g, Lineage lineage) {
        JsonNode rt = g.client().refreshTokenSettings();
        Instant now = clock.instant();
        Instant idle = expiring(rt) && !Json.bool(rt, "infinite_idle_token_lifetime", false)
                ? now.plusSeconds(Json.number(rt, "idle_token_lifetime", 1296000)) : null;
        if (idle != null && lineage.familyExpiresAt() != null && idle.isAfter(lineage.familyExpiresAt())) {
            idle = lineage.familyExpiresAt();
        }
        String token = "v1." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(48));
        RefreshToken record = new RefreshToken(SessionService.sha256(token), lineage.familyId(), g.client().clientId(),
                g.user().userId(), g.connectionId(), lineage.codeHash(), g.api().map(ResourceServer::identifier).orElse(null), lineage.scope(),
                g.organizationId(), g.organizationName(), g.sid(), g.authTime(), now, idle, lineage.familyExpiresAt(), null, null);
        if (lineage.rotates() == null) {
            refreshTokens.create(record);
        } else if (!refreshTokens.rotate(lineage.rotates(), now, record)) {
            throw new RotationLost();
        }
        return token;
    }

    /** The idle expiry a non-rotating token gets after each use. */
    public Instant nextIdleExpiry(Client client, RefreshToken token) {
        JsonNode rt = client.refreshTokenSettings();
        if (!expiring(rt) || Json.bool(rt, "infinite_idle_token_lifetime", false)) {
            return null;
        }
        Instant idle = clock.instant().plusSeconds(Json.number(rt, "idle_token_lifetime", 1296000));
        return token.familyExpiresAt() != null && idle.isAfter(token.familyExpiresAt()) ? token.familyExpiresAt() : idle;
    }

    public static boolean rotating(Client client) {
        return "rotating".equals(Json.text(client.refreshTokenSettings(), "rotation_type", "non-rotating"));
    }

    private static boolean expiring(JsonNode rt) {
        return "expiring".equals(Json.text(rt, "expiration_type", "non-expiring"));
    }
}
