package dev.atrium.security;

import dev.atrium.common.Ids;
import dev.atrium.sessions.SessionService;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcAuthorizationCodeStore;
import dev.atrium.storage.JdbcRefreshTokenStore;
import dev.atrium.support.TestAtrium;
import dev.atrium.tokens.AuthorizationCode;
import dev.atrium.tokens.RefreshToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes an authorization code or a refresh token straight into a running server's database, as an
 * earlier version of Atrium (before issue 9) could have recorded it, so that the tests can show that
 * the token endpoint checks again what it is about to issue rather than trusting what was stored.
 */
final class StoredGrants {
    private StoredGrants() {
    }

    /** A live code for {@code clientId} with these scopes and a PKCE S256 challenge; returns the code. */
    static String plant(TestAtrium atrium, String clientId, String redirectUri, String userId, String connectionId,
                        String audience, List<String> scope, String challenge) {
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        Instant now = Instant.now();
        try (Database db = new Database(atrium.server().config().databaseUrl(), "", "")) {
            new JdbcAuthorizationCodeStore(db.jdbi()).create(new AuthorizationCode(SessionService.sha256(code), clientId, redirectUri,
                    userId, connectionId, scope, audience, null, challenge, "S256", now, null, null, false, now,
                    now.plus(Duration.ofMinutes(5))));
        }
        return code;
    }

    /** A live refresh token for {@code clientId} with these scopes; returns the token. */
    static String plantRefreshToken(TestAtrium atrium, String clientId, String userId, String connectionId, String audience,
                                    List<String> scope) {
        String token = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(48));
        Instant now = Instant.now();
        try (Database db = new Database(atrium.server().config().databaseUrl(), "", "")) {
            new JdbcRefreshTokenStore(db.jdbi()).create(new RefreshToken(SessionService.sha256(token), Ids.alnum(24), clientId,
                    userId, connectionId, null, audience, scope, null, null, null, now, now, now.plus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(1)), null, null));
        }
        return token;
    }
}
