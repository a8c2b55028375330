package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, point 1: OpenID Connect connections with {@code type: "front_channel"}, end to end with a second Atrium as
 * the provider. Atrium asks for {@code response_type=id_token} with {@code response_mode=form_post}; the provider's
 * page posts the ID token to {@code POST <issuer>login/callback} from its own site (so without Atrium's SameSite=Lax
 * cookies: the tests post it from a cookie-less client); Atrium seals it and hands it to {@code GET /login/callback} in
 * the person's browser, where the ID token is validated in full. Every way across that boundary is tried: a tampered
 * token, a token for another nonce, a replayed state, an answer from another sign-in or expired, an oversize post.
 */
class OidcFrontChannelTest {
    static final TestClock CLOCK = new TestClock();
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true), CLOCK);

    private static void refusedOnErrorChannel(TestBrowser.Page p, String mentioned) {
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        assertThat(p.location()).startsWith(SignInFixture.WEB_CALLBACK + "?");
        Map<String, String> q = SignInFixture.query(p.location());
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "st-1").doesNotContainKey("code");
        assertThat(q.get("error_description")).contains(mentioned);
    }

    private static void assertNoUser(EnterpriseFixture f) {
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null).status())
                .isEqualTo(404);
    }

    /** An ID token the provider issues to the connection's client for {@code nonce}, outside any Atrium sign-in. */
    private static String idTokenFor(EnterpriseFixture f, String nonce) {
        TestBrowser.Page page = f.atProviderPosting(idp.issuer() + "authorize?response_type=id_token&response_mode=form_post"
                + "&client_id=" + f.idpClientId + "&redirect_uri=" + TestAtrium.enc(rp.issuer() + "login/callback")
                + "&scope=openid&state=elsewhere&nonce=" + TestAtrium.enc(nonce));
        return EnterpriseFixture.posted(page).get("id_token");
    }

    @Test
    void signsInThroughTheFrontChannelWithoutASecretAndWithoutCookiesOnThePost() throws Exception {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String providerUrl = f.toProvider(f.app.authorizeWeb("openid profile email", "&nonce=n-1&connection=" + f.connection));
        Map<String, String> q = SignInFixture.query(providerUrl);
        assertThat(q).containsEntry("response_type", "id_token").containsEntry("response_mode", "form_post")
                .containsEntry("client_id", f.idpClientId).containsEntry("redirect_uri", rp.issuer() + "login/callback")
                .doesNotContainKey("code_challenge");
        assertThat(q.get("nonce")).isNotBlank();

        TestBrowser.Page formPost = f.atProviderPosting(providerUrl);
        Map<String, String> fields = EnterpriseFixture.posted(formPost);
        assertThat(fields).containsKeys("id_token", "state").doesNotContainKey("code");
        TestBrowser.Page handed = f.postCrossSite(fields);
        assertThat(handed.status()).as(handed.body()).isEqualTo(303);
        assertThat(handed.location()).startsWith("/login/callback?state=").contains("&answer=")
                .doesNotContain(fields.get("id_token"));
        assertThat(handed.location().length()).isLessThan(8192);
        TestBrowser.Page done = f.rpBrowser.open(handed.location());
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode tokens = SignInFixture.ok(f.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));
        String payload = new String(Base64.getUrlDecoder().decode(tokens.get("id_token").asString().split("\\.")[1]),
                StandardCharsets.UTF_8);
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        assertThat(payload).contains("\"sub\":\"" + userId + "\"").contains("\"nonce\":\"n-1\"");

        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc(userId), null));
        assertThat(user.get("email").asString()).isEqualTo(f.employeeEmail);
        assertThat(user.get("name").asString()).isEqualTo("Grace Hopper");
        assertThat(user.get("identities").get(0).get("connection").asString()).isEqualTo(f.connection);

        // a second sign-in refreshes the profile of the same user (on_each_login)
        SignInFixture.ok(idp.mgmt("PATCH", "/users/" + TestAtrium.enc(f.employeeSub), "{\"name\":\"Rear Admiral Hopper\"}"));
        SignInFixture.ok(rp.mgmt("PATCH", "/users/" + TestAtrium.enc(userId), "{\"app_metadata\":{\"plan\":\"gold\"}}"));
        TestBrowser.Page again = f.backPosted(f.atProviderPosting(f.toProvider(f.app.authorizeWeb("openid",
                "&prompt=login&connection=" + f.connection))));
        assertThat(again.location()).as(again.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode refreshed = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc(userId), null));
        assertThat(refreshed.get("name").asString()).isEqualTo("Rear Admiral Hopper");
        assertThat(refreshed.get("app_metadata").get("plan").asString()).isEqualTo("gold");
    }

    @Test
    void inAnOrganizationTheFrontChannelMakesMembersOnFirstSignIn() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        SignInFixture.ok(rp.mgmt("PATCH", "/clients/" + f.app.webId, "{\"organization_usage\":\"allow\"}"));
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"fc-" + System.nanoTime() + "\"}"))
                .get("id").asString();
        SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\""
                + f.connectionId + "\",\"assign_membership_on_login\":true}"));
        // home-realm discovery in the organization: the typed address of the customer's domain goes to its provider
        TestBrowser.Page login = f.rpBrowser.open(f.app.authorizeWeb("openid", "&organization=" + org));
        assertThat(login.screen()).as(login.body()).isEqualTo("login");
        TestBrowser.Page out = f.rpBrowser.follow(f.rpBrowser.submit(login, "form", Map.of("username", f.employeeEmail, "password", "")));
        assertThat(out.location()).as(out.body()).startsWith(idp.issuer() + "authorize?");
        TestBrowser.Page done = f.backPosted(f.atProviderPosting(out.location()));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode tokens = SignInFixture.ok(f.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));
        String payload = new String(Base64.getUrlDecoder().decode(tokens.get("id_token").asString().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertThat(payload).contains("\"org_id\":\"" + org + "\"");
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body())
                .contains("oidc|" + f.connection + "|" + f.employeeSub);
    }

    @Test
    void aTamperedIdTokenIsRefused() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        Map<String, String> fields = EnterpriseFixture.posted(f.atProviderPosting(f.toProvider(
                f.app.authorizeWeb("openid", "&connection=" + f.connection))));
        String[] parts = fields.get("id_token").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(f.employeeSub, "auth0|someone-else");
        Map<String, String> forged = new LinkedHashMap<>(fields);
        forged.put("id_token", parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        TestBrowser.Page handed = f.postCrossSite(forged);
        assertThat(handed.status()).isEqualTo(303);
        refusedOnErrorChannel(f.rpBrowser.open(handed.location()), "ID token is not valid");
        // unsigned ("alg":"none") is no better
        TestBrowser.Page again = f.rpBrowser.open(f.app.authorizeWeb("openid", "&prompt=login&connection=" + f.connection));
        String state = SignInFixture.query(again.location()).get("state");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        refusedOnErrorChannel(f.rpBrowser.open(f.postCrossSite(Map.of("id_token", none, "state", state)).location()),
                "ID token is not valid");
        assertNoUser(f);
    }

    @Test
    void anIdTokenForAnotherNonceIsRefused() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String providerUrl = f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        String state = SignInFixture.query(providerUrl).get("state");
        // a genuine token of the provider, for the same client and callback, but minted for a nonce of the attacker's
        String foreign = idTokenFor(f, "attacker-nonce");
        TestBrowser.Page handed = f.postCrossSite(Map.of("id_token", foreign, "state", state));
        refusedOnErrorChannel(f.rpBrowser.open(handed.location()), "ID token is not valid");
        assertNoUser(f);
    }

    @Test
    void aReplayedStateOrHandOverSignsInOnlyOnce() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        Map<String, String> fields = EnterpriseFixture.posted(f.atProviderPosting(f.toProvider(
                f.app.authorizeWeb("openid", "&connection=" + f.connection))));
        TestBrowser.Page handed = f.postCrossSite(fields);
        assertThat(f.rpBrowser.open(handed.location()).location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        // the same hand-over again, and the same post again: the transaction is spent
        TestBrowser.Page replayed = f.rpBrowser.open(handed.location());
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.body()).contains("expired");
        TestBrowser.Page reposted = f.postCrossSite(fields);
        assertThat(reposted.status()).isEqualTo(303);
        TestBrowser.Page again = f.rpBrowser.open(reposted.location());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.location()).isNull();
    }

    @Test
    void anAnswerFromAnotherSignInOrTooOldIsRefused() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        Map<String, String> fields = EnterpriseFixture.posted(f.atProviderPosting(f.toProvider(
                f.app.authorizeWeb("openid", "&connection=" + f.connection))));
        String handOver = f.postCrossSite(fields).location();

        // another browser, with the whole hand-over: it does not own the transaction
        TestBrowser other = new TestBrowser(rp.baseUrl());
        TestBrowser.Page stolen = other.open(handOver);
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.body()).contains("expired");
        // another browser, its own sign-in's state with the sealed answer of the first one: bound to another state
        TestBrowser.Page started = other.open(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        String otherState = SignInFixture.query(started.location()).get("state");
        String answer = SignInFixture.query(handOver).get("answer");
        refusedOnErrorChannel(other.open("/login/callback?state=" + TestAtrium.enc(otherState) + "&answer=" + answer),
                "another sign-in");
        // an altered answer, the same
        String altered = SignInFixture.query(handOver).get("answer");
        altered = altered.substring(0, 40) + (altered.charAt(40) == 'A' ? 'B' : 'A') + altered.substring(41);
        refusedOnErrorChannel(f.rpBrowser.open("/login/callback?state=" + TestAtrium.enc(fields.get("state")) + "&answer=" + altered),
                "another sign-in");

        // an answer older than its two minutes: refused, even in the right browser with the right state
        EnterpriseFixture g = EnterpriseFixture.frontChannel(idp, rp, "");
        String late = g.postCrossSite(EnterpriseFixture.posted(g.atProviderPosting(g.toProvider(
                g.app.authorizeWeb("openid", "&connection=" + g.connection))))).location();
        CLOCK.advance(Duration.ofMinutes(3));
        refusedOnErrorChannel(g.rpBrowser.open(late), "expired");
        assertNoUser(g);
    }

    @Test
    void aProviderErrorEndsOnTheApplicationsErrorChannel() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String state = SignInFixture.query(f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection))).get("state");
        TestBrowser.Page handed = f.postCrossSite(Map.of("error", "access_denied", "error_description", "<b>no</b>", "state", state));
        assertThat(handed.status()).isEqualTo(303);
        refusedOnErrorChannel(f.rpBrowser.open(handed.location()), "(access_denied)");
        // the provider itself refusing: its form post carries the error (here: the client may not use the implicit grant)
        SignInFixture.ok(idp.mgmt("PATCH", "/clients/" + f.idpClientId, "{\"grant_types\":[\"authorization_code\"]}"));
        String url = f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection=" + f.connection));
        TestBrowser.Page refused = f.idpBrowser.open(url);
        assertThat(refused.screen()).as(refused.body()).isEqualTo("form-post");
        refusedOnErrorChannel(f.backPosted(refused), "(unauthorized_client)");
        assertNoUser(f);
    }

    @Test
    void badPostsGetAReadablePageNeverA5xx() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String state = SignInFixture.query(f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection))).get("state");
        TestBrowser.Page huge = f.postCrossSite(Map.of("id_token", "e".repeat(6000), "state", state));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).contains("too large").contains("<html");
        TestBrowser.Page forged = f.postCrossSite(Map.of("id_token", "x.y.z", "state", "forged"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).contains("does not belong to a sign-in in progress");
        TestBrowser.Page empty = f.postCrossSite(Map.of());
        assertThat(empty.status()).isEqualTo(400);
        // a mere string that is not a JWT, with a real state: the flow ends on the error channel
        refusedOnErrorChannel(f.rpBrowser.open(f.postCrossSite(Map.of("id_token", "not-a-jwt", "state", state)).location()),
                "not a JWT");
        // a code handed to a front-channel connection's callback is not taken (no channel mix-up)
        String state2 = SignInFixture.query(f.rpBrowser.open(f.app.authorizeWeb("openid", "&prompt=login&connection="
                + f.connection)).location()).get("state");
        refusedOnErrorChannel(f.rpBrowser.open("/login/callback?state=" + TestAtrium.enc(state2) + "&code=abc"), "answer is missing");
    }

    @Test
    void managementApiCreatesFrontChannelWithoutASecretAndRefusesUserinfoScopeThere() {
        String name = "fc-api-" + System.nanoTime();
        TestAtrium.Response created = rp.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"oidc\","
                + "\"options\":{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"type\":\"front_channel\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("options").get("type").asString()).isEqualTo("front_channel");
        assertThat(created.body()).doesNotContain("client_secret");
        String id = created.json().get("id").asString();

        TestAtrium.Response userinfo = rp.mgmt("POST", "/connections", "{\"name\":\"fc-ui-" + System.nanoTime()
                + "\",\"strategy\":\"oidc\",\"options\":{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\","
                + "\"type\":\"front_channel\",\"attribute_map\":{\"mapping_mode\":\"bind_all\",\"userinfo_scope\":\"openid email\"}}}");
        assertManagementError(userinfo, "userinfo_scope");
        TestAtrium.Response patched = rp.mgmt("PATCH", "/connections/" + id, "{\"options\":{\"issuer\":\"https://idp.example.com/\","
                + "\"client_id\":\"a\",\"type\":\"front_channel\",\"attribute_map\":{\"userinfo_scope\":\"openid\"}}}");
        assertManagementError(patched, "userinfo_scope");
        assertManagementError(rp.mgmt("POST", "/connections", "{\"name\":\"fc-pk-" + System.nanoTime() + "\",\"strategy\":\"oidc\","
                + "\"options\":{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"type\":\"front_channel\","
                + "\"token_endpoint_auth_method\":\"private_key_jwt\"}}"), "front_channel");
        assertManagementError(rp.mgmt("POST", "/connections", "{\"name\":\"fc-ty-" + System.nanoTime() + "\",\"strategy\":\"oidc\","
                + "\"options\":{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"type\":\"sideways\"}}"), "type");
        // switching to the back channel needs a secret again
        assertManagementError(rp.mgmt("PATCH", "/connections/" + id, "{\"options\":{\"issuer\":\"https://idp.example.com/\","
                + "\"client_id\":\"a\",\"type\":\"back_channel\"}}"), "client_secret");
        assertThat(rp.mgmt("PATCH", "/connections/" + id, "{\"options\":{\"issuer\":\"https://idp.example.com/\","
                + "\"client_id\":\"a\",\"type\":\"back_channel\",\"client_secret\":\"s\"}}").status()).isEqualTo(200);
    }

    private static void assertManagementError(TestAtrium.Response r, String mentioned) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).isEqualTo("Bad Request");
        assertThat(r.json().get("message").asString()).contains(mentioned);
        assertThat(r.json().has("errorCode")).isTrue();
    }
}
