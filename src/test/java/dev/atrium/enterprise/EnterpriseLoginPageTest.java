package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Enterprise connections with {@code show_as_button} appear on the login page as buttons with their display names. */
class EnterpriseLoginPageTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    @Test
    void buttonsShowTheDisplayNameAndLeadToTheProvider() throws Exception {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        SamlFixture hidden = new SamlFixture(rp, "");
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + hidden.connectionId, "{\"show_as_button\":false,\"enabled_clients\":[\""
                + f.app.webId + "\"]}"));
        TestBrowser.Page login = f.rpBrowser.open(f.app.authorizeWeb("openid", ""));
        assertThat(login.screen()).isEqualTo("login");
        var button = login.doc().selectFirst("a.enterprise[data-connection=" + f.connection + "]");
        assertThat(button).as(login.body()).isNotNull();
        assertThat(button.text()).isEqualTo("Continue with Acme Corp");
        assertThat(login.doc().select("a.enterprise[data-connection=" + hidden.connection + "]")).isEmpty();
        // hidden is not unusable: naming it still goes to its provider (O55)
        assertThat(hidden.start(f.app.authorizeWeb("openid", "&connection=" + hidden.connection)).requestId()).startsWith("_");
        // the password form is still there for the database connection
        assertThat(login.doc().selectFirst("input[name=password]")).isNotNull();

        TestBrowser.Page out = f.rpBrowser.follow(f.rpBrowser.get(button.absUrl("href")));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).startsWith(idp.issuer() + "authorize?");
        assertThat(f.back(f.atProvider(out.location())).location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
    }

    @Test
    void inAnOrganizationOnlyItsEnabledConnectionsAreButtons() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        SamlFixture other = new SamlFixture(rp, "");
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + other.connectionId, "{\"enabled_clients\":[\"" + f.app.webId + "\"]}"));
        SignInFixture.ok(rp.mgmt("PATCH", "/clients/" + f.app.webId, "{\"organization_usage\":\"allow\"}"));
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"btn-" + System.nanoTime() + "\"}")).get("id").asString();
        SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\""
                + other.connectionId + "\",\"assign_membership_on_login\":true}"));
        TestBrowser.Page outside = f.rpBrowser.open(f.app.authorizeWeb("openid", ""));
        assertThat(outside.doc().select("a.enterprise")).hasSizeGreaterThanOrEqualTo(2);
        TestBrowser b = new TestBrowser(rp.baseUrl());
        TestBrowser.Page inOrg = b.open(f.app.authorizeWeb("openid", "&organization=" + org));
        assertThat(inOrg.doc().select("a.enterprise").eachAttr("data-connection")).containsExactly(other.connection);
        TestBrowser.Page toSaml = b.follow(b.get(inOrg.doc().selectFirst("a.enterprise").absUrl("href")));
        assertThat(toSaml.location()).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
    }
}
