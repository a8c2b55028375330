package dev.atrium.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 end to end over HTTP: a confidential web application and a public single-page application
 * sign a database user in through the hosted pages, exchange the code, refresh with rotation, read
 * /userinfo, revoke and log out. ID tokens are checked by Nimbus's relying-party validator against
 * the JWKS, as an independent client would.
 */
class SignInFlowTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static Map<String, String> query(String location) {
        return SignInFixture.query(location);
    }

    String authorizeWeb(String extra) {
        return "/authorize?response_type=code&client_id=" + f.webId + "&redirect_uri=" + TestAtrium.enc(SignInFixture.WEB_CALLBACK)
                + "&scope=" + TestAtrium.enc("openid profile email offline_access read:orders") + "&audience=" + TestAtrium.enc(f.api)
                + "&state=xyz-state&nonce=n-0S6_WzA2Mj" + extra;
    }

    /** Logs in on the login page and accepts consent when asked; returns the redirect back to the client. */
    TestBrowser.Page loginAndConsent(TestBrowser browser, String authorizeUrl) {
        TestBrowser.Page page = browser.open(authorizeUrl);
        assertThat(page.screen()).isEqualTo("login");
        page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        if ("consent".equals(page.screen())) {
            assertThat(page.body()).contains("Orders API").contains("Orders: read your orders");
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        return page;
    }

    JsonNode exchange(String code, String clientId, String secret, String verifier, String redirect) {
        StringBuilder form = new StringBuilder("grant_type=authorization_code&code=" + TestAtrium.enc(code)
                + "&redirect_uri=" + TestAtrium.enc(redirect));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (secret != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (TestAtrium.enc(clientId) + ":" + TestAtrium.enc(secret)).getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(clientId);
        }
        if (verifier != null) {
            form.append("&code_verifier=").append(verifier);
        }
        var r = atrium.send(b.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void webApplicationSignsInRefreshesReadsUserinfoRevokesAndLogsOut() throws Exception {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = loginAndConsent(browser, authorizeWeb(""));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(SignInFixture.WEB_CALLBACK + "?");
        Map<String, String> q = query(back.location());
        assertThat(q).containsEntry("state", "xyz-state").containsEntry("iss", atrium.issuer()).containsKey("code");

        JsonNode tokens = exchange(q.get("code"), f.webId, f.webSecret, null, SignInFixture.WEB_CALLBACK);
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder(
                "openid", "profile", "email", "offline_access", "read:orders");

        IDTokenValidator validator = new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(f.webId),
                JWSAlgorithm.RS256, new URL(atrium.baseUrl() + "/.well-known/jwks.json"));
        IDTokenClaimsSet id = validator.validate(JWTParser.parse(tokens.get("id_token").asString()), new Nonce("n-0S6_WzA2Mj"));
        assertThat(id.getSubject().getValue()).isEqualTo(f.userId);
        assertThat(id.getAuthenticationTime()).isNotNull();
        assertThat(id.getStringClaim("sid")).isNotBlank();
        assertThat(id.getStringClaim("email")).isEqualTo(f.email);
        assertThat(id.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(id.getAccessTokenHash()).isNotNull();

        var access = SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet();
        assertThat(access.getIssuer()).isEqualTo(atrium.issuer());
        assertThat(access.getAudience()).containsExactly(f.api, atrium.issuer() + "userinfo");
        assertThat(access.getStringClaim("azp")).isEqualTo(f.webId);

        var userinfo = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asString()).GET().build());
        assertThat(userinfo.status()).isEqualTo(200);
        assertThat(userinfo.json().get("sub").asString()).isEqualTo(f.userId);
        assertThat(userinfo.json().get("email").asString()).isEqualTo(f.email);

        String rt1 = tokens.get("refresh_token").asString();
        var refreshed = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(rt1)
                + "&client_id=" + f.webId + "&client_secret=" + TestAtrium.enc(f.webSecret));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String rt2 = refreshed.json().get("refresh_token").asString();
        assertThat(rt2).isNotEqualTo(rt1);

        var revoke = atrium.postForm("/oauth/revoke", "token=" + TestAtrium.enc(rt2) + "&client_id=" + f.webId
                + "&client_secret=" + TestAtrium.enc(f.webSecret));
        assertThat(revoke.status()).isEqualTo(200);
        var afterRevoke = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(rt2)
                + "&client_id=" + f.webId + "&client_secret=" + TestAtrium.enc(f.webSecret));
        assertThat(afterRevoke.status()).isEqualTo(403);
        assertThat(afterRevoke.json().get("error").asString()).isEqualTo("invalid_grant");

        TestBrowser.Page logout = browser.get("/v2/logout?client_id=" + f.webId + "&returnTo=" + TestAtrium.enc(SignInFixture.WEB_LOGOUT));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.location()).isEqualTo(SignInFixture.WEB_LOGOUT);
        TestBrowser.Page silent = browser.get(authorizeWeb("&prompt=none"));
        assertThat(silent.status()).isEqualTo(302);
        assertThat(query(silent.location())).containsEntry("error", "login_required").containsEntry("state", "xyz-state");
    }

    @Test
    void singlePageApplicationUsesPkceAndTheSsoSessionOfTheFirstSignIn() throws Exception {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        loginAndConsent(browser, authorizeWeb(""));

        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-spa-verifier";
        TestBrowser.Page back = browser.open("/authorize?response_type=code&client_id=" + f.spaId + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.SPA_CALLBACK) + "&scope=openid%20profile&state=s2&nonce=n2"
                + "&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256");
        assertThat(back.status()).as("no password asked a second time").isEqualTo(302);
        assertThat(back.location()).startsWith(SignInFixture.SPA_CALLBACK);
        JsonNode tokens = exchange(query(back.location()).get("code"), f.spaId, null, verifier, SignInFixture.SPA_CALLBACK);
        IDTokenClaimsSet id = new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(f.spaId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json"))
                .validate(JWTParser.parse(tokens.get("id_token").asString()), new Nonce("n2"));
        assertThat(id.getSubject().getValue()).isEqualTo(f.userId);
        assertThat(tokens.has("refresh_token")).isFalse();
    }
}
