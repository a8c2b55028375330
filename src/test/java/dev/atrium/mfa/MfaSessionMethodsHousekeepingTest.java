package dev.atrium.mfa;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static dev.atrium.mfa.TotpSignInTest.base32;
import static dev.atrium.mfa.TotpSignInTest.totp;
import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The housekeeping pass and the second factor over HTTP: the methods a session's sign-in passed (its {@code amr})
 * outlive the session while a refresh token of it lives, so a token refreshed days after a sign-out still says
 * "mfa"; once the last refresh token is gone, the next pass deletes them.
 */
class MfaSessionMethodsHousekeepingTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static SignInFixture f;
    static String clientId;
    static String secret;

    @BeforeAll
    static void policy() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        // refresh tokens that outlive the session by weeks
        JsonNode c = f.webClient("Long-lived " + System.nanoTime(), ",\"refresh_token\":{\"rotation_type\":\"rotating\","
                + "\"expiration_type\":\"expiring\",\"token_lifetime\":2592000,\"idle_token_lifetime\":1296000,\"leeway\":0}");
        clientId = c.get("client_id").asString();
        secret = c.get("client_secret").asString();
    }

    static TestAtrium.Response token(String form) {
        return atrium.postForm("/oauth/token", form + "&client_id=" + clientId + "&client_secret=" + TestAtrium.enc(secret));
    }

    static Object amr(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("id_token").asString()).getJWTClaimsSet().getClaim("amr");
    }

    @Test
    void theAmrOutlivesTheSessionWhileARefreshTokenOfItLivesAndGoesWithTheLastOne() throws Exception {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = b.open("/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=" + TestAtrium.enc("openid offline_access") + "&state=s");
        TestBrowser.Page enroll = b.follow(b.submit(login, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(enroll.screen()).isEqualTo("mfa-otp-enrollment-qr");
        String otpSecret = enroll.doc().selectFirst("[data-otp-secret]").text();
        TestBrowser.Page back = b.follow(b.submit(enroll, "form",
                Map.of("code", totp(base32(otpSecret), clock.instant().getEpochSecond() / 30))));
        if ("mfa-recovery-code-enrollment".equals(back.screen())) {
            back = b.open(back.doc().selectFirst("a[data-continue]").attr("href"));
        }
        JsonNode tokens = ok(token("grant_type=authorization_code&code=" + TestAtrium.enc(SignInFixture.query(back.location()).get("code"))
                + "&redirect_uri=" + TestAtrium.enc(SignInFixture.WEB_CALLBACK)));
        assertThat(amr(tokens)).asList().contains("mfa");

        // the user signs out: the session is gone, its refresh token is not
        TestBrowser.Page out = b.get("/v2/logout?client_id=" + clientId);
        assertThat(out.status()).isIn(200, 302);
        clock.advance(Duration.ofDays(3));
        assertThat(atrium.server().housekeeping().run()).doesNotContainKey("mfa_session_methods");
        JsonNode refreshed = ok(token("grant_type=refresh_token&refresh_token=" + TestAtrium.enc(tokens.get("refresh_token").asString())));
        assertThat(amr(refreshed)).as("three days after the sign-out, the refreshed ID token").asList().contains("mfa");

        // the last refresh token revoked: its family, then the methods, go in one pass
        assertThat(atrium.postForm("/oauth/revoke", "token=" + TestAtrium.enc(refreshed.get("refresh_token").asString())
                + "&client_id=" + clientId + "&client_secret=" + TestAtrium.enc(secret)).status()).isEqualTo(200);
        assertThat(atrium.server().housekeeping().run()).containsEntry("mfa_session_methods", 1).containsKey("refresh_tokens");
    }
}
