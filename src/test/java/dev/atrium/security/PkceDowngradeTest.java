package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PKCE downgrade (issue 9 point 11): a {@code plain} challenge is the verifier itself, so whoever sees the
 * authorization request can redeem the code. Only {@code S256} is accepted, for confidential and public
 * clients alike, an omitted method (which would mean plain) is refused, and discovery advertises S256
 * only and that {@code iss} is sent with every authorization response (RFC 9207).
 */
class PkceDowngradeTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static final String CHALLENGE = "p".repeat(43);

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    /** The error the browser is sent back to the callback with. */
    static Map<String, String> refusal(String clientId, String callback, String pkce) {
        TestAtrium.Response r = atrium.get("/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + enc(callback)
                + "&scope=openid&state=st" + pkce);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.header("Location")).startsWith(callback);
        Map<String, String> q = SignInFixture.query(r.header("Location"));
        assertThat(q).doesNotContainKey("code");
        return q;
    }

    @Test
    void plainIsRefusedForAConfidentialClient() {
        Map<String, String> q = refusal(f.webId, SignInFixture.WEB_CALLBACK, "&code_challenge=" + CHALLENGE + "&code_challenge_method=plain");
        assertThat(q).containsEntry("error", "invalid_request").containsEntry("error_description", "code_challenge_method must be S256");
    }

    @Test
    void anOmittedMethodIsRefusedRatherThanReadAsPlain() {
        Map<String, String> web = refusal(f.webId, SignInFixture.WEB_CALLBACK, "&code_challenge=" + CHALLENGE);
        assertThat(web).containsEntry("error", "invalid_request").containsEntry("error_description", "code_challenge_method must be S256");
        Map<String, String> spa = refusal(f.spaId, SignInFixture.SPA_CALLBACK, "&code_challenge=" + CHALLENGE);
        assertThat(spa).containsEntry("error", "invalid_request").containsEntry("error_description", "code_challenge_method must be S256");
    }

    @Test
    void plainIsRefusedForAPublicClient() {
        Map<String, String> q = refusal(f.spaId, SignInFixture.SPA_CALLBACK, "&code_challenge=" + CHALLENGE + "&code_challenge_method=plain");
        assertThat(q).containsEntry("error", "invalid_request");
    }

    @Test
    void discoveryAdvertisesS256OnlyAndTheIssParameter() {
        JsonNode d = atrium.get("/.well-known/openid-configuration").json();
        assertThat(d.get("code_challenge_methods_supported").size()).isEqualTo(1);
        assertThat(d.get("code_challenge_methods_supported").get(0).asString()).isEqualTo("S256");
        assertThat(d.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(atrium.get("/.well-known/openid-configuration").body()).doesNotContain("plain");
    }

    @Test
    void anS256ChallengeStillWorksAndTheResponseCarriesIss() {
        String verifier = "s".repeat(50);
        String url = f.authorizeWeb("openid", "&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256");
        var back = f.signIn(new dev.atrium.support.TestBrowser(atrium.baseUrl()), url);
        assertThat(SignInFixture.query(back.location())).containsEntry("iss", atrium.issuer());
        String code = SignInFixture.query(back.location()).get("code");
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK)
                + "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret);
        assertThat(atrium.postForm("/oauth/token", form + "&code_verifier=" + verifier).status()).isEqualTo(200);
    }
}
