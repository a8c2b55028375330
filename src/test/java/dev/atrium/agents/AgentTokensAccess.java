package dev.atrium.agents;

import dev.atrium.support.TestAtrium;

import java.util.List;

/** {@link AgentTokens} for tests in other packages: the audience of a token that validated against {@code audience}. */
public final class AgentTokensAccess {
    private AgentTokensAccess() {
    }

    public static List<String> audience(TestAtrium atrium, String token, String audience) throws Exception {
        return AgentTokens.validate(atrium, token, audience).getAudience();
    }
}
