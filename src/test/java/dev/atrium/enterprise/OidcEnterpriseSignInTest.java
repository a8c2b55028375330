package dev.atrium.enterprise;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in through an OpenID Connect enterprise connection, end to end through the hosted pages of two Atrium servers. */
class OidcEnterpriseSignInTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    @Test
    void connectionParameterSignsInThroughTheProviderAndCreatesTheUserJustInTime() throws Exception {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String providerUrl = f.toProvider(f.app.authorizeWeb("openid profile email", "&nonce=n-1&connection=" + f.connection));
        Map<String, String> q = SignInFixture.query(providerUrl);
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", f.idpClientId)
                .containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", rp.issuer() + "login/callback");
        assertThat(q.get("state")).isNotBlank();
        assertThat(q.get("nonce")).isNotBlank();
        assertThat(q.get("code_challenge")).isNotBlank();
        assertThat(q.get("scope")).isEqualTo("openid profile email");

        TestBrowser.Page done = f.back(f.atProvider(providerUrl));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode tokens = SignInFixture.ok(f.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));

        IDTokenClaimsSet claims = new IDTokenValidator(new Issuer(rp.issuer()), new ClientID(f.app.webId), JWSAlgorithm.RS256,
                URI.create(rp.issuer() + ".well-known/jwks.json").toURL())
                .validate(JWTParser.parse(tokens.get("id_token").asString()), new com.nimbusds.openid.connect.sdk.Nonce("n-1"));
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        assertThat(claims.getSubject().getValue()).isEqualTo(userId);

        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc(userId), null));
        assertThat(user.get("email").asString()).isEqualTo(f.employeeEmail);
        assertThat(user.get("name").asString()).isEqualTo("Grace Hopper");
        JsonNode identity = user.get("identities").get(0);
        assertThat(identity.get("provider").asString()).isEqualTo("oidc");
        assertThat(identity.get("connection").asString()).isEqualTo(f.connection);
        assertThat(identity.get("user_id").asString()).isEqualTo(f.employeeSub);
        assertThat(identity.get("isSocial").asBoolean()).isFalse();
        assertThat(user.toString()).doesNotContain("password");
        // the Management API finds such users like any other, by their connection and by e-mail
        assertThat(SignInFixture.ok(rp.mgmt("GET", "/users?search_engine=v3&q=" + TestAtrium.enc("identities.connection:\""
                + f.connection + "\""), null)).toString()).contains(userId);
        assertThat(SignInFixture.ok(rp.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(f.employeeEmail), null)).toString())
                .contains(userId);

        // the password form of the database connection never signs in an enterprise user (aliases removed, so that
        // home-realm discovery does not send the address to the provider first; the secret survives the PATCH)
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"options\":{\"issuer\":\"" + idp.issuer()
                + "\",\"client_id\":\"" + f.idpClientId + "\"}}"));
        TestBrowser other = new TestBrowser(rp.baseUrl());
        TestBrowser.Page login = other.open(f.app.authorizeWeb("openid", ""));
        TestBrowser.Page refused = other.submit(login, "form", Map.of("username", f.employeeEmail, "password", SignInFixture.PASSWORD));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void rootAttributesAreRefreshedOnEachLoginByDefault() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");
        SignInFixture.ok(idp.mgmt("PATCH", "/users/" + TestAtrium.enc(f.employeeSub), "{\"name\":\"Rear Admiral Hopper\"}"));
        // a fresh relying-party browser (no SSO session there), the provider's session is reused
        TestBrowser.Page again = f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                + f.connection))).location());
        assertThat(again.location()).contains("code=");
        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null));
        assertThat(user.get("name").asString()).isEqualTo("Rear Admiral Hopper");
    }

    @Test
    void onFirstLoginKeepsTheFirstProfile() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"set_user_root_attributes\":\"on_first_login\"");
        assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");
        SignInFixture.ok(idp.mgmt("PATCH", "/users/" + TestAtrium.enc(f.employeeSub), "{\"name\":\"Changed Upstream\"}"));
        TestBrowser.Page again = f.back(f.idpBrowser.open(f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&connection="
                + f.connection))).location());
        assertThat(again.location()).contains("code=");
        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null));
        assertThat(user.get("name").asString()).isEqualTo("Grace Hopper");
    }

    @Test
    void anEmailOfTheConnectionsDomainGoesStraightToItsProvider() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        TestBrowser.Page login = f.rpBrowser.open(f.app.authorizeWeb("openid", ""));
        assertThat(login.screen()).isEqualTo("login");
        TestBrowser.Page out = f.rpBrowser.follow(f.rpBrowser.submit(login, "form", Map.of("username", "someone@ACME.example",
                "password", "")));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).startsWith(idp.issuer() + "authorize?");
        TestBrowser.Page done = f.back(f.atProvider(out.location()));
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        // an address of another domain still gets the password form
        TestBrowser.Page other = f.rpBrowser.open(f.app.authorizeWeb("openid", "&prompt=login"));
        TestBrowser.Page wrong = f.rpBrowser.submit(other, "form", Map.of("username", "x@globex.example", "password", "nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void theAddressTypedOnTheIdentifierFirstPageIsTheProvidersLoginHint() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        TestBrowser.Page login = f.rpBrowser.open(f.app.authorizeWeb("openid", ""));
        TestBrowser.Page out = f.rpBrowser.follow(f.rpBrowser.submit(login, "form", Map.of("username", " " + f.employeeEmail + " ",
                "password", "")));
        assertThat(out.location()).startsWith(idp.issuer() + "authorize?");
        assertThat(SignInFixture.query(out.location())).containsEntry("login_hint", f.employeeEmail);
        // the provider (Atrium here) fills its own identifier field with it
        TestBrowser.Page atProvider = f.idpBrowser.open(out.location());
        assertThat(atProvider.screen()).isEqualTo("login");
        assertThat(atProvider.doc().selectFirst("input[name=username]").val()).isEqualTo(f.employeeEmail);
        assertThat(f.back(f.atProvider(out.location())).location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");

        // the application's own login_hint goes along when it names the connection; none is invented otherwise
        String hinted = f.toProvider(f.app.authorizeWeb("openid", "&prompt=login&login_hint=" + TestAtrium.enc("ada@acme.example")
                + "&connection=" + f.connection));
        assertThat(SignInFixture.query(hinted)).containsEntry("login_hint", "ada@acme.example");
        TestBrowser fresh = new TestBrowser(rp.baseUrl());
        TestBrowser.Page plain = fresh.open(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        assertThat(SignInFixture.query(plain.location())).doesNotContainKey("login_hint");
    }

    @Test
    void T40_T76_aDomainLevelOidcConnectionSignsIntoAThirdPartyApplicationInAndOutOfAnOrganization() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String cb = "https://partner.example/cb";
        SignInFixture.ok(rp.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.app.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        JsonNode partnerApp = SignInFixture.ok(rp.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime()
                + "\",\"is_first_party\":false,\"app_type\":\"regular_web\",\"callbacks\":[\"" + cb + "\"],"
                + "\"client_metadata\":{\"owner\":\"Partner Corp\"},\"organization_usage\":\"allow\"}"));
        String partner = partnerApp.get("client_id").asString();
        String authorize = "/authorize?response_type=code&client_id=" + partner + "&redirect_uri=" + TestAtrium.enc(cb)
                + "&audience=" + TestAtrium.enc(f.app.api) + "&scope=" + TestAtrium.enc("openid read:orders")
                + "&state=st-1&code_challenge=" + SignInFixture.s256("v".repeat(50)) + "&code_challenge_method=S256";
        // not domain-level: naming it is refused (a readable page, nothing sent to the partner)
        TestBrowser.Page refused = f.rpBrowser.open(authorize + "&connection=" + f.connection);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);

        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        TestBrowser.Page login = f.rpBrowser.open(authorize);
        assertThat(login.screen()).as(login.body()).isEqualTo("login");
        TestBrowser.Page out = f.rpBrowser.follow(f.rpBrowser.submit(login, "form", Map.of("username", f.employeeEmail)));
        assertThat(out.location()).as(out.body()).startsWith(idp.issuer() + "authorize?");
        TestBrowser.Page consent = f.back(f.atProvider(out.location()));
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        TestBrowser.Page done = f.rpBrowser.follow(f.rpBrowser.submit(consent, "form", Map.of("action", "accept")));
        assertThat(done.location()).as(done.body()).startsWith(cb + "?code=");

        // in an organization that admits third-party applications and enables the connection: a member on arrival,
        // consent asked for that organization, the partner's token names it
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"tp-" + System.nanoTime()
                + "\",\"third_party_client_access\":\"allow\"}")).get("id").asString();
        SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\""
                + f.connectionId + "\",\"assign_membership_on_login\":true}"));
        TestBrowser.Page orgLogin = f.rpBrowser.open(authorize + "&prompt=login&organization=" + org);
        assertThat(orgLogin.screen()).as(orgLogin.body()).isEqualTo("login");
        TestBrowser.Page orgOut = f.rpBrowser.follow(f.rpBrowser.submit(orgLogin, "form", Map.of("username", f.employeeEmail)));
        assertThat(orgOut.location()).as(orgOut.body()).startsWith(idp.issuer() + "authorize?");
        TestBrowser.Page orgConsent = f.back(f.atProvider(orgOut.location()));
        assertThat(orgConsent.screen()).as(orgConsent.body()).isEqualTo("consent");
        TestBrowser.Page orgDone = f.rpBrowser.follow(f.rpBrowser.submit(orgConsent, "form", Map.of("action", "accept")));
        assertThat(orgDone.location()).as(orgDone.body()).startsWith(cb + "?code=");
        TestAtrium.Response tokens = rp.postForm("/oauth/token", "grant_type=authorization_code&code="
                + TestAtrium.enc(SignInFixture.query(orgDone.location()).get("code")) + "&redirect_uri=" + TestAtrium.enc(cb)
                + "&code_verifier=" + "v".repeat(50) + "&client_id=" + partner + "&client_secret="
                + TestAtrium.enc(partnerApp.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(tokens.json().get("access_token").asString().split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains("\"org_id\":\"" + org + "\"");
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body()).contains("oidc|" + f.connection + "|" + f.employeeSub);
    }

    @Test
    void inAnOrganizationTheEnterpriseConnectionMakesMembersOnFirstSignIn() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        SignInFixture.ok(rp.mgmt("PATCH", "/clients/" + f.app.webId, "{\"organization_usage\":\"allow\"}"));
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"acme-" + System.nanoTime() + "\"}"))
                .get("id").asString();
        SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\""
                + f.connectionId + "\",\"assign_membership_on_login\":true}"));
        TestBrowser.Page done = f.signIn(f.app.authorizeWeb("openid", "&organization=" + org + "&connection=" + f.connection));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode tokens = SignInFixture.ok(f.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));
        assertThat(tokens.get("id_token").asString()).isNotEmpty();
        JsonNode members = SignInFixture.ok(rp.mgmt("GET", "/organizations/" + org + "/members", null));
        assertThat(members.toString()).contains("oidc|" + f.connection + "|" + f.employeeSub);
    }
}
