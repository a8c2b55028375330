package dev.atrium;

import dev.atrium.clients.ClientStore;
import dev.atrium.onboarding.ApplicationExpiry;
import dev.atrium.onboarding.InitialAccessTokens;
import dev.atrium.onboarding.OnboardingPolicy;
import dev.atrium.storage.JdbcClientUseStore;
import dev.atrium.storage.JdbcInitialAccessTokenStore;
import dev.atrium.tenant.TenantStore;
import dev.atrium.web.AgentRoutes;
import dev.atrium.web.management.InitialAccessTokensApi;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/** Issue 14's wiring kept out of {@link Atrium}: initial access tokens and the expiry of unused self-registered applications. */
record AgentWiring(InitialAccessTokens tokens, ApplicationExpiry expiry, AgentRoutes routes) {
    static AgentWiring of(Jdbi jdbi, ClientStore clients, TenantStore tenant, Clock clock) {
        InitialAccessTokens tokens = new InitialAccessTokens(new JdbcInitialAccessTokenStore(jdbi), clock);
        ApplicationExpiry expiry = new ApplicationExpiry(new JdbcClientUseStore(jdbi), clients,
                () -> OnboardingPolicy.of(tenant.get().doc()), clock);
        return new AgentWiring(tokens, expiry, new AgentRoutes(new InitialAccessTokensApi(tokens)));
    }
}
