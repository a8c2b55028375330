package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.organizations.HostedLoginFixture.PASSWORD;
import static dev.atrium.organizations.HostedLoginFixture.authorize;
import static dev.atrium.organizations.HostedLoginFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * O55, O56 (E7) on database and enterprise connections, over HTTP: an organization connection with {@code show_as_button: false} is
 * used only when the request names it; when every connection of the organization is hidden and none is named, the
 * flow ends with Auth0's message.
 */
class HiddenConnectionsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    static String shown;
    static String hidden;
    static String hiddenId;
    static String app;
    static String hiddenUser;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        shown = "Shown-" + f.n;
        hidden = "Hidden-" + f.n;
        String shownId = f.connection(shown, "{}");
        hiddenId = f.connection(hidden, "{}");
        app = f.app("allow", "");
        hiddenUser = "hidden-" + f.n + "@example.com";
        f.user(hidden, hiddenUser);
    }

    @Test
    void O55_aHiddenConnectionIsUsedOnlyWhenNamed() {
        String org = f.organization("hide-" + f.n, "[{\"connection_id\":\"" + f.connection("Shown2-" + f.n, "{}")
                + "\",\"assign_membership_on_login\":true},{\"connection_id\":\"" + hiddenId
                + "\",\"assign_membership_on_login\":true,\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(page.body()).doesNotContain(hidden);
        // the hidden connection's account is not found without naming it
        TestBrowser.Page refused = HostedLoginFixture.login(b, page, hiddenUser);
        assertThat(refused.status()).isEqualTo(401);
        // attack: the form posted naming the hidden connection is refused too
        TestBrowser.Page forged = b.submit(b.open(authorize(app, "&organization=" + org)), "form",
                Map.of("connection", hidden, "username", hiddenUser, "password", PASSWORD));
        assertThat(forged.status()).isEqualTo(400);
        // connection= reaches it
        TestBrowser.Page back = HostedLoginFixture.login(b, b.open(authorize(app, "&organization=" + org + "&connection=" + hidden)), hiddenUser);
        assertThat(query(back.location())).containsKey("code");
    }

    @Test
    void O56_E7_whenEveryConnectionIsHiddenTheFlowEnds() {
        String org = f.organization("allhidden-" + f.n, "[{\"connection_id\":\"" + hiddenId
                + "\",\"assign_membership_on_login\":true,\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = b.open(authorize(app, "&organization=" + org));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(HostedLoginFixture.CALLBACK);
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "no connections enabled for the organization are visible")
                .containsEntry("state", "st");
        // naming it still works
        TestBrowser.Page named = b.open(authorize(app, "&organization=" + org + "&connection=" + hidden));
        assertThat(named.screen()).isEqualTo("login");
        assertThat(query(HostedLoginFixture.login(b, named, hiddenUser).location())).containsKey("code");
    }

    @Test
    void O55_aShownConnectionStaysUsableNextToAHiddenOne() {
        String user = "shown-" + f.n + "@example.com";
        f.user(shown, user);
        String org = f.organization("mixed-" + f.n, "[{\"connection_id\":\"" + hiddenId + "\",\"show_as_button\":false,"
                + "\"assign_membership_on_login\":true},{\"connection_id\":\"" + f.connection("Other-" + f.n, "{}") + "\"}]");
        // the shown connection (not the hidden one listed first) is the one used
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(HostedLoginFixture.login(b, page, hiddenUser).status()).isEqualTo(401);
    }

    /** A SAML connection answering e-mail addresses of {@code domain}; the application does not enable it. Returns its id. */
    static String samlConnection(String name, String domain) {
        String pem = tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(new dev.atrium.enterprise.SamlIdp().certificatePem());
        return HostedLoginFixture.ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"samlp\","
                + "\"display_name\":\"" + name + "\",\"show_as_button\":true,\"options\":{\"signInEndpoint\":\""
                + dev.atrium.enterprise.SamlFixture.SIGN_IN_ENDPOINT + "\",\"signingCert\":" + pem
                + ",\"domain_aliases\":[\"" + domain + "\"]}}")).get("id").asString();
    }

    @Test
    void O55_anOrganizationHidesAnEnterpriseButtonAndHomeRealmDiscoveryStillReachesIt() {
        String visible = "sso-shown-" + f.n;
        String secret = "sso-hidden-" + f.n;
        String visibleId = samlConnection(visible, "shown-" + f.n + ".example");
        String secretId = samlConnection(secret, "hidden-" + f.n + ".example");
        String org = f.organization("ssohide-" + f.n, "[{\"connection_id\":\"" + visibleId + "\"},{\"connection_id\":\""
                + secretId + "\",\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org));
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        assertThat(page.doc().select("a.enterprise").eachAttr("data-connection")).containsExactly(visible);
        assertThat(page.body()).doesNotContain(secret);
        // the e-mail's domain still leads to the hidden one
        TestBrowser.Page routed = b.submit(page, "form[action^=/u/login]", Map.of("username", "ada@hidden-" + f.n + ".example",
                "password", ""));
        assertThat(routed.status()).isEqualTo(302);
        assertThat(routed.location()).contains("/u/sso?").contains("connection=" + secret);
        assertThat(b.follow(b.get(routed.location())).location()).startsWith(dev.atrium.enterprise.SamlFixture.SIGN_IN_ENDPOINT);
    }

    @Test
    void O56_E7_anOrganizationWhoseOnlyEnterpriseConnectionIsHiddenEndsTheFlowUnlessItIsNamed() {
        String secret = "sso-only-" + f.n;
        String secretId = samlConnection(secret, "only-" + f.n + ".example");
        String org = f.organization("ssoonly-" + f.n, "[{\"connection_id\":\"" + secretId + "\",\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = b.open(authorize(app, "&organization=" + org));
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "no connections enabled for the organization are visible");
        TestBrowser.Page named = b.follow(b.open(authorize(app, "&organization=" + org + "&connection=" + secret)));
        assertThat(named.location()).startsWith(dev.atrium.enterprise.SamlFixture.SIGN_IN_ENDPOINT);
    }
}
