package dev.atrium.security;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.enterprise.EnterpriseFixture;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trust boundary between Atrium and an enterprise OpenID Connect provider, attacked over HTTP: an upstream
 * {@code error=}, a forged, replayed or transplanted {@code state}, an ID token minted for another {@code nonce},
 * and a tampered ID token. Each must end without a sign-in and without a 5xx.
 */
class EnterpriseConnectionAttackTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    private static String callback(String state, String rest) {
        return rp.issuer() + "login/callback?state=" + TestAtrium.enc(state) + rest;
    }

    private static void assertNoSignIn(TestBrowser.Page p) {
        assertThat(p.status()).as(p.body()).isLessThan(500);
        if (p.status() == 302) {
            assertThat(p.location()).doesNotContain("code=");
        }
    }

    @Test
    void upstreamErrorEndsTheFlowOnTheApplicationsErrorChannel() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String state = SignInFixture.query(f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection))).get("state");
        TestBrowser.Page p = f.back(callback(state, "&error=access_denied&error_description=" + TestAtrium.enc("<script>x</script>")));
        assertThat(p.status()).isEqualTo(302);
        assertThat(p.location()).startsWith(SignInFixture.WEB_CALLBACK + "?");
        Map<String, String> q = SignInFixture.query(p.location());
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "st-1").doesNotContainKey("code");
        assertThat(q.get("error_description")).contains("access_denied").doesNotContain("<script>");
        // the transaction is over: the same state answers the readable expired page
        TestBrowser.Page again = f.back(callback(state, "&code=whatever"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("expired");
    }

    @Test
    void aStateIsGoodForOneSignInInTheBrowserThatStartedIt() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String back = f.atProvider(f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection)));
        // transplanted into the attacker's browser (login CSRF): refused, and the victim's sign-in is untouched
        TestBrowser attacker = new TestBrowser(rp.baseUrl());
        TestBrowser.Page stolen = attacker.follow(attacker.get(back));
        assertNoSignIn(stolen);
        assertThat(stolen.status()).isEqualTo(400);
        TestBrowser.Page ok = f.back(back);
        assertThat(ok.location()).contains("code=");
        // replayed: refused
        TestBrowser.Page replay = f.back(back);
        assertNoSignIn(replay);
        assertThat(replay.status()).isEqualTo(400);
    }

    @Test
    void forgedStatesAreRefused() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String state = SignInFixture.query(f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection))).get("state");
        char[] flipped = state.toCharArray();
        flipped[flipped.length / 2] = flipped[flipped.length / 2] == 'A' ? 'B' : 'A';
        for (String forged : new String[] {"abc", "", new String(flipped), "%%%", "x".repeat(5000)}) {
            TestBrowser.Page p = f.back(rp.issuer() + "login/callback?state=" + TestAtrium.enc(forged) + "&code=c");
            assertNoSignIn(p);
            assertThat(p.status()).isEqualTo(400);
        }
        assertNoSignIn(f.back(rp.issuer() + "login/callback"));
    }

    @Test
    void anIdTokenForAnotherNonceIsRefused() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String providerUrl = f.toProvider(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        String nonce = SignInFixture.query(providerUrl).get("nonce");
        String swapped = providerUrl.replace("nonce=" + nonce, "nonce=attacker-chosen-nonce");
        assertThat(swapped).isNotEqualTo(providerUrl);
        TestBrowser.Page p = f.back(f.atProvider(swapped));
        assertThat(p.status()).isEqualTo(302);
        Map<String, String> q = SignInFixture.query(p.location());
        assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
        assertThat(q.get("error_description")).contains("ID token");
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null).status()).isEqualTo(404);
    }

    @Test
    void aTamperedIdTokenIsRefused() throws Exception {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + proxy.getAddress().getPort();
        // the provider's own discovery document, except that its token endpoint is a man in the middle
        proxy.createContext("/.well-known/openid-configuration", ex -> {
            String doc = idp.get("/.well-known/openid-configuration").body()
                    .replace("\"" + idp.issuer() + "oauth/token\"", "\"" + base + "/token\"");
            reply(ex, 200, doc);
        });
        proxy.createContext("/token", ex -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(idp.issuer() + "oauth/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", ex.getRequestHeaders().getFirst("Authorization"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes())).build(),
                        HttpResponse.BodyHandlers.ofString());
                String body = r.body();
                int start = body.indexOf("\"id_token\":\"") + 12;
                String token = body.substring(start, body.indexOf('"', start));
                String[] parts = token.split("\\.");
                String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"email\":\"", "\"email\":\"ceo-");
                String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
                reply(ex, r.statusCode(), body.replace(token, forged));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        });
        proxy.start();
        try {
            EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"discovery_url\":\"" + base + "/.well-known/openid-configuration\"");
            TestBrowser.Page p = f.signIn(f.app.authorizeWeb("openid email", "&connection=" + f.connection));
            assertThat(p.status()).isEqualTo(302);
            Map<String, String> q = SignInFixture.query(p.location());
            assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
            assertThat(q.get("error_description")).contains("ID token");
            assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null).status())
                    .isEqualTo(404);
        } finally {
            proxy.stop(0);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
