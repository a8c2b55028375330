package dev.atrium.web.dashboard;

import dev.atrium.enterprise.EnterpriseFixture;
import dev.atrium.enterprise.SamlFixture;
import dev.atrium.enterprise.SamlIdp;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.web.dashboard.DashboardFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the dashboard's "Try" button on an enterprise connection (Auth0's "Try connection") over HTTP. The
 * administrator is sent to the connection's provider (a second Atrium, or a SAML test provider), signs in there, and
 * lands on the connection's try page with the profile Atrium received; no user is created, no application is needed
 * (the connection is enabled for none of the dashboard's), and a refusal by the provider is shown, not a 5xx.
 */
class DashboardConnectionTryTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD)
            .withAllowInsecureUpstreamUrls(true));
    static TestBrowser admin;

    @BeforeAll
    static void signIn() {
        admin = DashboardFixture.admin(rp);
    }

    /** Presses "Try" on the connection's page; returns where the dashboard sends the browser. */
    private static String pressTry(String connectionId) {
        TestBrowser.Page page = admin.open("/dashboard/connections/" + connectionId);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        TestBrowser.Page sent = submit(admin, page, "form[data-form=try]", Map.of());
        assertThat(sent.status()).as(sent.body()).isEqualTo(303);
        return sent.location();
    }

    @Test
    void tryingAnOidcConnectionShowsTheProfileTheProviderSentAndCreatesNoUser() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String toProvider = pressTry(f.connectionId);
        assertThat(toProvider).startsWith(idp.issuer() + "authorize?");
        assertThat(SignInFixture.query(toProvider)).containsEntry("client_id", f.idpClientId)
                .containsEntry("redirect_uri", rp.issuer() + "login/callback").containsKey("nonce").containsKey("code_challenge");

        TestBrowser.Page back = admin.get(f.atProvider(toProvider));
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(back.location()).startsWith("/dashboard/connections/" + f.connectionId + "/try?ticket=");
        TestBrowser.Page result = admin.open(back.location());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        assertThat(result.body()).contains("It works").contains(userId).contains(f.employeeEmail).contains("Grace Hopper");
        assertThat(result.doc().select("form[data-form=try]")).isNotEmpty();
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc(userId), null).status()).isEqualTo(404);

        // the result is the administrator's: without the dashboard session it is not shown
        TestBrowser stranger = new TestBrowser(rp.baseUrl());
        TestBrowser.Page elsewhere = stranger.get(back.location());
        assertThat(elsewhere.status()).isEqualTo(302);
        assertThat(elsewhere.location()).startsWith("/authorize?");
        // a forged or altered ticket shows nothing
        TestBrowser.Page forged = admin.open(back.location().substring(0, back.location().length() - 4) + "AAAA");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).contains("no result").doesNotContain(f.employeeEmail);
        // nor does another connection's page show this connection's ticket
        EnterpriseFixture other = new EnterpriseFixture(idp, rp, "");
        TestBrowser.Page swapped = admin.open(back.location().replace(f.connectionId, other.connectionId));
        assertThat(swapped.status()).isEqualTo(400);
    }

    @Test
    void tryingAFrontChannelConnectionTakesThePostedIdToken() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String toProvider = pressTry(f.connectionId);
        assertThat(SignInFixture.query(toProvider)).containsEntry("response_type", "id_token")
                .containsEntry("response_mode", "form_post").containsKey("nonce");
        TestBrowser.Page handed = f.postCrossSite(EnterpriseFixture.posted(f.atProviderPosting(toProvider)));
        assertThat(handed.status()).as(handed.body()).isEqualTo(303);
        TestBrowser.Page back = admin.get(handed.location());
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(back.location()).startsWith("/dashboard/connections/" + f.connectionId + "/try?ticket=");
        TestBrowser.Page result = admin.open(back.location());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        assertThat(result.body()).contains("It works").contains(userId).contains(f.employeeEmail);
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc(userId), null).status()).isEqualTo(404);

        // a token for another nonce is refused on the try page as at sign-in
        String state = SignInFixture.query(pressTry(f.connectionId)).get("state");
        String other = EnterpriseFixture.posted(f.atProviderPosting(toProvider)).get("id_token");
        TestBrowser.Page refused = admin.open(admin.get(f.postCrossSite(Map.of("id_token", other, "state", state)).location())
                .location());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("failed").contains("not valid").doesNotContain("It works");
    }

    @Test
    void aProviderRefusalIsShownOnTheTryPage() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String state = SignInFixture.query(pressTry(f.connectionId)).get("state");
        TestBrowser.Page back = admin.get(rp.issuer() + "login/callback?state=" + TestAtrium.enc(state)
                + "&error=access_denied&error_description=nope");
        assertThat(back.status()).isEqualTo(303);
        TestBrowser.Page result = admin.open(back.location());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).contains("failed").contains("access_denied").doesNotContain("It works");

        // a provider that cannot be reached: the try ends on the page at once, with the reason
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"options\":{\"issuer\":\"http://127.0.0.1:9/\","
                + "\"client_id\":\"" + f.idpClientId + "\"}}"));
        String down = pressTry(f.connectionId);
        assertThat(down).startsWith("/dashboard/connections/" + f.connectionId + "/try?ticket=");
        TestBrowser.Page unreachable = admin.open(down);
        assertThat(unreachable.status()).isEqualTo(200);
        assertThat(unreachable.body()).contains("not available");
    }

    @Test
    void tryingASamlConnectionValidatesTheAnswerAsASignInWould() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        String toProvider = pressTry(f.connectionId);
        assertThat(toProvider).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
        Map<String, String> q = SignInFixture.query(toProvider);
        String requestId = SamlIdp.request(q.get("SAMLRequest")).getDocumentElement().getAttribute("ID");

        SamlIdp.Answer answer = new SamlIdp.Answer(requestId, f.acs(), f.audience());
        TestBrowser.Page posted = admin.post(f.acs(), Map.of("SAMLResponse", f.idp.response(answer), "RelayState", q.get("RelayState")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(303);
        TestBrowser.Page result = admin.open(posted.location());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).contains("It works").contains(f.userId(answer.nameId));
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc(f.userId(answer.nameId)), null).status()).isEqualTo(404);

        // an answer signed by another key is refused, as at sign-in
        String again = pressTry(f.connectionId);
        Map<String, String> q2 = SignInFixture.query(again);
        SamlIdp.Answer forged = new SamlIdp.Answer(SamlIdp.request(q2.get("SAMLRequest")).getDocumentElement().getAttribute("ID"),
                f.acs(), f.audience());
        TestBrowser.Page refused = admin.open(admin.post(f.acs(), Map.of("SAMLResponse", new SamlIdp().response(forged),
                "RelayState", q2.get("RelayState"))).location());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("failed").doesNotContain("It works");
    }

    @Test
    void onlyEnterpriseConnectionsHaveATryAndItNeedsTheFormToken() {
        var conns = SignInFixture.ok(rp.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String db = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        TestBrowser.Page page = admin.open("/dashboard/connections/" + db);
        assertThat(page.doc().select("form[data-form=try]")).isEmpty();
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        TestBrowser.Page noToken = admin.post("/dashboard/connections/" + f.connectionId + "/try", Map.of());
        assertThat(noToken.status()).isEqualTo(403);
        TestBrowser.Page enterprise = admin.open("/dashboard/connections/" + f.connectionId);
        assertThat(submit(admin, enterprise, "form[data-form=try]", Map.of()).status()).isEqualTo(303);
        TestBrowser.Page notEnterprise = admin.post("/dashboard/connections/" + db + "/try",
                Map.of("_csrf", enterprise.doc().selectFirst("form[data-form=try] input[name=_csrf]").attr("value")));
        assertThat(notEnterprise.status()).isEqualTo(404);
    }
}
