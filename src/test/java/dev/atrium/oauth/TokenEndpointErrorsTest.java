package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static dev.atrium.oauth.SignInFixture.WEB_CALLBACK;
import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors of {@code /oauth/token}, {@code /userinfo} and {@code /oauth/revoke} over HTTP
 * (api-contract.md §A.6.4, §A.6.5, §A.8, §A.9), each with its status, {@code error},
 * {@code error_description} and a JSON content type. The server's clock is a {@link TestClock},
 * so expiry is tested by moving it (never more than a few hours, so the Management token stays valid).
 */
class TokenEndpointErrorsTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static SignInFixture f;
    static final String OFFLINE = "openid profile email offline_access";

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static TestAtrium.Response token(String form) {
        return atrium.postForm("/oauth/token", form);
    }

    static TestAtrium.Response json(String path, String body) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + path))
                .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    String webSecretPost() {
        return "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret);
    }

    JsonNode offlineTokens() {
        return SignInFixture.ok(f.exchangeWeb(f.webCode(f.authorizeWeb(OFFLINE, ""))));
    }

    // ---- request and client errors

    @Test
    void missingGrantType() {
        assertError(token("client_id=" + f.webId), 400, "invalid_request", "Missing required parameter: grant_type");
    }

    @Test
    void missingCode() {
        assertError(token("grant_type=authorization_code" + webSecretPost()), 400, "invalid_request",
                "Missing required parameter: code");
    }

    @Test
    void missingRefreshToken() {
        assertError(token("grant_type=refresh_token" + webSecretPost()), 400, "invalid_request",
                "Missing required parameter: refresh_token");
    }

    @Test
    void unsupportedGrantType() {
        assertError(token("grant_type=password&username=a&password=b" + webSecretPost()), 400, "unsupported_grant_type",
                "Grant type not supported");
    }

    @Test
    void grantNotEnabledOnTheClient() {
        assertError(token("grant_type=client_credentials&audience=" + enc(f.api) + webSecretPost()), 403,
                "unauthorized_client", "Grant type 'client_credentials' not allowed for the client.");
    }

    @Test
    void wrongClientSecret() {
        assertError(token("grant_type=authorization_code&code=x&client_id=" + f.webId + "&client_secret=wrong"), 401,
                "access_denied", "Unauthorized");
    }

    @Test
    void unknownClient() {
        assertError(token("grant_type=authorization_code&code=x&client_id=nobody&client_secret=wrong"), 401,
                "access_denied", "Unauthorized");
    }

    @Test
    void confidentialClientWithoutSecret() {
        assertError(token("grant_type=authorization_code&code=x&client_id=" + f.webId), 401, "access_denied", "Unauthorized");
    }

    @Test
    void basicAuthenticationWithAnotherClientIdInTheBody() {
        TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic(f.webId, f.webSecret))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=x&client_id=" + f.spaId)).build());
        assertError(r, 401, "access_denied", "Unauthorized");
    }

    // ---- authorization codes

    @Test
    void unknownCode() {
        assertError(f.exchangeWeb("not-a-code"), 403, "invalid_grant", "Invalid authorization code");
    }

    @Test
    void expiredCode() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        clock.advance(Duration.ofSeconds(61));
        assertError(f.exchangeWeb(code), 403, "invalid_grant", "Invalid authorization code");
    }

    @Test
    @DisplayName("oidcc-codereuse: a second redemption fails and revokes the refresh token of the first")
    void oidcc_codereuse() {
        String code = f.webCode(f.authorizeWeb(OFFLINE, ""));
        JsonNode first = SignInFixture.ok(f.exchangeWeb(code));
        assertError(f.exchangeWeb(code), 403, "invalid_grant", "Invalid authorization code");
        assertError(f.refreshWeb(first.get("refresh_token").asString()), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    @Test
    void codeOfAnotherClient() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        JsonNode other = f.webClient("Other " + System.nanoTime(), "");
        assertError(token("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(WEB_CALLBACK)
                + "&client_id=" + other.get("client_id").asString() + "&client_secret=" + enc(other.get("client_secret").asString())),
                403, "invalid_grant", "Invalid authorization code");
        // the other client's attempt neither consumed the code nor revoked anything (security/AuthorizationCodeTheftTest)
        assertThat(f.exchangeWeb(code).status()).isEqualTo(200);
    }

    @Test
    void wrongRedirectUri() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        assertError(token("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc("https://app.example.com/other")
                + webSecretPost()), 403, "invalid_grant", "Invalid authorization code");
    }

    @Test
    void missingRedirectUriThatWasSentToAuthorize() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        assertError(token("grant_type=authorization_code&code=" + enc(code) + webSecretPost()), 403, "invalid_grant",
                "Invalid authorization code");
    }

    @Test
    void wrongAndMissingPkceVerifier() {
        String verifier = "v".repeat(50);
        String url = "/authorize?response_type=code&client_id=" + f.spaId + "&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK)
                + "&scope=openid&state=s&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256";
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String form = "grant_type=authorization_code&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK) + "&client_id=" + f.spaId;
        assertError(token(form + "&code=" + enc(f.code(browser, url)) + "&code_verifier=" + "w".repeat(50)), 403,
                "invalid_grant", "Invalid authorization code");
        assertError(token(form + "&code=" + enc(f.code(browser, url))), 403, "invalid_grant", "Invalid authorization code");
        assertThat(token(form + "&code=" + enc(f.code(browser, url)) + "&code_verifier=" + verifier).status()).isEqualTo(200);
    }

    // ---- refresh tokens

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        String rt1 = offlineTokens().get("refresh_token").asString();
        String rt2 = SignInFixture.ok(f.refreshWeb(rt1)).get("refresh_token").asString();
        assertError(f.refreshWeb(rt1), 403, "invalid_grant", "Unknown or invalid refresh token.");
        assertError(f.refreshWeb(rt2), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    @Test
    void refreshTokenOfAnotherClient() {
        String rt = offlineTokens().get("refresh_token").asString();
        JsonNode other = f.webClient("Other " + System.nanoTime(), "");
        assertError(token("grant_type=refresh_token&refresh_token=" + enc(rt) + "&client_id=" + other.get("client_id").asString()
                + "&client_secret=" + enc(other.get("client_secret").asString())), 403, "invalid_grant", "Unknown or invalid refresh token.");
        assertThat(f.refreshWeb(rt).status()).as("the owner can still use it").isEqualTo(200);
    }

    @Test
    void refreshCannotWidenTheScope() {
        String rt = offlineTokens().get("refresh_token").asString();
        assertError(token("grant_type=refresh_token&refresh_token=" + enc(rt) + "&scope=" + enc("openid read:orders")
                + webSecretPost()), 403, "invalid_scope", "The requested scope exceeds the scope granted by the resource owner.");
        JsonNode narrowed = SignInFixture.ok(token("grant_type=refresh_token&refresh_token=" + enc(rt) + "&scope=openid" + webSecretPost()));
        assertThat(narrowed.get("scope").asString()).isEqualTo("openid");
        JsonNode full = SignInFixture.ok(f.refreshWeb(narrowed.get("refresh_token").asString()));
        assertThat(full.get("scope").asString()).as("the rotated token keeps the original scope").isEqualTo(OFFLINE);
    }

    @Test
    void refreshTokenExpiresWhenIdleLongerThanTheIdleLifetime() {
        String rt = offlineTokens().get("refresh_token").asString();
        clock.advance(Duration.ofSeconds(3601));
        assertError(f.refreshWeb(rt), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    @Test
    void nonRotatingRefreshReturnsNoNewRefreshToken() {
        JsonNode c = f.webClient("Steady " + System.nanoTime(), ",\"refresh_token\":{\"rotation_type\":\"non-rotating\","
                + "\"expiration_type\":\"expiring\",\"token_lifetime\":86400,\"idle_token_lifetime\":3600}");
        String id = c.get("client_id").asString();
        String secret = c.get("client_secret").asString();
        String code = f.webCode(f.authorizeWeb(OFFLINE, "").replace("client_id=" + f.webId, "client_id=" + id));
        String auth = "&client_id=" + id + "&client_secret=" + enc(secret);
        String rt = SignInFixture.ok(token("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(WEB_CALLBACK)
                + auth)).get("refresh_token").asString();
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(3000));
            JsonNode r = SignInFixture.ok(token("grant_type=refresh_token&refresh_token=" + enc(rt) + auth));
            assertThat(r.has("refresh_token")).isFalse();
            assertThat(r.get("access_token").asString()).isNotBlank();
        }
    }

    @Test
    void tokenAndRevokeAcceptJsonBodies() {
        String rt = offlineTokens().get("refresh_token").asString();
        JsonNode refreshed = SignInFixture.ok(json("/oauth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + rt
                + "\",\"client_id\":\"" + f.webId + "\",\"client_secret\":\"" + f.webSecret + "\"}"));
        String rt2 = refreshed.get("refresh_token").asString();
        TestAtrium.Response revoked = json("/oauth/revoke", "{\"token\":\"" + rt2 + "\",\"client_id\":\"" + f.webId
                + "\",\"client_secret\":\"" + f.webSecret + "\"}");
        assertThat(revoked.status()).isEqualTo(200);
        assertError(f.refreshWeb(rt2), 403, "invalid_grant", "Unknown or invalid refresh token.");
        assertError(json("/oauth/token", "{\"client_id\":\"" + f.webId + "\"}"), 400, "invalid_request",
                "Missing required parameter: grant_type");
        assertError(json("/oauth/token", "[1,2]"), 400, "invalid_request", "The request body must be a JSON object.");
    }

    // ---- userinfo

    static TestAtrium.Response userinfo(String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo")).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return atrium.send(b.build());
    }

    static void assertInvalidToken(TestAtrium.Response r) {
        assertError(r, 401, "invalid_token", null);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void userinfoWithoutToken() {
        TestAtrium.Response r = userinfo(null);
        assertError(r, 401, "invalid_token", "Missing access token");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void userinfoWithAnInvalidToken() {
        assertInvalidToken(userinfo("not.a.token"));
        String good = offlineTokens().get("access_token").asString();
        assertInvalidToken(userinfo(good.substring(0, good.length() - 4) + "AAAA"));
    }

    @Test
    void userinfoWithAnExpiredToken() {
        String api = "https://short-" + System.nanoTime() + ".example.com/";
        SignInFixture.ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Short\","
                + "\"token_lifetime\":60,\"skip_consent_for_verifiable_first_party_clients\":true}"));
        String at = SignInFixture.ok(f.exchangeWeb(f.webCode(f.authorizeWeb("openid", "&audience=" + enc(api)))))
                .get("access_token").asString();
        assertThat(userinfo(at).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        assertInvalidToken(userinfo(at));
    }

    @Test
    void userinfoWithATokenForAnotherAudience() {
        assertInvalidToken(userinfo(atrium.managementToken()));
    }

    // ---- revocation

    @Test
    void revokeWithoutToken() {
        assertError(atrium.postForm("/oauth/revoke", webSecretPost().substring(1)), 400, "invalid_request",
                "Missing required parameter: token");
    }

    @Test
    void revokeAnUnknownTokenSucceeds() {
        TestAtrium.Response r = atrium.postForm("/oauth/revoke", "token=unknown" + webSecretPost());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void revokeWithABadClient() {
        assertError(atrium.postForm("/oauth/revoke", "token=x&client_id=" + f.webId + "&client_secret=wrong"), 401,
                "access_denied", "Unauthorized");
    }
}
