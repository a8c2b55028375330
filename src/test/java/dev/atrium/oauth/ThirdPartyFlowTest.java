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
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict third-party applications in the browser flow and at the token endpoint, without
 * organizations: the /authorize allow-list and checks (T30–T36), domain-level connections
 * (T40–T41), the API authorization table (T44–T50), consent and its revocation (T65–T73,
 * /api/v2/grants), tokens without OpenID Connect (T35, T53–T57), redirect protection (T60–T61) and
 * client credentials (T83). Errors X1–X9, X12–X14, X16, X19, X20 each have a test.
 */
class ThirdPartyFlowTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String CB = "https://partner.example/callback";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUjU2Ag1Ci3PmC4sx3OcfY-verifier";
    static SignInFixture f;
    static String legacyConnection;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        // T66: even an API that lets verifiable first-party applications skip consent asks third-party ones
        ok(atrium.mgmt("PATCH", "/resource-servers/" + TestAtrium.enc(apiId(f.api)), "{\"skip_consent_for_verifiable_first_party_clients\":true}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        legacyConnection = "legacy-" + System.nanoTime();
        ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + legacyConnection + "\",\"strategy\":\"auth0\"}"));
    }

    static String apiId(String identifier) {
        for (JsonNode rs : ok(atrium.mgmt("GET", "/resource-servers", null))) {
            if (rs.get("identifier").asString().equals(identifier)) {
                return rs.get("id").asString();
            }
        }
        throw new AssertionError("no API " + identifier);
    }

    /** A strict third-party application; {@code extra} adds JSON members. Returns {client_id, client_secret?}. */
    static JsonNode partner(String extra) {
        return ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"],\"client_metadata\":{\"owner\":\"Partner Corp\"}" + extra + "}"));
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&audience=" + TestAtrium.enc(f.api) + "&scope=" + TestAtrium.enc("openid profile offline_access read:orders write:orders")
                + "&state=st-1&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256" + extra;
    }

    static void errorPage(TestBrowser.Page page, String error, String description) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.doc().select("[data-error]").attr("data-error")).isEqualTo(error);
        assertThat(page.doc().select(".alert").text()).isEqualTo(description);
    }

    static TestBrowser.Page open(String url) {
        return new TestBrowser(atrium.baseUrl()).open(url);
    }

    static TestBrowser.Page login(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    static TestAtrium.Response exchange(JsonNode client, String code) {
        String form = "grant_type=authorization_code&code=" + TestAtrium.enc(code) + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&code_verifier=" + VERIFIER + "&client_id=" + client.get("client_id").asString();
        if (client.has("client_secret")) {
            form += "&client_secret=" + TestAtrium.enc(client.get("client_secret").asString());
        }
        return atrium.postForm("/oauth/token", form);
    }

    static TestAtrium.Response refresh(JsonNode client, String token) {
        String form = "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(token) + "&client_id=" + client.get("client_id").asString();
        if (client.has("client_secret")) {
            form += "&client_secret=" + TestAtrium.enc(client.get("client_secret").asString());
        }
        return atrium.postForm("/oauth/token", form);
    }

    // ---- /authorize checks (T34 order), each error on the error page under open-redirect protection

    @Test
    void X1_T33_aParameterOutsideTheAllowListIsRefused() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&screen_hint=signup")), "invalid_request", "parameter screen_hint is not supported for third-party clients");
        errorPage(open(authorize(id, "&request_uri=urn:x")), "invalid_request", "parameter request_uri is not supported for third-party clients");
        // ext-* and the SDK telemetry parameter pass
        assertThat(open(authorize(id, "&ext-theme=dark&auth0Client=e30")).screen()).isEqualTo("login");
    }

    @Test
    void X2_T30_codeChallengeIsRequired() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace("&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256", "")),
                "invalid_request", "code_challenge is required for third-party clients");
    }

    @Test
    void X3_T30_codeChallengeMethodMustBeS256() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace("code_challenge_method=S256", "code_challenge_method=plain")),
                "invalid_request", "code_challenge_method must be S256");
    }

    @Test
    void X4_T31_onlyTheCodeResponseType() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace("response_type=code", "response_type=token")),
                "unsupported_response_type", "response_type token is not supported for third-party clients");
    }

    @Test
    void X5_T36_anApiMustBeTargeted() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace("&audience=" + TestAtrium.enc(f.api), "")),
                "invalid_request", "audience is required for third-party clients");
    }

    @Test
    void X6_T44_T48_allowAllStillNeedsAGrantForStrictApplications() {
        String other = "https://nogrant-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + other + "\",\"name\":\"Open API\",\"scopes\":[{\"value\":\"read:x\"}]}"));
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace(TestAtrium.enc(f.api), TestAtrium.enc(other))), "unauthorized_client",
                "Client \"" + id + "\" is not authorized to access resource server \"" + other + "\"");
    }

    @Test
    void X6_T50_systemApisAreNeverReachable() {
        String id = partner("").get("client_id").asString();
        String mgmt = atrium.server().managementAudience();
        errorPage(open(authorize(id, "").replace(TestAtrium.enc(f.api), TestAtrium.enc(mgmt))), "unauthorized_client",
                "Client \"" + id + "\" is not authorized to access resource server \"" + mgmt + "\"");
    }

    @Test
    void X7_T49_denyAllRefusesEveryApplication() {
        String closed = "https://closed-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + closed + "\",\"name\":\"Closed\",\"scopes\":[{\"value\":\"read:x\"}],"
                + "\"subject_type_authorization\":{\"user\":{\"policy\":\"deny_all\"}}}"));
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "").replace(TestAtrium.enc(f.api), TestAtrium.enc(closed))), "access_denied",
                "access to resource server \"" + closed + "\" is denied by its access policy");
    }

    @Test
    void X8_T41_aNamedConnectionMustBeDomainLevel() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&connection=" + legacyConnection)), "invalid_request",
                "connection " + legacyConnection + " is not available for third-party clients");
    }

    @Test
    void T40_theLoginPageOffersOnlyDomainLevelConnections() {
        String id = partner("").get("client_id").asString();
        // enabling a connection for the application does not make it usable by a third-party one
        assertThat(atrium.mgmt("PATCH", "/connections/" + ok(atrium.mgmt("GET", "/connections?name=" + legacyConnection, null))
                .findValue("id").asString() + "/clients", "[{\"client_id\":\"" + id + "\",\"status\":true}]").status()).isEqualTo(204);
        TestBrowser.Page page = open(authorize(id, ""));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(page.body()).doesNotContain(legacyConnection);
        // and the login POST cannot name it either
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page posted = browser.submit(browser.open(authorize(id, "")), "form",
                Map.of("username", f.email, "password", SignInFixture.PASSWORD, "connection", legacyConnection));
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.screen()).isEqualTo("login");
    }

    @Test
    void X9_T41_withoutAnyDomainLevelConnectionTheLoginPageIsAnError() {
        String id = partner("").get("client_id").asString();
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":false}"));
        try {
            errorPage(open(authorize(id, "")), "invalid_request", "no connections are available for this application");
        } finally {
            ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        }
    }

    @Test
    void T61_underAllowAlwaysErrorsGoBackToTheCallback() {
        String id = partner(",\"redirection_policy\":\"allow_always\"").get("client_id").asString();
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).get(authorize(id, "&screen_hint=signup"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(SignInFlowTest.query(page.location())).containsEntry("error", "invalid_request").containsEntry("state", "st-1")
                .containsEntry("error_description", "parameter screen_hint is not supported for third-party clients");
    }

    // ---- the whole flow: consent, tokens, stored consent, revocation

    @Test
    void F1_T35_T53_T65_T66_T67_T68_T71_T73_consentTokensAndRevocation() throws Exception {
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, ""));
        assertThat(consent.screen()).isEqualTo("consent");
        String text = consent.doc().text();
        assertThat(text).contains(client.get("name").asString()).contains("Third-party").contains("by Partner Corp")
                .contains("Orders API").contains("Orders: read your orders");
        // only scopes the default grant allows are asked for; OpenID Connect scopes never (T35, T47)
        assertThat(text).doesNotContain("write:orders").doesNotContain("openid");
        TestBrowser.Page back = browser.submit(consent, "form", Map.of("action", "accept"));
        back = browser.follow(back);
        assertThat(back.location()).startsWith(CB + "?");
        var tokens = exchange(client, SignInFlowTest.query(back.location()).get("code"));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.has("id_token")).as("T53").isFalse();
        assertThat(body.get("scope").asString().split(" ")).containsExactlyInAnyOrder("offline_access", "read:orders");
        var access = SignedJWT.parse(body.get("access_token").asString()).getJWTClaimsSet();
        assertThat(access.getAudience()).containsExactly(f.api);
        assertThat(access.getStringClaim("azp")).isEqualTo(id);

        // X19 (T54): /userinfo refuses the token
        var userinfo = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + body.get("access_token").asString()).GET().build());
        assertThat(userinfo.status()).isEqualTo(401);
        assertThat(userinfo.header("WWW-Authenticate")).contains("invalid_token");

        // T65: the stored consent covers the next request of the same application for the same API
        TestBrowser.Page again = browser.get(authorize(id, ""));
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location()).startsWith(CB + "?code=");
        // T71: prompt=consent asks again
        assertThat(browser.open(authorize(id, "&prompt=consent")).screen()).isEqualTo("consent");

        // the user grant, as /api/v2/grants shows it (note clientID)
        JsonNode grants = ok(atrium.mgmt("GET", "/grants?user_id=" + TestAtrium.enc(f.userId) + "&client_id=" + id, null));
        assertThat(grants).hasSize(1);
        JsonNode grant = grants.get(0);
        assertThat(grant.get("clientID").asString()).isEqualTo(id);
        assertThat(grant.get("audience").asString()).isEqualTo(f.api);
        assertThat(grant.get("scope")).extracting(JsonNode::asString).containsExactly("read:orders");
        assertThat(grant.get("organization_id").isNull()).isTrue();
        JsonNode paged = ok(atrium.mgmt("GET", "/grants?include_totals=true&audience=" + TestAtrium.enc(f.api) + "&client_id=" + id, null));
        assertThat(paged.get("grants")).hasSize(1);
        assertThat(paged.get("total").asInt()).isEqualTo(1);

        // T73: revoking the grant revokes the refresh token issued under it and asks again
        assertThat(atrium.mgmt("DELETE", "/grants/" + grant.get("id").asString(), null).status()).isEqualTo(204);
        var dead = refresh(client, body.get("refresh_token").asString());
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(browser.open(authorize(id, "")).screen()).isEqualTo("consent");
    }

    @Test
    void X12_T70_declinedConsentIsAnErrorPageAndStoresNothing() {
        String id = partner("").get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, ""));
        errorPage(browser.submit(consent, "form", Map.of("action", "deny")), "access_denied", "User did not authorize the request");
        assertThat(ok(atrium.mgmt("GET", "/grants?client_id=" + id, null))).isEmpty();
    }

    @Test
    void X12_T70_underAllowAlwaysTheDeclineGoesBackToTheCallback() {
        String id = partner(",\"redirection_policy\":\"allow_always\"").get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = browser.submit(login(browser, authorize(id, "")), "form", Map.of("action", "deny"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(SignInFlowTest.query(back.location())).containsEntry("error", "access_denied").containsEntry("state", "st-1")
                .containsEntry("error_description", "User did not authorize the request");
    }

    @Test
    void X13_T37_T75_promptNoneWithoutConsentIsConsentRequired() {
        String id = partner(",\"redirection_policy\":\"allow_always\"").get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        login(browser, authorize(id, "")); // leaves a session; consent not given
        TestBrowser.Page silent = browser.get(authorize(id, "&prompt=none"));
        assertThat(silent.status()).isEqualTo(302);
        assertThat(SignInFlowTest.query(silent.location())).containsEntry("error", "consent_required");
    }

    @Test
    void X16_T48_aGrantRemovedAfterAuthorizeStopsTheCodeExchange() {
        String own = "https://perapp-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + own + "\",\"name\":\"Per-app API\",\"scopes\":[{\"value\":\"read:orders\"}]}"));
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        String grantId = ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + own
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}")).get("id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(browser, authorize(id, "").replace(TestAtrium.enc(f.api), TestAtrium.enc(own)));
        TestBrowser.Page back = browser.follow(browser.submit(consent, "form", Map.of("action", "accept")));
        assertThat(atrium.mgmt("DELETE", "/client-grants/" + grantId, null).status()).isEqualTo(204);
        var r = exchange(client, SignInFlowTest.query(back.location()).get("code"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asString()).isEqualTo("unauthorized_client");
        assertThat(r.json().get("error_description").asString())
                .isEqualTo("Client \"" + id + "\" is not authorized to access resource server \"" + own + "\"");
    }

    @Test
    void T56_T57_publicApplicationsRotateRefreshTokens() {
        JsonNode client = partner(",\"app_type\":\"native\",\"token_endpoint_auth_method\":\"none\"");
        assertThat(client.has("client_secret")).isFalse();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = browser.follow(browser.submit(login(browser, authorize(client.get("client_id").asString(), "")),
                "form", Map.of("action", "accept")));
        JsonNode tokens = ok(exchange(client, SignInFlowTest.query(back.location()).get("code")));
        String rt1 = tokens.get("refresh_token").asString();
        JsonNode next = ok(refresh(client, rt1));
        assertThat(next.get("refresh_token").asString()).isNotEqualTo(rt1);
        assertThat(next.has("id_token")).isFalse();
        assertThat(refresh(client, rt1).status()).as("reuse of a rotated token").isEqualTo(403);
    }

    @Test
    void T73_deletingEveryGrantOfAUserNeedsTheUserId() {
        assertThat(atrium.mgmt("DELETE", "/grants", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("DELETE", "/grants?user_id=" + TestAtrium.enc("auth0|nobody"), null).status()).isEqualTo(204);
    }

    // ---- machine to machine

    @Test
    void T83_T19_confidentialStrictApplicationsUseClientCredentialsWithAClientGrant() {
        JsonNode client = partner(",\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
        String id = client.get("client_id").asString();
        String secret = client.get("client_secret").asString();
        var refused = atrium.clientCredentials(id, secret, f.api, null);
        assertThat(refused.status()).as("X16: the user grant does not serve client credentials").isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("unauthorized_client");
        ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"client\"}"));
        JsonNode token = ok(atrium.clientCredentials(id, secret, f.api, null));
        assertThat(token.get("scope").asString()).isEqualTo("read:orders");
        var system = atrium.clientCredentials(id, secret, atrium.server().managementAudience(), null);
        assertThat(system.status()).isEqualTo(403);
        assertThat(system.json().get("error").asString()).isEqualTo("unauthorized_client");
    }

    @Test
    void X14_grantTypesTheApplicationDoesNotHaveAreRefused() {
        JsonNode client = partner(",\"app_type\":\"spa\",\"token_endpoint_auth_method\":\"none\"");
        var r = atrium.postForm("/oauth/token", "grant_type=client_credentials&client_id=" + client.get("client_id").asString()
                + "&audience=" + TestAtrium.enc(f.api));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asString()).isEqualTo("unauthorized_client");
        assertThat(r.json().get("error_description").asString()).isEqualTo("Grant type 'client_credentials' not allowed for the client.");
    }

    @Test
    void X20_T100_logoutIsNotForThirdPartyApplications() {
        String id = partner("").get("client_id").asString();
        errorPage(open("/v2/logout?client_id=" + id), "invalid_request", "logout is not supported for third-party clients");
        errorPage(open("/oidc/logout?client_id=" + id + "&post_logout_redirect_uri=" + TestAtrium.enc(CB)),
                "invalid_request", "logout is not supported for third-party clients");
    }
}
