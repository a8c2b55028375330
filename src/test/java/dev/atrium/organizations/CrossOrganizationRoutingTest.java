package dev.atrium.organizations;

import dev.atrium.enterprise.SamlFixture;
import dev.atrium.enterprise.SamlIdp;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * O45 (with O43, O60) over HTTP: in the post-login prompt's mode, asked without an organization, the email typed on the
 * identifier-first login page is matched against the enterprise connections of every organization, hidden ones
 * included, though the application itself does not enable them; they are never shown as buttons there. The
 * organization is then settled after login. No other mode looks beyond the application's own connections.
 */
class CrossOrganizationRoutingTest {
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium();
    static SamlFixture saml;
    static String domain;
    static String org;
    static String otherApp;

    @BeforeAll
    static void tenant() {
        String n = Long.toString(System.nanoTime(), 36);
        domain = "acme-" + n + ".example";
        saml = new SamlFixture(rp, ",\"domain_aliases\":[\"" + domain + "\"]");
        // the application itself does not enable the enterprise connection: only the organization does, hidden
        ok(rp.mgmt("PATCH", "/connections/" + saml.connectionId, "{\"enabled_clients\":[]}"));
        ok(rp.mgmt("PATCH", "/clients/" + saml.app.webId, "{\"oidc_conformant\":true,\"organization_usage\":\"require\","
                + "\"organization_require_behavior\":\"post_login_prompt\"}"));
        org = ok(rp.mgmt("POST", "/organizations", "{\"name\":\"xorg-" + n + "\",\"enabled_connections\":[{\"connection_id\":\""
                + saml.connectionId + "\",\"assign_membership_on_login\":true,\"show_as_button\":false}]}")).get("id").asString();
        otherApp = saml.app.webClient("No prompt " + n, ",\"organization_usage\":\"allow\"").get("client_id").asString();
    }

    static TestBrowser.Page typeEmail(TestBrowser b, String authorizeUrl, String email) {
        TestBrowser.Page login = b.open(authorizeUrl);
        assertThat(login.screen()).as(login.body()).isEqualTo("login");
        return b.submit(login, "form[action^=/u/login]", Map.of("username", email, "password", ""));
    }

    @Test
    void O45_anEmailOfAnotherOrganizationsHiddenConnectionGoesToItsProviderAndSignsInToThatOrganization() throws Exception {
        TestBrowser b = saml.browser;
        TestBrowser.Page login = b.open(saml.app.authorizeWeb("openid", ""));
        // not a button on the application's login page
        assertThat(login.doc().select("a.enterprise[data-connection=" + saml.connection + "]")).isEmpty();
        TestBrowser.Page routed = b.submit(login, "form[action^=/u/login]", Map.of("username", "grace@" + domain, "password", ""));
        assertThat(routed.status()).as(routed.body()).isEqualTo(302);
        assertThat(routed.location()).contains("/u/sso?").contains("connection=" + saml.connection);
        TestBrowser.Page toProvider = b.follow(b.get(routed.location()));
        assertThat(toProvider.location()).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
        Map<String, String> q = SignInFixture.query(toProvider.location());
        Element request = SamlIdp.request(q.get("SAMLRequest")).getDocumentElement();
        SamlFixture.Started started = new SamlFixture.Started(request.getAttribute("ID"), q.get("RelayState"),
                request.getAttribute("AssertionConsumerServiceURL"), null);
        TestBrowser.Page done = saml.finish(started, saml.idp.response(saml.answer(started)));
        // O50: the only organization enabling the connection with auto-membership takes the user in
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        var tokens = ok(saml.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));
        String payload = tokens.get("id_token").asString().split("\\.")[1];
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(payload))).contains("\"org_id\":\"" + org + "\"");
    }

    @Test
    void O45_anApplicationNotInThePostLoginModeNeverRoutesToAnotherOrganizationsConnection() {
        TestBrowser b = new TestBrowser(rp.baseUrl());
        TestBrowser.Page page = typeEmail(b, "/authorize?response_type=code&client_id=" + otherApp + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=openid&state=st", "grace@" + domain);
        assertThat(page.status()).isNotEqualTo(302);
        assertThat(page.location()).isNull();
    }

    @Test
    void O45_attack_namingTheConnectionForAnotherApplicationOrAnSwitchedOffOneGetsNowhere() {
        // the application that does not use the post-login mode cannot start it by name either
        TestBrowser b = new TestBrowser(rp.baseUrl());
        TestBrowser.Page named = b.open("/u/sso?state=nosuch&connection=" + saml.connection);
        assertThat(named.location() == null || !named.location().startsWith(SamlFixture.SIGN_IN_ENDPOINT)).isTrue();
        TestBrowser.Page direct = b.open("/authorize?response_type=code&client_id=" + otherApp + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=openid&state=st&connection=" + saml.connection);
        assertThat(direct.location() == null || !direct.location().startsWith(SamlFixture.SIGN_IN_ENDPOINT)).as(direct.body()).isTrue();
        // once the organization switches the connection off, no organization enables it: discovery finds nothing
        ok(rp.mgmt("PATCH", "/organizations/" + org + "/connections/" + saml.connectionId, "{\"is_enabled\":false}"));
        try {
            TestBrowser.Page page = typeEmail(new TestBrowser(rp.baseUrl()), saml.app.authorizeWeb("openid", ""), "grace@" + domain);
            assertThat(page.location()).isNull();
        } finally {
            ok(rp.mgmt("PATCH", "/organizations/" + org + "/connections/" + saml.connectionId, "{\"is_enabled\":true}"));
        }
    }
}
