package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: parameter pollution. A request names a parameter twice, hoping that one layer checks the
 * first copy and another uses the second (RFC 6749 §3.1 forbids repeats). Every copy is refused with
 * {@code invalid_request} before anything is read; {@code /authorize} answers on the error page and
 * never redirects, since which {@code redirect_uri} or {@code client_id} is meant is unknowable.
 */
class DuplicateParameterTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String CALLBACK = "https://dup.example.com/callback";
    static String clientId;
    static String secret;

    @BeforeAll
    static void client() {
        var c = atrium.mgmt("POST", "/clients", "{\"name\":\"Dup\",\"app_type\":\"regular_web\",\"callbacks\":[\"" + CALLBACK
                + "\"],\"grant_types\":[\"authorization_code\",\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_post\"}").json();
        clientId = c.get("client_id").asString();
        secret = c.get("client_secret").asString();
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}").status())
                .isEqualTo(200);
    }

    private static Hostile.Answer post(String path, String type, String body) {
        return Hostile.send(atrium, "POST", path, type, body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static void assertInvalidRequest(String path, Hostile.Answer r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        Hostile.assertShape(path, r);
        assertThat(Hostile.json(r).get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void tokenRequestWithARepeatedFormParameterIsRefused() {
        String base = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret;
        // the same request without the repeat gets past the duplicate check (whatever it then answers)
        assertThat(post("/oauth/token", "application/x-www-form-urlencoded", base).body()).doesNotContain("more than once");
        assertInvalidRequest("/oauth/token", post("/oauth/token", "application/x-www-form-urlencoded",
                base + "&client_id=someone-else"));
        assertInvalidRequest("/oauth/token", post("/oauth/token", "application/x-www-form-urlencoded",
                base + "&grant_type=client_credentials"));
    }

    @Test
    void tokenRequestWithARepeatedJsonMemberIsRefused() {
        assertInvalidRequest("/oauth/token", post("/oauth/token", "application/json", "{\"grant_type\":\"client_credentials\","
                + "\"client_id\":\"" + clientId + "\",\"client_secret\":\"" + secret + "\",\"client_id\":\"other\"}"));
    }

    @Test
    void revocationWithARepeatedTokenIsRefused() {
        assertInvalidRequest("/oauth/revoke", post("/oauth/revoke", "application/x-www-form-urlencoded",
                "client_id=" + clientId + "&client_secret=" + secret + "&token=a&token=b"));
        assertInvalidRequest("/oauth/revoke", post("/oauth/revoke", "application/json",
                "{\"client_id\":\"" + clientId + "\",\"token\":\"a\",\"token\":\"b\"}"));
    }

    @Test
    void registrationWithARepeatedMemberIsRefusedAndRegistersNothing() {
        int before = atrium.mgmt("GET", "/clients?per_page=100", null).json().size();
        Hostile.Answer r = post("/oidc/register", "application/json", "{\"client_name\":\"Twice\",\"redirect_uris\":"
                + "[\"https://a.example.com/cb\"],\"redirect_uris\":[\"https://evil.example.com/cb\"]}");
        assertInvalidRequest("/oidc/register", r);
        assertThat(atrium.mgmt("GET", "/clients?per_page=100", null).json().size()).isEqualTo(before);
    }

    @Test
    void authorizeWithARepeatedParameterShowsTheErrorPageAndNeverRedirects() {
        String ok = "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=openid&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        assertThat(atrium.get(ok).status()).isEqualTo(302);
        for (String extra : new String[] {"&redirect_uri=" + TestAtrium.enc("https://evil.example.com/cb"),
                "&client_id=" + clientId, "&state=t", "&response_type=token"}) {
            Hostile.Answer r = Hostile.send(atrium, "GET", ok + extra, null, null, null, null);
            assertThat(r.status()).as(extra).isEqualTo(400);
            assertThat(r.header("Location")).isNull();
            Hostile.assertShape("/authorize", r);
            assertThat(r.body()).contains("invalid_request").doesNotContain("evil.example.com");
        }
    }
}
