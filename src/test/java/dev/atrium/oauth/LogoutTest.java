package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.WEB_LOGOUT;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RP-initiated logout ({@code /oidc/logout}) and Auth0's {@code /v2/logout} (api-contract.md §A.10):
 * a redirect only to an allowed URL, with the caller's {@code state}; a page otherwise; a confirmation
 * (with CSRF) when no ID token identifies the caller; and no session left behind.
 */
class LogoutTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    record SignedIn(TestBrowser browser, String idToken) {
    }

    static SignedIn signedIn() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = f.code(browser, f.authorizeWeb("openid", ""));
        return new SignedIn(browser, SignInFixture.ok(f.exchangeWeb(code)).get("id_token").asString());
    }

    static void assertSignedOut(TestBrowser browser) {
        TestBrowser.Page silent = browser.get(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(SignInFixture.query(silent.location())).containsEntry("error", "login_required");
    }

    static void assertStillSignedIn(TestBrowser browser) {
        TestBrowser.Page silent = browser.get(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(SignInFixture.query(silent.location())).containsKey("code");
    }

    static void assertErrorPage(TestBrowser.Page page) {
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.body()).contains("data-error=\"invalid_request\"");
    }

    @Test
    void idTokenHintWithAnAllowedUriRedirectsWithState() {
        SignedIn s = signedIn();
        TestBrowser.Page out = s.browser().get("/oidc/logout?id_token_hint=" + s.idToken() + "&post_logout_redirect_uri="
                + enc(WEB_LOGOUT) + "&client_id=" + f.webId + "&state=" + enc("bye state"));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).isEqualTo(WEB_LOGOUT + "?state=bye+state");
        assertSignedOut(s.browser());
    }

    @Test
    void unlistedPostLogoutRedirectUriIsAPage() {
        SignedIn s = signedIn();
        TestBrowser.Page out = s.browser().get("/oidc/logout?id_token_hint=" + s.idToken() + "&post_logout_redirect_uri="
                + enc("https://evil.example.net/") + "&state=x");
        assertErrorPage(out);
        assertThat(out.body()).doesNotContain("evil.example.net/?state");
    }

    @Test
    void clientIdNotMatchingTheHintIsAPage() {
        SignedIn s = signedIn();
        TestBrowser.Page out = s.browser().get("/oidc/logout?id_token_hint=" + s.idToken() + "&post_logout_redirect_uri="
                + enc(WEB_LOGOUT) + "&client_id=" + f.spaId);
        assertErrorPage(out);
        assertStillSignedIn(s.browser());
    }

    @Test
    void forgedHintIsAPage() {
        SignedIn s = signedIn();
        String forged = s.idToken().substring(0, s.idToken().lastIndexOf('.') + 1) + "AAAA";
        assertErrorPage(s.browser().get("/oidc/logout?id_token_hint=" + forged + "&post_logout_redirect_uri=" + enc(WEB_LOGOUT)));
        assertStillSignedIn(s.browser());
    }

    @Test
    void withoutHintTheUserConfirmsThroughAFormWithCsrf() {
        SignedIn s = signedIn();
        TestBrowser.Page confirm = s.browser().get("/oidc/logout");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.screen()).isEqualTo("logout");
        assertThat(confirm.doc().selectFirst("form input[name=_csrf]").attr("value")).isNotBlank();
        assertStillSignedIn(s.browser());

        TestBrowser.Page forged = s.browser().post("/oidc/logout", Map.of("_csrf", "forged"));
        assertThat(forged.status()).isEqualTo(400);
        assertStillSignedIn(s.browser());

        TestBrowser.Page done = s.browser().submit(confirm, "form", Map.of());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.screen()).isEqualTo("logout");
        assertThat(done.body()).contains("You are signed out");
        assertSignedOut(s.browser());
    }

    @Test
    void v2LogoutWithAnUnlistedReturnToIsAPage() {
        SignedIn s = signedIn();
        assertErrorPage(s.browser().get("/v2/logout?client_id=" + f.webId + "&returnTo=" + enc("https://evil.example.net/")));
        assertSignedOut(s.browser());
    }

    @Test
    void v2LogoutWithAnAllowedReturnToRedirects() {
        SignedIn s = signedIn();
        TestBrowser.Page out = s.browser().get("/v2/logout?client_id=" + f.webId + "&returnTo=" + enc(WEB_LOGOUT));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).isEqualTo(WEB_LOGOUT);
        assertSignedOut(s.browser());
    }
}
