package dev.atrium.security;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code id_token_hint} forgery at RP-initiated logout (issue 9 point 15, first half). Any JWT Atrium
 * signed used to pass as a hint, so an access token (a client-credentials token anyone with a client can
 * get, or a user's access token) could end a session, or name the application whose logout URLs apply.
 * Only an ID token Atrium issued to a known application passes: typ absent or {@code JWT}, one audience
 * that is an existing client id, {@code sub} and {@code iat}, and none of the access-token claims
 * ({@code scope}, {@code gty}, {@code permissions}, {@code client_id}).
 */
class LogoutHintForgeryTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    record SignedIn(TestBrowser browser, JsonNode tokens) {
    }

    static SignedIn signedIn() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = f.code(browser, f.authorizeWeb("openid", "&audience=" + enc(f.api)));
        return new SignedIn(browser, SignInFixture.ok(f.exchangeWeb(code)));
    }

    static void assertRefusedAndStillSignedIn(SignedIn s, TestBrowser.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.body()).contains("data-error=\"invalid_request\"");
        TestBrowser.Page silent = s.browser().get(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(SignInFixture.query(silent.location())).as("the session survives").containsKey("code");
    }

    @Test
    void aClientCredentialsAccessTokenIsNotAHint() throws Exception {
        SignedIn s = signedIn();
        String cc = atrium.managementToken();
        assertThat(SignedJWT.parse(cc).getJWTClaimsSet().getIssuer()).as("signed by the same issuer").isEqualTo(atrium.issuer());
        assertRefusedAndStillSignedIn(s, s.browser().get("/oidc/logout?id_token_hint=" + cc));
        assertRefusedAndStillSignedIn(s, s.browser().get("/oidc/logout?id_token_hint=" + cc + "&post_logout_redirect_uri="
                + enc(SignInFixture.WEB_LOGOUT)));
    }

    @Test
    void aUsersAccessTokenIsNotAHint() {
        SignedIn s = signedIn();
        String access = s.tokens().get("access_token").asString();
        assertRefusedAndStillSignedIn(s, s.browser().get("/oidc/logout?id_token_hint=" + access + "&client_id=" + f.webId
                + "&post_logout_redirect_uri=" + enc(SignInFixture.WEB_LOGOUT)));
    }

    @Test
    void anIdTokenOfADeletedApplicationIsNotAHint() {
        JsonNode gone = f.webClient("Gone " + System.nanoTime(), "");
        String goneId = gone.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = f.code(browser, f.authorizeWeb("openid", "").replace("client_id=" + f.webId, "client_id=" + goneId));
        String idToken = SignInFixture.ok(atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK) + "&client_id=" + goneId + "&client_secret="
                + enc(gone.get("client_secret").asString()))).get("id_token").asString();
        assertThat(atrium.mgmt("DELETE", "/clients/" + goneId, null).status()).isEqualTo(204);
        assertRefusedAndStillSignedIn(new SignedIn(browser, null), browser.get("/oidc/logout?id_token_hint=" + idToken));
    }

    @Test
    void theIdTokenItselfStillEndsTheSession() {
        SignedIn s = signedIn();
        TestBrowser.Page out = s.browser().get("/oidc/logout?id_token_hint=" + s.tokens().get("id_token").asString()
                + "&post_logout_redirect_uri=" + enc(SignInFixture.WEB_LOGOUT));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).isEqualTo(SignInFixture.WEB_LOGOUT);
        TestBrowser.Page silent = s.browser().get(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(SignInFixture.query(silent.location())).containsEntry("error", "login_required");
    }
}
