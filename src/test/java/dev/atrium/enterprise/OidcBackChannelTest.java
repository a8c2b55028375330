package dev.atrium.enterprise;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, point 1: the back channel of the OpenID Connect relying party against a real upstream (a second Atrium),
 * observed through {@link UpstreamProxy}: how the client authenticates at the token endpoint
 * ({@code client_secret_post}, {@code client_secret_basic}), userinfo fetched only when the attribute map asks for it,
 * the upstream's keys fetched again when it rotates its signing key (an unknown {@code kid}), and every upstream
 * failure ending on the application's error channel (or a readable page), never a 5xx.
 */
class OidcBackChannelTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    private static Map<String, String> form(String body) {
        return SignInFixture.query("?" + body);
    }

    private static Map<String, String> refusedOnErrorChannel(TestBrowser.Page p) {
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        assertThat(p.location()).startsWith(SignInFixture.WEB_CALLBACK + "?");
        Map<String, String> q = SignInFixture.query(p.location());
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "st-1").doesNotContainKey("code");
        return q;
    }

    @Test
    void clientSecretPostSendsTheCredentialsInTheBodyAndNoUserinfoIsFetchedUnasked() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption()
                    + ",\"token_endpoint_auth_method\":\"client_secret_post\"");
            TestBrowser.Page done = f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection));
            assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
            List<UpstreamProxy.Call> token = proxy.calls("/token");
            assertThat(token).hasSize(1);
            assertThat(token.get(0).authorization()).isNull();
            assertThat(form(token.get(0).body())).containsEntry("client_id", f.idpClientId)
                    .containsEntry("client_secret", f.idpClientSecret).containsEntry("grant_type", "authorization_code")
                    .containsEntry("redirect_uri", rp.issuer() + "login/callback").containsKey("code_verifier");
            assertThat(proxy.calls("/userinfo")).isEmpty();
        }
    }

    @Test
    void clientSecretBasicSendsTheCredentialsInTheAuthorizationHeaderOnly() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption()
                    + ",\"token_endpoint_auth_method\":\"client_secret_basic\"");
            assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");
            UpstreamProxy.Call call = proxy.calls("/token").get(0);
            assertThat(call.authorization()).startsWith("Basic ");
            String decoded = new String(java.util.Base64.getDecoder().decode(call.authorization().substring(6)), StandardCharsets.UTF_8);
            String[] pair = decoded.split(":", 2);
            assertThat(URLDecoder.decode(pair[0], StandardCharsets.UTF_8)).isEqualTo(f.idpClientId);
            assertThat(URLDecoder.decode(pair[1], StandardCharsets.UTF_8)).isEqualTo(f.idpClientSecret);
            assertThat(form(call.body())).doesNotContainKey("client_secret");
        }
    }

    @Test
    void userinfoIsFetchedWithTheAccessTokenWhenTheAttributeMapAsksForIt() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            // only openid is configured: the map's userinfo_scope widens the request, and its claims reach the profile
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption() + ",\"scope\":\"openid\","
                    + "\"attribute_map\":{\"mapping_mode\":\"use_map\",\"userinfo_scope\":\"openid email profile\","
                    + "\"attributes\":{\"email\":\"${email}\",\"name\":\"${name}\",\"given_name\":\"${given_name}\"}}");
            String providerUrl = f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection));
            assertThat(SignInFixture.query(providerUrl).get("scope").split(" ")).containsExactlyInAnyOrder("openid", "email", "profile");
            TestBrowser.Page done = f.back(f.atProvider(providerUrl));
            assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
            List<UpstreamProxy.Call> userinfo = proxy.calls("/userinfo");
            assertThat(userinfo).hasSize(1);
            assertThat(userinfo.get(0).authorization()).startsWith("Bearer ");
            JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null));
            assertThat(user.get("email").asString()).isEqualTo(f.employeeEmail);
            assertThat(user.get("given_name").asString()).isEqualTo("Grace");
        }
    }

    @Test
    void userinfoAboutAnotherSubjectOrFailingEndsOnTheErrorChannel() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption()
                    + ",\"attribute_map\":{\"userinfo_scope\":\"openid email\"}");
            proxy.userinfo = a -> new UpstreamProxy.Answer(a.status(), a.body().replace(f.employeeSub, "auth0|someone-else"));
            Map<String, String> q = refusedOnErrorChannel(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)));
            assertThat(q.get("error_description")).contains("userinfo");
            assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null).status())
                    .isEqualTo(404);

            proxy.userinfo = a -> new UpstreamProxy.Answer(503, "<html>down</html>");
            q = refusedOnErrorChannel(f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location()));
            assertThat(q.get("error_description")).contains("userinfo");
        }
    }

    @Test
    void aRotatedUpstreamSigningKeyIsFetchedOnItsFirstUnknownKid() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            List<String> idTokens = new CopyOnWriteArrayList<>();
            proxy.token = a -> {
                idTokens.add(tools.jackson.databind.json.JsonMapper.shared().readTree(a.body()).get("id_token").asString());
                return a;
            };
            List<String> keySets = new CopyOnWriteArrayList<>();
            proxy.jwks = a -> {
                keySets.add(a.body());
                return a;
            };
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption());
            assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");
            assertThat(proxy.calls("/jwks")).hasSize(1);

            // Atrium publishes its next key ahead of a rotation, so two rotations make a kid the cached set never held
            SignInFixture.ok(idp.mgmt("POST", "/keys/signing/rotate", "{}"));
            SignInFixture.ok(idp.mgmt("POST", "/keys/signing/rotate", "{}"));
            TestBrowser.Page again = f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location());
            assertThat(again.location()).as(again.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
            String before = SignedJWT.parse(idTokens.get(0)).getHeader().getKeyID();
            String after = SignedJWT.parse(idTokens.get(1)).getHeader().getKeyID();
            assertThat(after).isNotEqualTo(before);
            assertThat(keySets.get(0)).contains("\"" + before + "\"").doesNotContain("\"" + after + "\"");
            // the cached key set did not know the new kid: fetched once more, and the sign-in went through
            assertThat(proxy.calls("/jwks")).hasSize(2);

            // a third sign-in with the same key uses the refreshed cache
            assertThat(f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location()).location()).contains("code=");
            assertThat(proxy.calls("/jwks")).hasSize(2);
        }
    }

    @Test
    void tokenEndpointFailuresEndOnTheErrorChannel() throws Exception {
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, proxy.discoveryOption());
            proxy.token = a -> new UpstreamProxy.Answer(500, "<html><body>Internal Server Error</body></html>");
            Map<String, String> q = refusedOnErrorChannel(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)));
            assertThat(q.get("error_description")).contains("not JSON");

            proxy.token = a -> new UpstreamProxy.Answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"<b>nope</b>\"}");
            q = refusedOnErrorChannel(f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location()));
            assertThat(q.get("error_description")).contains("invalid_grant").doesNotContain("<b>");

            proxy.token = a -> new UpstreamProxy.Answer(200, "{\"access_token\":\"x\",\"token_type\":\"Bearer\"}");
            q = refusedOnErrorChannel(f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location()));
            assertThat(q.get("error_description")).contains("ID token");

            proxy.token = a -> new UpstreamProxy.Answer(200, "x".repeat(300 * 1024));
            q = refusedOnErrorChannel(f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                    + f.connection))).location()));
            assertThat(q.get("error_description")).contains("too large");
        }
    }

    @Test
    void anUnreachableProviderEndsOnTheErrorChannelBeforeTheBrowserLeaves() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"discovery_url\":\"http://127.0.0.1:" + closed
                + "/.well-known/openid-configuration\"");
        Map<String, String> q = refusedOnErrorChannel(f.rpBrowser.open(f.app.authorizeWeb("openid", "&connection=" + f.connection)));
        assertThat(q.get("error_description")).contains("not available");

        // a provider whose discovery document is not one: the same
        try (UpstreamProxy proxy = new UpstreamProxy(idp)) {
            EnterpriseFixture g = new EnterpriseFixture(idp, rp, ",\"discovery_url\":\"" + proxy.base + "/token\"");
            proxy.token = a -> new UpstreamProxy.Answer(200, "{\"issuer\":\"" + idp.issuer() + "\"}");
            q = refusedOnErrorChannel(g.rpBrowser.open(g.app.authorizeWeb("openid", "&connection=" + g.connection)));
            assertThat(q.get("error_description")).contains("not available");
        }

        // a redirect_uri the application does not own: nothing is sent there, a readable page is shown instead
        TestBrowser.Page page = f.rpBrowser.open("/authorize?response_type=code&client_id=" + f.app.webId
                + "&redirect_uri=" + TestAtrium.enc("https://evil.example/cb") + "&scope=openid&connection=" + f.connection);
        assertThat(page.status()).isBetween(400, 499);
        assertThat(page.body()).contains("<html");
    }
}
