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
 * {@code POST /oidc/register} (third-party-apps.md §2.12, F4; api-contract.md §A.11), ending with
 * the MCP-client test: register, sign in with PKCE and consent, exchange, refresh.
 */
class DynamicRegistrationTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\",\"write:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        setRegistration(true);
    }

    static void setRegistration(boolean on) {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":" + on + "}}"));
    }

    /** A registration; waits out the 5-per-second limit (T90) so that tests do not depend on their timing. */
    static TestAtrium.Response register(String json) {
        return registerAt(atrium.baseUrl() + "/oidc/register", json);
    }

    /** A registration at a given endpoint URL, retried after a 429 as a well-behaved client does. */
    static TestAtrium.Response registerAt(String endpoint, String json) {
        for (int i = 0; ; i++) {
            var r = atrium.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
            if (r.status() != 429 || i == 3) {
                return r;
            }
            sleep(1100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void oauthError(TestAtrium.Response r, int status, String error, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        assertThat(r.json().get("error_description").asString()).isEqualTo(description);
    }

    @Test
    void X24_T89_disabledRegistrationIsRefusedAndNotPublished() {
        setRegistration(false);
        try {
            assertThat(ok(atrium.get("/.well-known/openid-configuration")).has("registration_endpoint")).isFalse();
            oauthError(register("{\"redirect_uris\":[\"https://a.example/cb\"]}"), 403, "access_denied",
                    "Dynamic client registration is disabled for this tenant");
        } finally {
            setRegistration(true);
        }
        assertThat(ok(atrium.get("/.well-known/openid-configuration")).get("registration_endpoint").asString())
                .isEqualTo(atrium.issuer() + "oidc/register");
    }

    @Test
    void T92_T93_T94_T97_aConfidentialRegistration() {
        var r = register("{\"client_name\":\"Agent Smith\",\"redirect_uris\":[\"https://agent.example/cb\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\",\"implicit\"],\"logo_uri\":\"x\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode body = r.json();
        String id = body.get("client_id").asString();
        assertThat(id).startsWith("tpc_");
        assertThat(body.get("client_name").asString()).isEqualTo("Agent Smith");
        assertThat(body.get("client_secret").asString()).isNotBlank();
        assertThat(body.get("client_secret_expires_at").asInt()).isZero();
        assertThat(body.get("token_endpoint_auth_method").asString()).isEqualTo("client_secret_post");
        assertThat(body.get("grant_types")).extracting(JsonNode::asString).containsExactly("authorization_code", "refresh_token");
        assertThat(body.get("redirect_uris")).extracting(JsonNode::asString).containsExactly("https://agent.example/cb");
        assertThat(body.has("registration_access_token")).isFalse();

        JsonNode app = ok(atrium.mgmt("GET", "/clients/" + id, null));
        assertThat(app.get("is_first_party").asBoolean()).isFalse();
        assertThat(app.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(app.get("app_type").asString()).isEqualTo("regular_web");
        assertThat(app.get("redirection_policy").asString()).isEqualTo("open_redirect_protection");
        assertThat(app.get("callbacks")).extracting(JsonNode::asString).containsExactly("https://agent.example/cb");
        assertThat(app.get("refresh_token").get("expiration_type").asString()).isEqualTo("expiring");

        // X14, T84: a registered application never gets client credentials
        var cc = atrium.clientCredentials(id, body.get("client_secret").asString(), f.api, null);
        assertThat(cc.status()).isEqualTo(403);
        assertThat(cc.json().get("error").asString()).isEqualTo("unauthorized_client");
        var patch = atrium.mgmt("PATCH", "/clients/" + id, "{\"grant_types\":[\"authorization_code\",\"client_credentials\"]}");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.json().get("message").asString())
                .isEqualTo("grant_types value client_credentials is not allowed for dynamically registered clients");
    }

    @Test
    void X32_T63_redirectProtectionCannotBeRelaxedForRegisteredApplications() {
        String id = ok(register("{\"redirect_uris\":[\"https://agent.example/cb\"]}")).get("client_id").asString();
        var r = atrium.mgmt("PATCH", "/clients/" + id, "{\"redirection_policy\":\"allow_always\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_body");
        assertThat(r.json().get("message").asString()).isEqualTo("redirection_policy cannot be relaxed for dynamically registered clients");
    }

    @Test
    void C4_T93_aPublicRegistrationGetsNoSecretAndADefaultName() {
        JsonNode body = ok(register("{\"redirect_uris\":[\"http://127.0.0.1:8765/callback\"],\"token_endpoint_auth_method\":\"none\"}"));
        assertThat(body.has("client_secret")).isFalse();
        assertThat(body.get("client_name").asString()).isEqualTo("Dynamic client " + body.get("client_id").asString());
        assertThat(ok(atrium.mgmt("GET", "/clients/" + body.get("client_id").asString(), null)).get("app_type").asString()).isEqualTo("native");
    }

    @Test
    void X25_T91_redirectUrisMustBeGivenAndExact() {
        oauthError(register("{\"client_name\":\"x\"}"), 400, "invalid_redirect_uri", "redirect_uris is required");
        oauthError(register("{\"redirect_uris\":[]}"), 400, "invalid_redirect_uri", "redirect_uris is required");
        for (String bad : new String[]{"https://*.agent.example/cb", "https://agent.example/cb#frag", "http://agent.example/cb", "not a url"}) {
            oauthError(register("{\"redirect_uris\":[\"" + bad + "\"]}"), 400, "invalid_redirect_uri",
                    "redirect_uris must be exact https or loopback URLs");
        }
    }

    @Test
    void X26_T91_unsupportedMetadataIsRefused() {
        oauthError(register("{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}"),
                400, "invalid_client_metadata", "token_endpoint_auth_method is invalid");
        oauthError(register("{\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"token\"]}"),
                400, "invalid_client_metadata", "response_types is invalid");
        oauthError(register("[1,2]"), 400, "invalid_client_metadata", "the request body must be a JSON object");
        oauthError(register("{"), 400, "invalid_client_metadata", "the request body is not valid JSON");
    }

    @Test
    void X27_T90_moreThanFiveRegistrationsPerSecondAreLimited() {
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            var r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            if (r.status() == 429) {
                assertThat(r.json().get("error").asString()).isEqualTo("too_many_requests");
                limited++;
            }
        }
        assertThat(limited).isPositive();
        sleep(1100);
    }

    /** Issue 5 point 9: exactly what an MCP client does, against a default third-party grant and a domain-level connection. */
    @Test
    void mcpClientRegistersSignsInWithPkceAndConsentExchangesAndRefreshes() throws Exception {
        JsonNode discovery = ok(atrium.get("/.well-known/openid-configuration"));
        String registration = discovery.get("registration_endpoint").asString();
        assertThat(discovery.get("code_challenge_methods_supported")).extracting(JsonNode::asString).contains("S256");
        String callback = "http://127.0.0.1:33418/callback";
        var reg = registerAt(registration.replace(atrium.issuer(), atrium.baseUrl() + "/"),
                "{\"client_name\":\"Claude MCP\",\"redirect_uris\":[\"" + callback + "\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"]}");
        assertThat(reg.status()).as(reg.toString()).isEqualTo(201);
        String clientId = reg.json().get("client_id").asString();
        assertThat(reg.json().has("client_secret")).isFalse();

        String verifier = "mcp-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";
        String authorize = "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(callback)
                + "&scope=" + TestAtrium.enc("openid read:orders offline_access") + "&audience=" + TestAtrium.enc(f.api)
                + "&state=mcp-state&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256";
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open(authorize);
        assertThat(page.screen()).isEqualTo("login");
        page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(page.screen()).isEqualTo("consent");
        assertThat(page.doc().text()).contains("Claude MCP").contains("Orders API").contains("Orders: read your orders");
        page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        assertThat(page.status()).isEqualTo(302);
        Map<String, String> q = SignInFlowTest.query(page.location());
        assertThat(page.location()).startsWith(callback + "?");
        assertThat(q).containsEntry("state", "mcp-state");

        var token = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(q.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId + "&code_verifier=" + verifier);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        JsonNode tokens = token.json();
        assertThat(tokens.has("id_token")).isFalse();
        assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder("read:orders", "offline_access");
        var claims = SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly(f.api);
        assertThat(claims.getSubject()).isEqualTo(f.userId);
        assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);

        var refreshed = atrium.postForm("/oauth/token", "grant_type=refresh_token&client_id=" + clientId
                + "&refresh_token=" + TestAtrium.enc(tokens.get("refresh_token").asString()));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asString()).as("public clients rotate (T57)")
                .isNotEqualTo(tokens.get("refresh_token").asString());
        assertThat(refreshed.json().get("access_token").asString()).isNotBlank();
    }

    /**
     * Issue 5, "Done means": the MCP client inside organizations. A registered public client, which an
     * admin lets work with organizations (DCR leaves {@code organization_usage} at its default {@code deny}),
     * signs a member in through a domain-level connection enabled for the organization: consent once per
     * organization (T72), an access token with the granted scopes and {@code org_id} (T55) and no ID token
     * (T35, T53); every refusal is an error page because registered clients keep open-redirect
     * protection (T60, T63).
     */
    @Test
    void F2_F4_T35_T72_X6_X10_X11_mcpClientInsideOrganizations() throws Exception {
        String n = Long.toString(System.nanoTime(), 36);
        String legacy = "mcp-legacy-" + n;
        String legacyId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + legacy + "\",\"strategy\":\"auth0\"}")).get("id").asString();
        String conns = "[{\"connection_id\":\"" + f.connectionId + "\"},{\"connection_id\":\"" + legacyId + "\"}]";
        String acme = organization("mcp-acme-" + n, "Acme", "allow", conns);
        String contoso = organization("mcp-contoso-" + n, "Contoso", "allow", conns);
        String blocked = organization("mcp-blocked-" + n, "Blocked", null, conns);
        for (String o : java.util.List.of(acme, contoso, blocked)) {
            ok(atrium.mgmt("POST", "/organizations/" + o + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        }

        String callback = "http://127.0.0.1:33419/callback";
        var reg = register("{\"client_name\":\"MCP Agent\",\"redirect_uris\":[\"" + callback + "\"],\"token_endpoint_auth_method\":\"none\"}");
        assertThat(reg.status()).as(reg.toString()).isEqualTo(201);
        String clientId = reg.json().get("client_id").asString();
        assertThat(clientId).startsWith("tpc_");
        sleep(1100);
        ok(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"organization_usage\":\"allow\"}"));

        String verifier = "mcp-org-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABC";
        java.util.function.BiFunction<String, String, String> authorize = (audience, extra) -> "/authorize?response_type=code&client_id="
                + clientId + "&redirect_uri=" + TestAtrium.enc(callback) + "&scope=" + TestAtrium.enc("openid profile email read:orders")
                + "&audience=" + TestAtrium.enc(audience) + "&state=mcp&code_challenge=" + SignInFixture.s256(verifier)
                + "&code_challenge_method=S256" + extra;

        // acme: login, consent naming the organization and only the API scope (OIDC scopes are ignored, not refused: T35)
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open(authorize.apply(f.api, "&organization=" + acme));
        assertThat(page.screen()).isEqualTo("login");
        page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(page.screen()).as(page.body()).isEqualTo("consent");
        assertThat(page.doc().text()).contains("MCP Agent").contains("Acme").contains("Orders: read your orders")
                .doesNotContain("openid").doesNotContain("email");
        page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        JsonNode tokens = mcpToken(clientId, callback, verifier, page);
        assertThat(tokens.has("id_token")).isFalse();
        assertThat(tokens.get("scope").asString()).isEqualTo("read:orders");
        var claims = SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("org_id")).isEqualTo(acme);
        assertThat(claims.getStringClaim("scope")).isEqualTo("read:orders");

        // acme again: no consent screen
        page = browser.get(authorize.apply(f.api, "&organization=" + acme));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith(callback + "?code=");
        // contoso: consent again, then a token for contoso
        page = browser.open(authorize.apply(f.api, "&organization=" + contoso));
        assertThat(page.screen()).isEqualTo("consent");
        assertThat(page.doc().text()).contains("Contoso");
        page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        assertThat(SignedJWT.parse(mcpToken(clientId, callback, verifier, page).get("access_token").asString())
                .getJWTClaimsSet().getStringClaim("org_id")).isEqualTo(contoso);

        // refusals, each an error page (no redirect to the registered callback)
        mcpErrorPage(browser.get(authorize.apply(f.api, "&organization=" + blocked)), "invalid_request",
                "parameter organization is invalid: " + blocked);
        mcpErrorPage(browser.get(authorize.apply(f.api, "&organization=" + acme + "&connection=" + legacy)), "invalid_request",
                "connection " + legacy + " is not available for third-party clients in organization " + acme);
        String managementApi = atrium.issuer() + "api/v2/";
        mcpErrorPage(browser.get(authorize.apply(managementApi, "&organization=" + acme)), "unauthorized_client",
                "Client \"" + clientId + "\" is not authorized to access resource server \"" + managementApi + "\"");
    }

    static String organization(String name, String display, String thirdParty, String connections) {
        return ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"display_name\":\"" + display + "\""
                + (thirdParty == null ? "" : ",\"third_party_client_access\":\"" + thirdParty + "\"")
                + ",\"enabled_connections\":" + connections + "}")).get("id").asString();
    }

    static JsonNode mcpToken(String clientId, String callback, String verifier, TestBrowser.Page redirect) {
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
        assertThat(redirect.location()).startsWith(callback + "?");
        var token = atrium.postForm("/oauth/token", "grant_type=authorization_code&code="
                + TestAtrium.enc(SignInFlowTest.query(redirect.location()).get("code")) + "&redirect_uri=" + TestAtrium.enc(callback)
                + "&client_id=" + clientId + "&code_verifier=" + verifier);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json();
    }

    static void mcpErrorPage(TestBrowser.Page page, String error, String description) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.doc().select("[data-error]").attr("data-error")).isEqualTo(error);
        assertThat(page.doc().select(".alert").text()).isEqualTo(description);
    }
}
