package dev.atrium.web;

import dev.atrium.web.management.InitialAccessTokensApi;
import io.javalin.config.RoutesConfig;

/**
 * Routes of issue 14 (AI agents and MCP clients) registered from one line of {@link Routes}: the Management API's
 * initial access tokens (Atrium's own paths under {@code /api/v2}, so the API's authentication filter covers them).
 */
public final class AgentRoutes {
    private final InitialAccessTokensApi initialAccessTokens;

    public AgentRoutes(InitialAccessTokensApi initialAccessTokens) {
        this.initialAccessTokens = initialAccessTokens;
    }

    public void register(RoutesConfig r) {
        r.post("/api/v2/atrium-initial-access-tokens", initialAccessTokens::create);
        r.get("/api/v2/atrium-initial-access-tokens", initialAccessTokens::list);
        r.delete("/api/v2/atrium-initial-access-tokens/{id}", initialAccessTokens::delete);
    }
}
