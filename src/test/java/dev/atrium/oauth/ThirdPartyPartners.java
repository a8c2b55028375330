package dev.atrium.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.CB;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant for third-party tests bound to one test class's server, with the calls those tests repeat.
 * Same shape as {@link ThirdPartyFlowTest}'s: a default third-party {@code user} grant for
 * {@code read:orders} on the fixture's API, and the fixture's database connection promoted to domain level.
 */
final class ThirdPartyPartners {
    final TestAtrium atrium;
    final SignInFixture f;

    ThirdPartyPartners(TestAtrium atrium) {
        this.atrium = atrium;
        this.f = new SignInFixture(atrium);
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
    }

    /** A strict third-party application (or another mode through {@code extra}); returns {client_id, client_secret?}. */
    JsonNode partner(String extra) {
        return ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"]" + extra + "}"));
    }

    /** A new API with {@code read:orders} and {@code write:orders}; {@code extra} adds JSON members. */
    String api(String extra) {
        String identifier = "https://api-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + identifier + "\",\"name\":\"Shop API\",\"allow_offline_access\":true,"
                + "\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read your orders\"},"
                + "{\"value\":\"write:orders\",\"description\":\"Create and change orders\"}]" + extra + "}"));
        return identifier;
    }

    String grant(String clientId, String audience, String subjectType, String scopes) {
        return ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + audience
                + "\",\"scope\":[" + scopes + "],\"subject_type\":\"" + subjectType + "\"}")).get("id").asString();
    }

    String authorize(String clientId, String audience, String scope, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&audience=" + TestAtrium.enc(audience) + "&scope=" + TestAtrium.enc(scope)
                + "&state=st-1&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256" + extra;
    }

    /** Opens {@code url} in {@code browser} and signs the fixture's user in; returns the page after the login. */
    TestBrowser.Page login(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    /** Accepts the consent screen {@code consent}; returns the authorization code sent to the callback. */
    String accept(TestBrowser browser, TestBrowser.Page consent) {
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        return code(browser.follow(browser.submit(consent, "form", Map.of("action", "accept"))));
    }

    String code(TestBrowser.Page redirect) {
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
        assertThat(redirect.location()).startsWith(CB + "?");
        return SignInFlowTest.query(redirect.location()).get("code");
    }

    TestAtrium.Response exchange(JsonNode client, String code, String verifier) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code) + "&redirect_uri="
                + TestAtrium.enc(CB) + (verifier == null ? "" : "&code_verifier=" + verifier) + credentials(client));
    }

    TestAtrium.Response refresh(JsonNode client, String token) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(token) + credentials(client));
    }

    TestAtrium.Response revoke(JsonNode client, String token) {
        return atrium.postForm("/oauth/revoke", "token=" + TestAtrium.enc(token) + credentials(client));
    }

    String credentials(JsonNode client) {
        return "&client_id=" + client.get("client_id").asString()
                + (client.has("client_secret") ? "&client_secret=" + TestAtrium.enc(client.get("client_secret").asString()) : "");
    }

    List<String> scopes(JsonNode tokenResponse) throws Exception {
        assertThat(SignedJWT.parse(tokenResponse.get("access_token").asString()).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo(tokenResponse.get("scope").asString());
        return List.of(tokenResponse.get("scope").asString().split(" "));
    }

    void permissiveMode(boolean eligible) {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":" + eligible + "}}"));
    }
}
