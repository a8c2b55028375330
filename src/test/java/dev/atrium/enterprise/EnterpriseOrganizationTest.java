package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Organizations and enterprise connections: an invitation accepted through a SAML provider (O75), membership on login. */
class EnterpriseOrganizationTest {
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium();

    private static String org(SamlFixture f) {
        SignInFixture.ok(rp.mgmt("PATCH", "/clients/" + f.app.webId, "{\"organization_usage\":\"allow\",\"initiate_login_uri\":\"https://app.example.com/login\"}"));
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"inv-" + System.nanoTime() + "\"}")).get("id").asString();
        SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\""
                + f.connectionId + "\",\"assign_membership_on_login\":false}"));
        return org;
    }

    private static String invite(SamlFixture f, String org, String email) {
        JsonNode inv = SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + email + "\"},\"client_id\":\"" + f.app.webId + "\"}"));
        return SignInFixture.query(inv.get("invitation_url").asString()).get("invitation");
    }

    @Test
    void O75_anInvitationIsAcceptedThroughTheProviderOnlyWhenItAssertsTheInvitedEmail() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        String org = org(f);
        String invited = "invited-" + System.nanoTime() + "@acme.example";

        String ticket = invite(f, org, invited);
        SamlFixture.Started s = f.start(f.app.authorizeWeb("openid", "&organization=" + org + "&invitation=" + ticket
                + "&connection=" + f.connection));
        SamlIdp.Answer a = f.answer(s);
        a.nameId = "emp-" + System.nanoTime();
        a.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "Someone.Else@acme.example");
        TestBrowser.Page refused = f.finish(s, f.idp.response(a));
        assertThat(SignInFixture.query(refused.location())).containsEntry("error", "access_denied")
                .containsEntry("error_description", "invitation email does not match the authenticated user");
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body()).doesNotContain(a.nameId);

        String again = invite(f, org, invited);
        TestBrowser fresh = new TestBrowser(rp.baseUrl());
        SamlFixture.Started s2 = startIn(f, fresh, f.app.authorizeWeb("openid", "&organization=" + org + "&invitation=" + again
                + "&connection=" + f.connection));
        SamlIdp.Answer b = f.answer(s2);
        b.nameId = "emp-ok-" + System.nanoTime();
        b.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", invited.toUpperCase());
        TestBrowser.Page posted = fresh.post(f.acs(), java.util.Map.of("SAMLResponse", f.idp.response(b), "RelayState", s2.relayState()));
        TestBrowser.Page done = fresh.follow(fresh.get(posted.location()));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body()).contains(f.userId(b.nameId));
    }

    private static SamlFixture.Started startIn(SamlFixture f, TestBrowser b, String url) throws Exception {
        TestBrowser.Page p = b.open(url);
        assertThat(p.location()).as(p.body()).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
        var q = SignInFixture.query(p.location());
        var req = SamlIdp.request(q.get("SAMLRequest"));
        return new SamlFixture.Started(req.getDocumentElement().getAttribute("ID"), q.get("RelayState"), f.acs(), req);
    }
}
