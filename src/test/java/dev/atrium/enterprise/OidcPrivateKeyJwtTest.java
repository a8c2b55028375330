package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code token_endpoint_auth_method: "private_key_jwt"} on an OpenID Connect connection: Atrium authenticates to the
 * provider's token endpoint with a client assertion signed by a key it holds (sealed at rest, public half shown).
 */
class OidcPrivateKeyJwtTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    @Test
    void theCodeIsExchangedWithAClientAssertionTheProviderVerifiesWithTheShownPublicKey() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"token_endpoint_auth_method\":\"private_key_jwt\"");
        JsonNode conn = SignInFixture.ok(rp.mgmt("GET", "/connections/" + f.connectionId, null));
        String pem = conn.get("options").get("client_assertion_public_key").asString();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(conn.toString()).doesNotContain("client_assertion_key_sealed").doesNotContain("client_secret");

        // the provider does not know the key yet: it refuses the assertion, and the flow ends on the error channel
        TestBrowser.Page refused = f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        assertThat(refused.location()).startsWith(SignInFixture.WEB_CALLBACK + "?error=access_denied");

        JsonNode cred = SignInFixture.ok(idp.mgmt("POST", "/clients/" + f.idpClientId + "/credentials",
                "{\"credential_type\":\"public_key\",\"pem\":" + JsonMapper.shared().writeValueAsString(pem) + ",\"alg\":\"RS256\"}"));
        SignInFixture.ok(idp.mgmt("PATCH", "/clients/" + f.idpClientId, "{\"token_endpoint_auth_method\":null,"
                + "\"client_authentication_methods\":{\"private_key_jwt\":{\"credentials\":[{\"id\":\"" + cred.get("id").asString() + "\"}]}}}"));
        TestBrowser.Page done = f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                + f.connection))).location());
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");

        // a read-modify-write of the options keeps the key
        JsonNode options = conn.get("options");
        var p = SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"options\":" + options + "}"));
        assertThat(p.get("options").get("client_assertion_public_key").asString()).isEqualTo(pem);
    }
}
