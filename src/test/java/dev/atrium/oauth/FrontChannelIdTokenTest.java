package dev.atrium.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AuthorizationCodeValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.InvalidHashException;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.WEB_CALLBACK;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The response types {@code id_token} and {@code code id_token} (what express-openid-connect asks for by default),
 * over HTTP, the ID tokens checked with Nimbus's relying-party validators ({@code c_hash} included).
 */
class FrontChannelIdTokenTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String implicitId;
    static String implicitSecret;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        JsonNode c = f.webClient("Implicit Web " + System.nanoTime(),
                ",\"token_endpoint_auth_method\":\"client_secret_post\"");
        // webClient sets authorization_code + refresh_token; add implicit the way an administrator would
        implicitId = c.get("client_id").asString();
        implicitSecret = c.get("client_secret").asString();
        SignInFixture.ok(atrium.mgmt("PATCH", "/clients/" + implicitId,
                "{\"grant_types\":[\"authorization_code\",\"implicit\",\"refresh_token\"]}"));
    }

    static String authorize(String clientId, String responseType, String extra) {
        return "/authorize?response_type=" + enc(responseType) + "&client_id=" + clientId + "&redirect_uri=" + enc(WEB_CALLBACK)
                + "&scope=" + enc("openid profile email") + "&state=st-9" + extra;
    }

    static IDTokenClaimsSet validate(String idToken, String nonce) throws Exception {
        return new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(implicitId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(JWTParser.parse(idToken), new Nonce(nonce));
    }

    @Test
    void idTokenInAFormPostSignsInWithoutACode() throws Exception {
        TestBrowser.Page page = f.signIn(new TestBrowser(atrium.baseUrl()),
                authorize(implicitId, "id_token", "&response_mode=form_post&nonce=n-form"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.screen()).isEqualTo("form-post");
        Element form = page.doc().selectFirst("form");
        assertThat(form.attr("action")).isEqualTo(WEB_CALLBACK);
        assertThat(form.selectFirst("input[name=code]")).isNull();
        assertThat(form.selectFirst("input[name=state]").attr("value")).isEqualTo("st-9");
        IDTokenClaimsSet id = validate(form.selectFirst("input[name=id_token]").attr("value"), "n-form");
        assertThat(id.getSubject().getValue()).isEqualTo(f.userId);
        assertThat(id.getStringClaim("email")).isEqualTo(f.email);
        assertThat(id.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(id.getCodeHash()).isNull();
        assertThat(id.getAccessTokenHash()).isNull();
    }

    @Test
    void codeIdTokenInTheFragmentCarriesAValidCHashAndTheCodeExchanges() throws Exception {
        TestBrowser.Page back = f.signIn(new TestBrowser(atrium.baseUrl()), authorize(implicitId, "code id_token", "&nonce=n-frag"));
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).startsWith(WEB_CALLBACK + "#");
        Map<String, String> p = SignInFixture.fragment(back.location());
        assertThat(p).containsEntry("state", "st-9").containsEntry("iss", atrium.issuer()).containsKey("code");
        IDTokenClaimsSet id = validate(p.get("id_token"), "n-frag");
        assertThat(id.getCodeHash()).isNotNull();
        AuthorizationCodeValidator.validate(new AuthorizationCode(p.get("code")), JWSAlgorithm.RS256, id.getCodeHash());
        // a code swapped in by an attacker does not match the ID token's c_hash
        assertThatThrownBy(() -> AuthorizationCodeValidator.validate(new AuthorizationCode(p.get("code") + "x"),
                JWSAlgorithm.RS256, id.getCodeHash())).isInstanceOf(InvalidHashException.class);

        TestAtrium.Response tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(p.get("code"))
                + "&redirect_uri=" + enc(WEB_CALLBACK) + "&client_id=" + implicitId + "&client_secret=" + enc(implicitSecret));
        JsonNode body = SignInFixture.ok(tokens);
        IDTokenClaimsSet fromToken = validate(body.get("id_token").asString(), "n-frag");
        assertThat(fromToken.getSubject()).isEqualTo(id.getSubject());
        assertThat(fromToken.getAccessTokenHash()).isNotNull();
    }

    @Test
    void idTokenResponseTypesNeedTheImplicitGrant() {
        TestAtrium.Response r = atrium.get(authorize(f.webId, "id_token", "&nonce=n"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(SignInFixture.fragment(r.header("Location"))).containsEntry("error", "unauthorized_client")
                .containsEntry("error_description", "Grant type 'implicit' not allowed for the client.")
                .doesNotContainKey("id_token");
    }

    @Test
    void nonceIsRequired() {
        TestAtrium.Response r = atrium.get(authorize(implicitId, "id_token", ""));
        assertThat(r.status()).isEqualTo(302);
        assertThat(SignInFixture.fragment(r.header("Location"))).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "Missing required parameter: nonce").containsEntry("state", "st-9");
    }

    @Test
    void anIdTokenIsNeverSentInTheQuery() {
        TestAtrium.Response r = atrium.get(authorize(implicitId, "code id_token", "&nonce=n&response_mode=query"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).doesNotContain("id_token=");
        assertThat(SignInFixture.query(r.header("Location"))).containsEntry("error", "invalid_request");
    }

    @Test
    void accessTokensNeverTravelThroughTheBrowser() {
        for (String type : List.of("token", "id_token token", "code token", "code id_token token")) {
            TestAtrium.Response r = atrium.get(authorize(implicitId, type, "&nonce=n"));
            assertThat(r.status()).as(type).isEqualTo(302);
            assertThat(SignInFixture.fragment(r.header("Location"))).as(type)
                    .containsEntry("error", "unsupported_response_type").doesNotContainKey("access_token");
        }
    }

    @Test
    void discoveryListsExactlyTheServedResponseTypes() {
        JsonNode d = atrium.get("/.well-known/openid-configuration").json();
        List<String> types = new ArrayList<>();
        d.get("response_types_supported").forEach(n -> types.add(n.asString()));
        assertThat(types).containsExactly("code", "id_token", "code id_token");
        List<String> grants = new ArrayList<>();
        d.get("grant_types_supported").forEach(n -> grants.add(n.asString()));
        assertThat(grants).contains("implicit");
    }
}
