package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leaked authorization code in the wrong hands (issue 9 point 10). The code is checked against the
 * presenting client, its redirect URI and its PKCE verifier before it is spent, so another client (or a
 * caller naming a public client without the verifier) can neither burn it nor make Atrium treat the
 * owner's later use as a replay and revoke the owner's tokens. Only the code's own client presenting it
 * a second time is a replay.
 */
class AuthorizationCodeTheftTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static JsonNode thief;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        thief = f.webClient("Thief " + System.nanoTime(), "");
    }

    static TestAtrium.Response asThief(String code) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(SignInFixture.WEB_CALLBACK) + "&client_id=" + thief.get("client_id").asString()
                + "&client_secret=" + enc(thief.get("client_secret").asString()));
    }

    static final String OFFLINE = "openid offline_access";

    @Test
    void anotherClientCannotBurnALeakedCode() {
        String code = f.webCode(f.authorizeWeb(OFFLINE, ""));
        assertError(asThief(code), 403, "invalid_grant", "Invalid authorization code");
        JsonNode tokens = ok(f.exchangeWeb(code));
        assertThat(tokens.get("refresh_token")).as("the owner still redeems its code").isNotNull();
    }

    @Test
    void anotherClientPresentingAnAlreadyRedeemedCodeRevokesNothing() {
        String code = f.webCode(f.authorizeWeb(OFFLINE, ""));
        String refresh = ok(f.exchangeWeb(code)).get("refresh_token").asString();
        assertError(asThief(code), 403, "invalid_grant", "Invalid authorization code");
        assertThat(f.refreshWeb(refresh).status()).as("the owner's refresh token survives the thief's attempt").isEqualTo(200);
    }

    @Test
    void theOwnerPresentingTheCodeTwiceIsStillAReplay() {
        String code = f.webCode(f.authorizeWeb(OFFLINE, ""));
        String refresh = ok(f.exchangeWeb(code)).get("refresh_token").asString();
        assertError(f.exchangeWeb(code), 403, "invalid_grant", "Invalid authorization code");
        assertError(f.refreshWeb(refresh), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    @Test
    void theOwnClientWithAWrongRedirectUriDoesNotSpendTheCode() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        assertError(atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc("https://app.example.com/elsewhere") + "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret)),
                403, "invalid_grant", "Invalid authorization code");
        assertThat(f.exchangeWeb(code).status()).isEqualTo(200);
    }

    @Test
    void aPublicClientsCodeWithoutTheRightVerifierIsNotSpent() {
        String verifier = "k".repeat(60);
        String url = "/authorize?response_type=code&client_id=" + f.spaId + "&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK)
                + "&scope=" + enc(OFFLINE) + "&state=s&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256";
        String code = f.code(new TestBrowser(atrium.baseUrl()), url);
        // anyone can name a public client: the verifier is what proves the presenter
        String form = "grant_type=authorization_code&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK) + "&client_id=" + f.spaId
                + "&code=" + enc(code);
        assertError(atrium.postForm("/oauth/token", form + "&code_verifier=" + "x".repeat(60)), 403, "invalid_grant",
                "Invalid authorization code");
        assertError(atrium.postForm("/oauth/token", form), 403, "invalid_grant", "Invalid authorization code");
        assertThat(atrium.postForm("/oauth/token", form + "&code_verifier=" + verifier).status()).isEqualTo(200);
    }
}
