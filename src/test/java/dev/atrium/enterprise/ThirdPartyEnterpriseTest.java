package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Third-party applications reach an enterprise directory only through a domain-level enterprise connection (T40, T41). */
class ThirdPartyEnterpriseTest {
    private static final String CB = "https://partner.example/cb";

    @RegisterExtension
    static final TestAtrium rp = new TestAtrium();

    @Test
    void T40_T41_aDomainLevelSamlConnectionSignsIntoAThirdPartyApplicationAndAnotherDoesNot() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SignInFixture.ok(rp.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.app.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        String partner = SignInFixture.ok(rp.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime()
                + "\",\"is_first_party\":false,\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"],"
                + "\"client_metadata\":{\"owner\":\"Partner Corp\"}}")).get("client_id").asString();
        String authorize = "/authorize?response_type=code&client_id=" + partner + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&audience=" + TestAtrium.enc(f.app.api) + "&scope=" + TestAtrium.enc("openid read:orders")
                + "&state=st-1&code_challenge=" + SignInFixture.s256("v".repeat(50)) + "&code_challenge_method=S256";

        // not domain-level: naming it is refused, and no button shows it
        TestBrowser.Page refused = f.browser.open(authorize + "&connection=" + f.connection);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.location()).isNull();

        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        TestBrowser b = new TestBrowser(rp.baseUrl());
        TestBrowser.Page login = b.open(authorize);
        assertThat(login.doc().select("a.enterprise").eachAttr("data-connection")).contains(f.connection);
        TestBrowser.Page toIdp = b.follow(b.get(login.doc().selectFirst("a.enterprise[data-connection=" + f.connection + "]").absUrl("href")));
        assertThat(toIdp.location()).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
        var q = SignInFixture.query(toIdp.location());
        var req = SamlIdp.request(q.get("SAMLRequest"));
        SamlFixture.Started s = new SamlFixture.Started(req.getDocumentElement().getAttribute("ID"), q.get("RelayState"), f.acs(), req);
        SamlIdp.Answer a = f.answer(s);
        a.nameId = "partner-user-" + System.nanoTime();
        TestBrowser.Page posted = b.post(f.acs(), Map.of("SAMLResponse", f.idp.response(a), "RelayState", s.relayState()));
        TestBrowser.Page page = b.follow(b.get(posted.location()));
        assertThat(page.screen()).as(page.body()).isEqualTo("consent");
        TestBrowser.Page done = b.follow(b.submit(page, "form", Map.of("action", "accept")));
        assertThat(done.location()).as(done.body()).startsWith(CB + "?code=");
    }
}
