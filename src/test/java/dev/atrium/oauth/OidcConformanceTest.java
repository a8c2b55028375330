package dev.atrium.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.WEB_CALLBACK;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP tests named after the OpenID Foundation conformance modules they imitate (ARCHITECTURE.md §5.8),
 * for the basic OP profile with first-party applications. ID tokens are checked by Nimbus's
 * relying-party {@link IDTokenValidator} against the published JWKS.
 */
class OidcConformanceTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static IDTokenClaimsSet validate(String idToken, String clientId, String nonce) throws Exception {
        IDTokenValidator v = new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(clientId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json"));
        return v.validate(JWTParser.parse(idToken), nonce == null ? null : new Nonce(nonce));
    }

    static JsonNode tokens(String code) {
        return SignInFixture.ok(f.exchangeWeb(code));
    }

    static void assertPage(TestAtrium.Response r, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
        assertThat(r.body()).contains("data-error=\"" + error + "\"");
    }

    @Test
    @DisplayName("oidcc-ensure-registered-redirect-uri")
    void oidcc_ensure_registered_redirect_uri() {
        assertPage(atrium.get("/authorize?response_type=code&scope=openid&client_id=" + f.webId + "&redirect_uri="
                + enc("https://attacker.example.net/cb") + "&state=s"), "invalid_request");
    }

    @Test
    @DisplayName("oidcc-ensure-redirect-uri-in-authorization-request")
    void oidcc_ensure_redirect_uri_in_authorization_request() {
        assertPage(atrium.get("/authorize?response_type=code&scope=openid&client_id=" + f.webId + "&state=s"), "invalid_request");
    }

    @Test
    @DisplayName("oidcc-redirect-uri-query-mismatch (and a registered query is kept)")
    void oidcc_redirect_uri_query_mismatch() {
        String registered = "https://app.example.com/cb?tenant=a";
        JsonNode c = f.webClient("Query " + System.nanoTime(), ",\"callbacks\":[\"" + registered + "\"]");
        String id = c.get("client_id").asString();
        assertPage(atrium.get("/authorize?response_type=code&scope=openid&client_id=" + id + "&redirect_uri="
                + enc("https://app.example.com/cb?tenant=b") + "&state=s"), "invalid_request");
        assertPage(atrium.get("/authorize?response_type=code&scope=openid&client_id=" + id + "&redirect_uri="
                + enc("https://app.example.com/cb?tenant=a&extra=1") + "&state=s"), "invalid_request");
        TestBrowser.Page back = f.signIn(new TestBrowser(atrium.baseUrl()), "/authorize?response_type=code&scope=openid&client_id="
                + id + "&redirect_uri=" + enc(registered) + "&state=s");
        assertThat(back.location()).startsWith(registered + "&code=");
        assertThat(SignInFixture.query(back.location())).containsEntry("tenant", "a").containsEntry("state", "s");
    }

    @Test
    @DisplayName("oidcc-response-type-missing")
    void oidcc_response_type_missing() {
        TestAtrium.Response r = atrium.get("/authorize?scope=openid&client_id=" + f.webId + "&redirect_uri=" + enc(WEB_CALLBACK) + "&state=s");
        assertThat(r.status()).isEqualTo(302);
        assertThat(SignInFixture.query(r.header("Location"))).containsEntry("error", "invalid_request").containsEntry("state", "s");
    }

    @Test
    @DisplayName("oidcc-max-age-1: an older authentication asks for the password again; auth_time is in the ID token")
    void oidcc_max_age_1() throws Exception {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        JsonNode first = tokens(f.code(browser, f.authorizeWeb("openid", "&nonce=n1")));
        long authTime = validate(first.get("id_token").asString(), f.webId, "n1").getAuthenticationTime().getTime() / 1000;
        clock.advance(Duration.ofSeconds(2));
        TestBrowser.Page page = browser.open(f.authorizeWeb("openid", "&nonce=n2&max_age=1"));
        assertThat(page.screen()).isEqualTo("login");
        page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        JsonNode second = tokens(SignInFixture.query(page.location()).get("code"));
        IDTokenClaimsSet id = validate(second.get("id_token").asString(), f.webId, "n2");
        assertThat(id.getAuthenticationTime()).isNotNull();
        assertThat(id.getAuthenticationTime().getTime() / 1000).isGreaterThan(authTime);
    }

    @Test
    @DisplayName("oidcc-prompt-login: an existing session still asks for the password")
    void oidcc_prompt_login() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        f.code(browser, f.authorizeWeb("openid", ""));
        assertThat(browser.open(f.authorizeWeb("openid", "&prompt=login")).screen()).isEqualTo("login");
    }

    @Test
    @DisplayName("oidcc-prompt-none-not-logged-in")
    void oidcc_prompt_none_not_logged_in() {
        TestBrowser.Page r = new TestBrowser(atrium.baseUrl()).get(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(SignInFixture.query(r.location())).containsEntry("error", "login_required").containsEntry("state", "st-1")
                .containsEntry("iss", atrium.issuer());
    }

    @Test
    @DisplayName("oidcc-prompt-none-logged-in")
    void oidcc_prompt_none_logged_in() throws Exception {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        f.code(browser, f.authorizeWeb("openid", ""));
        TestBrowser.Page r = browser.get(f.authorizeWeb("openid", "&prompt=none&nonce=pn"));
        assertThat(r.status()).isEqualTo(302);
        Map<String, String> q = SignInFixture.query(r.location());
        assertThat(q).containsKey("code").containsEntry("state", "st-1");
        assertThat(validate(tokens(q.get("code")).get("id_token").asString(), f.webId, "pn").getSubject().getValue()).isEqualTo(f.userId);
    }

    @Test
    @DisplayName("oidcc-nonce-invalid: without a nonce in the request the ID token has no nonce claim")
    void oidcc_nonce_invalid() throws Exception {
        JWT id = JWTParser.parse(tokens(f.webCode(f.authorizeWeb("openid", ""))).get("id_token").asString());
        assertThat(id.getJWTClaimsSet().getClaims()).doesNotContainKey("nonce");
    }

    @Test
    @DisplayName("oidcc-ensure-request-without-nonce-succeeds-for-code-flow")
    void oidcc_ensure_request_without_nonce_succeeds_for_code_flow() throws Exception {
        IDTokenClaimsSet id = validate(tokens(f.webCode(f.authorizeWeb("openid", ""))).get("id_token").asString(), f.webId, null);
        assertThat(id.getNonce()).isNull();
    }

    @Test
    @DisplayName("oidcc-scope-profile")
    void oidcc_scope_profile() throws Exception {
        JsonNode t = tokens(f.webCode(f.authorizeWeb("openid profile", "")));
        IDTokenClaimsSet id = validate(t.get("id_token").asString(), f.webId, null);
        assertThat(id.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(id.getClaim("email")).isNull();
        JsonNode info = userinfoGet(t.get("access_token").asString());
        assertThat(info.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(info.has("email")).isFalse();
    }

    @Test
    @DisplayName("oidcc-scope-email")
    void oidcc_scope_email() throws Exception {
        JsonNode t = tokens(f.webCode(f.authorizeWeb("openid email", "")));
        IDTokenClaimsSet id = validate(t.get("id_token").asString(), f.webId, null);
        assertThat(id.getStringClaim("email")).isEqualTo(f.email);
        assertThat(id.getClaim("email_verified")).isNotNull();
        assertThat(id.getClaim("name")).isNull();
        JsonNode info = userinfoGet(t.get("access_token").asString());
        assertThat(info.get("email").asString()).isEqualTo(f.email);
        assertThat(info.has("email_verified")).isTrue();
    }

    static JsonNode userinfoGet(String at) {
        TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + at).GET().build());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return r.json();
    }

    @Test
    @DisplayName("oidcc-userinfo-get")
    void oidcc_userinfo_get() throws Exception {
        JsonNode t = tokens(f.webCode(f.authorizeWeb("openid profile email", "")));
        String sub = validate(t.get("id_token").asString(), f.webId, null).getSubject().getValue();
        assertThat(userinfoGet(t.get("access_token").asString()).get("sub").asString()).isEqualTo(sub);
    }

    @Test
    @DisplayName("oidcc-userinfo-post-body")
    void oidcc_userinfo_post_body() {
        String at = tokens(f.webCode(f.authorizeWeb("openid email", ""))).get("access_token").asString();
        TestAtrium.Response r = atrium.postForm("/userinfo", "access_token=" + enc(at));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("sub").asString()).isEqualTo(f.userId);
        assertThat(r.json().get("email").asString()).isEqualTo(f.email);
    }

    @Test
    @DisplayName("oidcc-form-post: the page posts code and state to the callback by itself")
    void oidcc_form_post() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = f.signIn(browser, f.authorizeWeb("openid", "&response_mode=form_post"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.screen()).isEqualTo("form-post");
        assertThat(page.doc().body().attr("onload")).contains("submit()");
        Element form = page.doc().selectFirst("form");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(WEB_CALLBACK);
        assertThat(form.selectFirst("input[name=state]").attr("value")).isEqualTo("st-1");
        assertThat(form.selectFirst("input[name=iss]").attr("value")).isEqualTo(atrium.issuer());
        String code = form.selectFirst("input[name=code]").attr("value");
        assertThat(f.exchangeWeb(code).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("oidcc-server-rotate-keys: new tokens carry the new kid, older ones still verify")
    void oidcc_server_rotate_keys() throws Exception {
        String before = tokens(f.webCode(f.authorizeWeb("openid", ""))).get("id_token").asString();
        String oldKid = ((com.nimbusds.jwt.SignedJWT) JWTParser.parse(before)).getHeader().getKeyID();
        SignInFixture.ok(atrium.mgmt("POST", "/keys/signing/rotate", null));
        String after = tokens(f.webCode(f.authorizeWeb("openid", ""))).get("id_token").asString();
        String newKid = ((com.nimbusds.jwt.SignedJWT) JWTParser.parse(after)).getHeader().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid);
        JsonNode jwks = atrium.get("/.well-known/jwks.json").json();
        assertThat(jwks.get("keys").findValuesAsString("kid")).contains(oldKid, newKid);
        assertThat(validate(after, f.webId, null).getSubject().getValue()).isEqualTo(f.userId);
        assertThat(validate(before, f.webId, null).getSubject().getValue()).isEqualTo(f.userId);
    }
}
