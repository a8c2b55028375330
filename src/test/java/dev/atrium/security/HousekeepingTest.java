package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.SignInFixture.query;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The housekeeping of expired rows over HTTP, as a holder of a leaked code or token: once a pass has deleted
 * what no flow can use, every live credential still works (the session signs in silently, the current refresh
 * token refreshes), nothing deleted becomes usable (a spent code stays refused), and a rotated refresh token of a
 * live family is kept, so replaying it still revokes the family; the family's rows go on the next pass, the
 * session's once it is idle past its lifetime.
 */
class HousekeepingTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);

    @Test
    void aPassDeletesOnlyWhatNoFlowCanUseAndReuseDetectionSurvivesIt() {
        SignInFixture f = new SignInFixture(atrium);
        JsonNode app = f.webClient("Housekeeping " + System.nanoTime(), ",\"token_endpoint_auth_method\":\"client_secret_post\","
                + "\"refresh_token\":{\"rotation_type\":\"rotating\",\"expiration_type\":\"expiring\",\"token_lifetime\":2592000,"
                + "\"idle_token_lifetime\":1296000,\"leeway\":0}");
        String id = app.get("client_id").asString();
        String secret = app.get("client_secret").asString();
        String authorize = "/authorize?response_type=code&client_id=" + id + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK)
                + "&scope=" + enc("openid offline_access") + "&audience=" + enc(f.api) + "&state=s";

        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = f.code(browser, authorize);
        JsonNode first = ok(exchange(id, secret, code));
        String rotated = first.get("refresh_token").asString();
        String current = ok(refresh(id, secret, rotated)).get("refresh_token").asString();
        // an abandoned sign-in: a transaction nobody finishes
        assertThat(new TestBrowser(atrium.baseUrl()).open(authorize).screen()).isEqualTo("login");

        clock.advance(Duration.ofDays(2));
        Map<String, Integer> deleted = atrium.server().housekeeping().run();
        assertThat(deleted).as("the abandoned transaction and the spent code").containsKeys("auth_transactions", "authorization_codes")
                .doesNotContainKeys("sessions", "refresh_tokens");

        // a leaked code whose row is gone is refused as before
        assertError(exchange(id, secret, code), 403, "invalid_grant", null);
        // the live credentials work: the session signs in silently, the current refresh token refreshes
        TestBrowser.Page silent = browser.open(authorize + "&prompt=none");
        assertThat(query(silent.location())).containsKey("code");
        String next = ok(refresh(id, secret, current)).get("refresh_token").asString();
        // the rotated token was kept: replaying it still revokes the family, the newest token with it
        assertError(refresh(id, secret, rotated), 403, "invalid_grant", null);
        assertError(refresh(id, secret, next), 403, "invalid_grant", null);
        assertThat(atrium.server().housekeeping().run()).as("the revoked family goes on the next pass")
                .containsEntry("refresh_tokens", 3);
        assertError(refresh(id, secret, next), 403, "invalid_grant", null);

        // idle past the session's lifetime (72 hours by default): the session goes, and a silent sign-in needs a login
        clock.advance(Duration.ofDays(4));
        assertThat(atrium.server().housekeeping().run()).containsKey("sessions");
        assertThat(query(browser.open(authorize + "&prompt=none").location())).containsEntry("error", "login_required");
    }

    private static TestAtrium.Response exchange(String id, String secret, String code) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(SignInFixture.WEB_CALLBACK) + "&client_id=" + id + "&client_secret=" + enc(secret));
    }

    private static TestAtrium.Response refresh(String id, String secret, String token) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + enc(token) + "&client_id=" + id
                + "&client_secret=" + enc(secret));
    }
}
