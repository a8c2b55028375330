package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Atrium with a {@code samlp} connection to a {@link SamlIdp} enabled for the fixture's web application, and the steps
 * of a sign-in: to the provider (the AuthnRequest read back), the provider's answer posted to the assertion consumer
 * service, and the hand-over that ends at the application.
 */
public final class SamlFixture {
    public static final String SIGN_IN_ENDPOINT = "https://idp.acme.example/saml/sso";
    public final TestAtrium rp;
    public final SignInFixture app;
    public final SamlIdp idp = new SamlIdp();
    public final String connection;
    public final String connectionId;
    public final TestBrowser browser;

    /** A started sign-in: the request's ID and RelayState, as the provider received them. */
    public record Started(String requestId, String relayState, String acs, Document request) {
    }

    public SamlFixture(TestAtrium rp, String extraOptions) {
        this.rp = rp;
        this.app = new SignInFixture(rp);
        connection = "acme-saml-" + Long.toString(System.nanoTime(), 36);
        JsonNode conn = SignInFixture.ok(rp.mgmt("POST", "/connections", "{\"name\":\"" + connection + "\",\"strategy\":\"samlp\","
                + "\"display_name\":\"Acme SAML\",\"enabled_clients\":[\"" + app.webId + "\"],\"options\":{\"signInEndpoint\":\""
                + SIGN_IN_ENDPOINT + "\",\"signingCert\":" + tools.jackson.databind.json.JsonMapper.shared()
                .writeValueAsString(idp.certificatePem()) + extraOptions + "}}"));
        connectionId = conn.get("id").asString();
        browser = new TestBrowser(rp.baseUrl());
    }

    public String acs() {
        return rp.issuer() + "login/callback?connection=" + connection;
    }

    public String audience() {
        return rp.issuer() + "samlp/metadata?connection=" + connection;
    }

    /** Opens the authorize URL and reads the Redirect-binding AuthnRequest that leaves for the provider. */
    public Started start(String authorizeUrl) throws Exception {
        TestBrowser.Page p = browser.open(authorizeUrl);
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        assertThat(p.location()).startsWith(SIGN_IN_ENDPOINT + "?SAMLRequest=");
        Map<String, String> q = SignInFixture.query(p.location());
        Document request = SamlIdp.request(q.get("SAMLRequest"));
        Element root = request.getDocumentElement();
        return new Started(root.getAttribute("ID"), q.get("RelayState"), root.getAttribute("AssertionConsumerServiceURL"), request);
    }

    public Started start() throws Exception {
        return start(app.authorizeWeb("openid profile email", "&connection=" + connection));
    }

    public SamlIdp.Answer answer(Started s) {
        return new SamlIdp.Answer(s.requestId(), acs(), audience());
    }

    /** Posts the provider's answer (base64) to the ACS; returns the first answer. */
    public TestBrowser.Page post(Started s, String samlResponse) {
        return browser.post(acs(), Map.of("SAMLResponse", samlResponse, "RelayState", s.relayState()));
    }

    /** Posts and follows the hand-over: the answer that leaves Atrium (or the error page). */
    public TestBrowser.Page finish(Started s, String samlResponse) {
        TestBrowser.Page posted = post(s, samlResponse);
        assertThat(posted.status()).as(posted.body()).isEqualTo(303);
        return browser.follow(browser.get(posted.location()));
    }

    public String userId(String nameId) {
        return "samlp|" + connection + "|" + nameId;
    }
}
