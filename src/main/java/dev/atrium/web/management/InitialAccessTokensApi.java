package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.onboarding.InitialAccessToken;
import dev.atrium.onboarding.InitialAccessTokens;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Atrium's own {@code /api/v2/atrium-initial-access-tokens} (issue 14): mint (the token is in the answer once, never
 * again), list and revoke the initial access tokens that open dynamic registration when the onboarding policy's
 * {@code dynamic_registration} is {@code initial_access_token}. Scopes: {@code create:clients},
 * {@code read:clients}, {@code delete:clients} — a token lets its holder create applications.
 */
public final class InitialAccessTokensApi {
    static final Set<String> MEMBERS = Set.of("description", "expires_in");
    private final InitialAccessTokens tokens;

    public InitialAccessTokensApi(InitialAccessTokens tokens) {
        this.tokens = tokens;
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:clients");
        ObjectNode body = ManagementApi.body(ctx);
        for (String name : body.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw ApiException.badRequest("Payload validation error: 'Additional properties not allowed: " + name + "'.");
            }
        }
        JsonNode d = body.get("description");
        if (d != null && !d.isNull() && !d.isString()) {
            throw ApiException.badRequest("Payload validation error: 'description' must be a string.");
        }
        JsonNode e = body.get("expires_in");
        if (e != null && !e.isNull() && !e.isIntegralNumber()) {
            throw ApiException.badRequest("Payload validation error: 'expires_in' must be a whole number of seconds.");
        }
        Optional<Duration> life = e == null || e.isNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(e.asLong()));
        InitialAccessTokens.Minted m = ManagementApi.domain(() -> tokens.mint(d == null || d.isNull() ? null : d.asString(), life));
        ObjectNode out = view(m.stored());
        out.put("token", m.token());
        ManagementApi.json(ctx, 201, out);
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:clients");
        ArrayNode out = Json.MAPPER.createArrayNode();
        tokens.list().forEach(t -> out.add(view(t)));
        ManagementApi.json(ctx, 200, out);
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:clients");
        if (!tokens.revoke(ManagementApi.path(ctx, "id"))) {
            throw ApiException.notFound("The initial access token does not exist", "inexistent_initial_access_token");
        }
        ManagementApi.noContent(ctx);
    }

    static ObjectNode view(InitialAccessToken t) {
        ObjectNode o = Json.object();
        o.put("id", t.id());
        if (t.description() == null) {
            o.putNull("description");
        } else {
            o.put("description", t.description());
        }
        o.put("created_at", t.createdAt().toString());
        o.put("expires_at", t.expiresAt().toString());
        return o;
    }
}
