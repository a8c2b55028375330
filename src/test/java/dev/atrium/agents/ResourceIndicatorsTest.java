package dev.atrium.agents;

import dev.atrium.common.Ids;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8707 resource indicators at {@code /oauth/token} over HTTP: {@code resource} names an API as {@code audience}
 * does, the two only when they agree, a code or refresh token never widens to another API, and an unknown
 * resource is {@code invalid_target}. The access token is validated with Nimbus against the JWKS and that audience.
 */
class ResourceIndicatorsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String otherApi;
    static String m2mId;
    static String m2mSecret;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        otherApi = "https://billing-" + Ids.alnum(6) + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + otherApi + "\",\"name\":\"Billing\","
                + "\"scopes\":[{\"value\":\"read:bills\"}]}"));
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"m2m-" + Ids.alnum(6) + "\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}"));
        m2mId = c.get("client_id").asString();
        m2mSecret = c.get("client_secret").asString();
        ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + m2mId + "\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"]}"));
    }

    static TestAtrium.Response cc(String extra) {
        return atrium.postForm("/oauth/token", "grant_type=client_credentials&client_id=" + enc(m2mId)
                + "&client_secret=" + enc(m2mSecret) + extra);
    }

    static TestAtrium.Response exchange(String code, String extra) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK) + "&client_id=" + f.webId
                + "&client_secret=" + enc(f.webSecret) + extra);
    }

    static TestAtrium.Response refresh(String rt, String extra) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + enc(rt)
                + "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret) + extra);
    }

    @Test
    void clientCredentialsResourceIsTheAudience() throws Exception {
        JsonNode t = ok(cc("&resource=" + enc(f.api)));
        assertThat(AgentTokens.validate(atrium, t.get("access_token").asString(), f.api).getAudience()).containsExactly(f.api);
        // both parameters, agreeing
        ok(cc("&resource=" + enc(f.api) + "&audience=" + enc(f.api)));
    }

    @Test
    void clientCredentialsRefusals() {
        assertError(cc("&resource=" + enc("https://nowhere.example.com/")), 400, "invalid_target", null);
        assertError(cc("&resource=" + enc(f.api) + "&audience=" + enc(otherApi)), 400, "invalid_request",
                "The audience and resource parameters name different APIs.");
        assertError(cc("&resource=" + enc(f.api + "#frag")), 400, "invalid_target",
                "The resource must be an absolute URI without a fragment.");
        assertError(cc("&resource=relative/path"), 400, "invalid_target", null);
        // a token has one audience, and a repeated parameter is refused before the grant reads it
        assertError(cc("&resource=" + enc(f.api) + "&resource=" + enc(otherApi)), 400, "invalid_request",
                "The parameter 'resource' is sent more than once.");
    }

    @Test
    void codeExchangeMayNameOnlyTheGrantedResource() throws Exception {
        String code = f.webCode(f.authorizeWeb("openid offline_access read:orders", "&audience=" + enc(f.api)));
        // another API, or one that does not exist, is refused before the code is spent
        assertError(exchange(code, "&resource=" + enc(otherApi)), 400, "invalid_target", null);
        assertError(exchange(code, "&resource=" + enc("https://nowhere.example.com/")), 400, "invalid_target", null);
        JsonNode t = ok(exchange(code, "&resource=" + enc(f.api)));
        assertThat(AgentTokens.validate(atrium, t.get("access_token").asString(), f.api).getAudience()).contains(f.api);

        String rt = t.get("refresh_token").asString();
        // a refresh never widens to an API not first granted
        assertError(refresh(rt, "&resource=" + enc(otherApi)), 400, "invalid_target", null);
        assertError(refresh(rt, "&resource=" + enc("https://nowhere.example.com/")), 400, "invalid_target", null);
        // the refused attempts did not spend the token; naming the granted resource works
        JsonNode r = ok(refresh(rt, "&resource=" + enc(f.api)));
        assertThat(AgentTokens.validate(atrium, r.get("access_token").asString(), f.api).getAudience()).contains(f.api);
    }

    @Test
    void codeWithoutApiCannotGainOne() {
        String code = f.webCode(f.authorizeWeb("openid", ""));
        assertError(exchange(code, "&resource=" + enc(f.api)), 400, "invalid_target", null);
    }

    // ---- /authorize

    @Test
    void authorizeResourceNamesTheApi() throws Exception {
        String code = f.webCode(f.authorizeWeb("openid offline_access read:orders", "&resource=" + enc(f.api)));
        JsonNode t = ok(exchange(code, "&resource=" + enc(f.api)));
        assertThat(AgentTokens.validate(atrium, t.get("access_token").asString(), f.api).getAudience()).contains(f.api);
        assertThat(t.get("scope").asString()).contains("read:orders");
        // both, agreeing
        String both = f.webCode(f.authorizeWeb("openid read:orders", "&resource=" + enc(f.api) + "&audience=" + enc(f.api)));
        assertThat(ok(exchange(both, "")).get("access_token").asString()).isNotEmpty();
    }

    @Test
    void authorizeRefusesAnUnknownOrDisagreeingResource() {
        var browser = new dev.atrium.support.TestBrowser(atrium.baseUrl());
        var unknown = browser.open(f.authorizeWeb("openid", "&resource=" + enc("https://nowhere.example.com/")));
        assertThat(unknown.status()).isEqualTo(302);
        assertThat(SignInFixture.query(unknown.location())).containsEntry("error", "invalid_target");
        var disagree = browser.open(f.authorizeWeb("openid", "&resource=" + enc(f.api) + "&audience=" + enc(otherApi)));
        assertThat(SignInFixture.query(disagree.location())).containsEntry("error", "invalid_request");
        var fragment = browser.open(f.authorizeWeb("openid", "&resource=" + enc(f.api + "#x")));
        assertThat(SignInFixture.query(fragment.location())).containsEntry("error", "invalid_target");
    }
}
