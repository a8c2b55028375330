package dev.atrium.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.CB;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static dev.atrium.oauth.ThirdPartyFlowTest.errorPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The third-party rules that {@link ThirdPartyFlowTest} and {@link DynamicRegistrationTest} leave
 * open, each over HTTP: a permissive application under the API's own policy (T21), demoting a
 * domain-level connection (T42), per-application grants over default ones (T46), grants narrowed
 * before a refresh (T52), {@code /oauth/revoke} (T59), widening a stored consent (T69), a registered
 * application without default grants (T95) and a wrong PKCE verifier (X15). Same tenant shape as
 * {@link ThirdPartyFlowTest}: a default third-party grant for {@code read:orders} on the fixture's API
 * and its database connection promoted to domain level.
 */
class ThirdPartyRemainingRulesTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
    }

    // ---- helpers bound to this class's server (ThirdPartyFlowTest's are bound to its own)

    /** A strict third-party application (or another mode through {@code extra}); returns {client_id, client_secret?}. */
    static JsonNode partner(String extra) {
        return ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"]" + extra + "}"));
    }

    /** A new API with {@code read:orders} and {@code write:orders}; {@code extra} adds JSON members. */
    static String api(String extra) {
        String identifier = "https://api-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + identifier + "\",\"name\":\"Shop API\",\"allow_offline_access\":true,"
                + "\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read your orders\"},"
                + "{\"value\":\"write:orders\",\"description\":\"Create and change orders\"}]" + extra + "}"));
        return identifier;
    }

    static String grant(String clientId, String audience, String subjectType, String scopes) {
        return ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + audience
                + "\",\"scope\":[" + scopes + "],\"subject_type\":\"" + subjectType + "\"}")).get("id").asString();
    }

    static String authorize(String clientId, String audience, String scope, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&audience=" + TestAtrium.enc(audience) + "&scope=" + TestAtrium.enc(scope)
                + "&state=st-1&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256" + extra;
    }

    /** Opens {@code url} in {@code browser} and signs the fixture's user in; returns the page after the login. */
    static TestBrowser.Page login(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    /** Accepts the consent screen {@code consent}; returns the authorization code sent to the callback. */
    static String accept(TestBrowser browser, TestBrowser.Page consent) {
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        return code(browser.follow(browser.submit(consent, "form", Map.of("action", "accept"))));
    }

    static String code(TestBrowser.Page redirect) {
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
        assertThat(redirect.location()).startsWith(CB + "?");
        return SignInFlowTest.query(redirect.location()).get("code");
    }

    static TestAtrium.Response exchange(JsonNode client, String code, String verifier) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code) + "&redirect_uri="
                + TestAtrium.enc(CB) + (verifier == null ? "" : "&code_verifier=" + verifier) + credentials(client));
    }

    static TestAtrium.Response refresh(JsonNode client, String token) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(token) + credentials(client));
    }

    static TestAtrium.Response revoke(JsonNode client, String token) {
        return atrium.postForm("/oauth/revoke", "token=" + TestAtrium.enc(token) + credentials(client));
    }

    static String credentials(JsonNode client) {
        return "&client_id=" + client.get("client_id").asString()
                + (client.has("client_secret") ? "&client_secret=" + TestAtrium.enc(client.get("client_secret").asString()) : "");
    }

    static List<String> scopes(JsonNode tokenResponse) throws Exception {
        assertThat(SignedJWT.parse(tokenResponse.get("access_token").asString()).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo(tokenResponse.get("scope").asString());
        return List.of(tokenResponse.get("scope").asString().split(" "));
    }

    static void permissiveMode(boolean eligible) {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":" + eligible + "}}"));
    }

    // ---- T21: a permissive application follows the API's policy like a first-party one

    @Test
    void T21_aPermissiveApplicationReachesAnAllowAllApiWithoutAGrant() throws Exception {
        permissiveMode(true);
        JsonNode client;
        try {
            client = partner(",\"third_party_security_mode\":\"permissive\"");
        } finally {
            permissiveMode(false);
        }
        String id = client.get("client_id").asString();
        String open = api("");
        String guarded = api(",\"subject_type_authorization\":{\"user\":{\"policy\":\"require_client_grant\"}}");
        assertThat(ok(atrium.mgmt("GET", "/client-grants?client_id=" + id, null))).isEmpty();

        // allow_all: signed in, consented (T22: never skipped) and given the API's scopes and an ID token (T20)
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, open, "openid read:orders", ""));
        JsonNode tokens = ok(exchange(client, accept(browser, consent), VERIFIER));
        assertThat(scopes(tokens)).containsExactlyInAnyOrder("openid", "read:orders");
        assertThat(SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getAudience()).contains(open);
        assertThat(tokens.has("id_token")).isTrue();

        // require_client_grant: refused like a first-party application without a grant (delivered to the callback, T22)
        TestBrowser.Page refused = browser.get(authorize(id, guarded, "read:orders", ""));
        assertThat(refused.status()).as(refused.body()).isEqualTo(302);
        assertThat(SignInFlowTest.query(refused.location())).containsEntry("error", "unauthorized_client").containsEntry("state", "st-1");
    }

    // ---- T42: demoting a connection stops new logins through it at once, issued refresh tokens stay

    @Test
    void T42_demotingAConnectionStopsNewLoginsThroughIt() {
        String n = Long.toString(System.nanoTime(), 36);
        String name = "partners-" + n;
        String connectionId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"auth0\"}")).get("id").asString();
        ok(atrium.mgmt("PATCH", "/connections/" + connectionId, "{\"is_domain_connection\":true}"));
        String email = "grace-" + n + "@example.com";
        ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\""
                + SignInFixture.PASSWORD + "\"}"));
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        String url = authorize(id, f.api, "read:orders offline_access", "");
        Map<String, String> credentials = Map.of("connection", name, "username", email, "password", SignInFixture.PASSWORD);

        // before: the login through the connection works
        TestBrowser first = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = first.open(url);
        assertThat(login.body()).contains(name);
        JsonNode tokens = ok(exchange(client, accept(first, first.follow(first.submit(login, "form", credentials))), VERIFIER));
        // a login page shown before the demotion, submitted after it
        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page stale = second.open(url);

        ok(atrium.mgmt("PATCH", "/connections/" + connectionId, "{\"is_domain_connection\":false}"));

        TestBrowser.Page posted = second.submit(stale, "form", credentials);
        assertThat(posted.status()).as(posted.body()).isEqualTo(400);
        assertThat(posted.screen()).isEqualTo("login");
        // the session made through the connection is not reused for a new authorization either
        TestBrowser.Page again = first.open(url);
        assertThat(again.screen()).as(again.body()).isEqualTo("login");
        assertThat(again.body()).doesNotContain(name);
        errorPage(new TestBrowser(atrium.baseUrl()).open(url + "&connection=" + name), "invalid_request",
                "connection " + name + " is not available for third-party clients");
        // the refresh token issued before the demotion is not revoked by it
        assertThat(refresh(client, tokens.get("refresh_token").asString()).status()).isEqualTo(200);
    }

    // ---- T46: the application's own grant wins over the default one, per subject type, without merging

    @Test
    void T46_aPerApplicationGrantWinsOverTheDefaultGrantOfItsSubjectType() throws Exception {
        String audience = api("");
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"client\"}"));
        JsonNode client = partner(",\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
        String id = client.get("client_id").asString();
        grant(id, audience, "user", "\"write:orders\"");

        // user flow: only the per-app grant's scope is asked for and issued (the default's read:orders is not added)
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, audience, "read:orders write:orders", ""));
        assertThat(consent.doc().text()).contains("Create and change orders").doesNotContain("Read your orders");
        assertThat(scopes(ok(exchange(client, accept(browser, consent), VERIFIER)))).containsExactly("write:orders");

        // client credentials: the per-app user grant does not hide the default client grant
        JsonNode m2m = ok(atrium.clientCredentials(id, client.get("client_secret").asString(), audience, null));
        assertThat(m2m.get("scope").asString()).isEqualTo("read:orders");
    }

    // ---- T52: a narrowed grant narrows the next refreshed token

    @Test
    void T52_narrowingTheGrantNarrowsRefreshedTokens() throws Exception {
        String audience = api("");
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        String grantId = grant(id, audience, "user", "\"read:orders\",\"write:orders\"");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, audience, "read:orders write:orders offline_access", ""));
        JsonNode first = ok(exchange(client, accept(browser, consent), VERIFIER));
        assertThat(scopes(first)).containsExactlyInAnyOrder("read:orders", "write:orders", "offline_access");

        ok(atrium.mgmt("PATCH", "/client-grants/" + grantId, "{\"scope\":[\"read:orders\"]}"));

        JsonNode refreshed = ok(refresh(client, first.get("refresh_token").asString()));
        assertThat(scopes(refreshed)).containsExactlyInAnyOrder("read:orders", "offline_access");
    }

    // ---- T59: /oauth/revoke ends a third-party application's refresh-token family

    @Test
    void T59_revokingARefreshTokenEndsItsFamily() {
        JsonNode client = partner(",\"app_type\":\"native\",\"token_endpoint_auth_method\":\"none\"");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = ok(exchange(client, accept(browser, login(browser, authorize(id, f.api, "read:orders offline_access", ""))), VERIFIER));
        String rt1 = tokens.get("refresh_token").asString();
        String rt2 = ok(refresh(client, rt1)).get("refresh_token").asString();

        // revoking the newest token of the family (rt1 was rotated into rt2)
        assertThat(revoke(client, rt2).status()).isEqualTo(200);
        TestAtrium.Response dead = refresh(client, rt2);
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.json().get("error").asString()).isEqualTo("invalid_grant");
        // 200 again for a token already revoked, and for one never issued
        assertThat(revoke(client, rt2).status()).isEqualTo(200);
        assertThat(revoke(client, "no-such-token").status()).isEqualTo(200);

        // a confidential application revokes with its credentials
        JsonNode web = partner("");
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        String token = ok(exchange(web, accept(other, login(other, authorize(web.get("client_id").asString(), f.api,
                "read:orders offline_access", ""))), VERIFIER)).get("refresh_token").asString();
        assertThat(revoke(web, token).status()).isEqualTo(200);
        assertThat(refresh(web, token).status()).isEqualTo(403);
    }

    // ---- T69: asking for more later shows the screen again, marks what is new, and stores the union

    @Test
    void T69_widenedRequestsAskAgainAndTheStoredConsentGrows() throws Exception {
        String audience = api("");
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        grant(id, audience, "user", "\"read:orders\",\"write:orders\"");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, audience, "read:orders", ""));
        assertThat(consent.doc().select("[data-new]")).as("the first consent marks nothing").isEmpty();
        accept(browser, consent);

        TestBrowser.Page wider = browser.open(authorize(id, audience, "read:orders write:orders", ""));
        assertThat(wider.screen()).as(wider.body()).isEqualTo("consent");
        assertThat(wider.doc().select("ul.scopes code").eachText()).containsExactly("read:orders", "write:orders");
        assertThat(wider.doc().select("li:has([data-new]) code").eachText()).containsExactly("write:orders");
        assertThat(scopes(ok(exchange(client, accept(browser, wider), VERIFIER)))).containsExactlyInAnyOrder("read:orders", "write:orders");

        JsonNode grants = ok(atrium.mgmt("GET", "/grants?user_id=" + TestAtrium.enc(f.userId) + "&client_id=" + id, null));
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("scope")).extracting(JsonNode::asString).containsExactlyInAnyOrder("read:orders", "write:orders");
        // the union covers either request without asking
        assertThat(code(browser.get(authorize(id, audience, "write:orders", "")))).isNotBlank();
        assertThat(code(browser.get(authorize(id, audience, "read:orders write:orders", "")))).isNotBlank();
    }

    // ---- T95: a registered application without default grants reaches no API

    @Test
    void T95_aRegisteredApplicationWithoutDefaultGrantsReachesNoApi() {
        List<JsonNode> defaults = new ArrayList<>();
        for (JsonNode g : ok(atrium.mgmt("GET", "/client-grants?default_for=third_party_clients", null))) {
            defaults.add(g);
            assertThat(atrium.mgmt("DELETE", "/client-grants/" + g.get("id").asString(), null).status()).isEqualTo(204);
        }
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        try {
            TestAtrium.Response reg = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"client_name\":\"Lonely agent\",\"redirect_uris\":[\"" + CB + "\"],\"token_endpoint_auth_method\":\"none\"}")).build());
            assertThat(reg.status()).as(reg.toString()).isEqualTo(201);
            String id = reg.json().get("client_id").asString();
            // an API that had a default grant, and one that admits every application: both refused before any login (T48)
            for (String audience : List.of(f.api, api(""))) {
                errorPage(new TestBrowser(atrium.baseUrl()).open(authorize(id, audience, "read:orders", "")), "unauthorized_client",
                        "Client \"" + id + "\" is not authorized to access resource server \"" + audience + "\"");
            }
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":false}}"));
            for (JsonNode g : defaults) {
                ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + g.get("audience").asString()
                        + "\",\"scope\":" + g.get("scope") + ",\"subject_type\":\"" + g.get("subject_type").asString() + "\"}"));
            }
        }
    }

    // ---- X15: a wrong or missing PKCE verifier

    /**
     * X15 (T30). The rule file says 400; api-contract.md §A.6.5 ("bad/expired/used code, bad verifier")
     * says 403 {@code invalid_grant} "Invalid authorization code", and on the wire the contract wins
     * (spec README, precedence). Decision: 403 with the contract's description, as for first-party clients.
     */
    @Test
    void X15_T30_aWrongOrMissingVerifierIsRefused() {
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String url = authorize(id, f.api, "read:orders", "");
        String code = accept(browser, login(browser, url));
        DynamicRegistrationTest.oauthError(exchange(client, code, VERIFIER.replace('v', 'w')), 403, "invalid_grant", "Invalid authorization code");
        DynamicRegistrationTest.oauthError(exchange(client, code(browser.get(url)), null), 403, "invalid_grant", "Invalid authorization code");
        assertThat(exchange(client, code(browser.get(url)), VERIFIER).status()).isEqualTo(200);
    }
}
