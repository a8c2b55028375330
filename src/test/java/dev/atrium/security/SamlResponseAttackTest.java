package dev.atrium.security;

import dev.atrium.enterprise.SamlFixture;
import dev.atrium.enterprise.SamlIdp;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trust boundary between Atrium and a SAML identity provider, attacked through the assertion consumer service:
 * each forged, altered, misdirected, stale, replayed or transplanted answer must end the flow on the application's
 * error channel (never a code, never a user, never a 5xx), and XML with a DTD must never be expanded.
 */
class SamlResponseAttackTest {
    private static final String A = "urn:oasis:names:tc:SAML:2.0:assertion";

    @RegisterExtension
    static final TestAtrium rp = new TestAtrium();

    /** The flow ended with access_denied and the victim identity was not created. */
    private static void refused(SamlFixture f, TestBrowser.Page done, String nameId, String why) {
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK + "?error=access_denied");
        assertThat(done.location()).doesNotContain("code=");
        assertThat(SignInFixture.query(done.location()).get("error_description")).containsIgnoringCase(why);
        assertThat(rp.mgmt("GET", "/users/" + TestAtrium.enc(f.userId(nameId)), null).status()).isEqualTo(404);
    }

    @Test
    void anUnsignedAssertionIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        refused(f, f.finish(s, SamlIdp.encode(SamlIdp.responseXml(f.answer(s)))), "grace@acme.example", "not signed");
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedEvenWhenItsKeyInfoCarriesThatKey() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Document doc = f.idp.signedAssertion(f.answer(s), SamlIdp.generate());
        refused(f, f.finish(s, SamlIdp.encode(doc)), "grace@acme.example", "signature");
    }

    @Test
    void anAssertionAlteredAfterSigningIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Document doc = f.idp.signedAssertion(f.answer(s), f.idp.key);
        doc.getElementsByTagNameNS(A, "NameID").item(0).setTextContent("admin@acme.example");
        refused(f, f.finish(s, SamlIdp.encode(doc)), "admin@acme.example", "signature");
    }

    @Test
    void signatureWrappingWithAnEvilAssertionBesideTheSignedOneIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Document doc = f.idp.signedAssertion(f.answer(s), f.idp.key);
        Element signed = (Element) doc.getElementsByTagNameNS(A, "Assertion").item(0);
        Element evil = (Element) signed.cloneNode(true);
        evil.removeChild(evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0));
        evil.setAttribute("ID", "_evil");
        evil.getElementsByTagNameNS(A, "NameID").item(0).setTextContent("admin@acme.example");
        doc.getDocumentElement().insertBefore(evil, signed);
        refused(f, f.finish(s, SamlIdp.encode(doc)), "admin@acme.example", "exactly one assertion");
    }

    @Test
    void signatureWrappingWithTheSignedAssertionHiddenInExtensionsIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Document doc = f.idp.signedAssertion(f.answer(s), f.idp.key);
        Element response = doc.getDocumentElement();
        Element signed = (Element) doc.getElementsByTagNameNS(A, "Assertion").item(0);
        Element evil = (Element) signed.cloneNode(true);
        evil.getElementsByTagNameNS(A, "NameID").item(0).setTextContent("admin@acme.example");
        // the evil copy keeps the signature (which names the original's ID); the original moves out of sight
        Element extensions = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
        response.replaceChild(evil, signed);
        extensions.appendChild(signed);
        response.insertBefore(extensions, response.getFirstChild().getNextSibling());
        refused(f, f.finish(s, SamlIdp.encode(doc)), "admin@acme.example", "assertion");
    }

    @Test
    void anEvilAssertionReusingTheSignedIdIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Document doc = f.idp.signedResponse(f.answer(s), f.idp.key);
        Element response = doc.getDocumentElement();
        Element object = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
        Element twin = doc.createElementNS(A, "saml:Issuer");
        twin.setAttribute("ID", response.getAttribute("ID"));
        object.appendChild(twin);
        response.insertBefore(object, response.getFirstChild().getNextSibling());
        refused(f, f.finish(s, SamlIdp.encode(doc)), "grace@acme.example", "same ID twice");
    }

    @Test
    void aWrongAudienceIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.audience = "https://other-sp.example/metadata";
        refused(f, f.finish(s, f.idp.response(a)), "grace@acme.example", "audience");
    }

    @Test
    void aWrongRecipientIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.recipient = "https://other-sp.example/acs";
        refused(f, f.finish(s, f.idp.response(a)), "grace@acme.example", "Recipient");
    }

    @Test
    void aWrongDestinationIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.destination = "https://other-sp.example/acs";
        refused(f, f.finish(s, f.idp.response(a)), "grace@acme.example", "Destination");
    }

    @Test
    void anExpiredAssertionIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.notBefore = Instant.now().minus(Duration.ofMinutes(30));
        a.notOnOrAfter = Instant.now().minus(Duration.ofMinutes(10));
        refused(f, f.finish(s, f.idp.response(a)), "grace@acme.example", "expired");
    }

    @Test
    void aReplayedAssertionIdIsRefusedInTheNextSignIn() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started first = f.start();
        SamlIdp.Answer a = f.answer(first);
        a.nameId = "replay@acme.example";
        assertThat(f.finish(first, f.idp.response(a)).location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        rp.mgmt("DELETE", "/users/" + TestAtrium.enc(f.userId("replay@acme.example")), null);
        SamlFixture.Started second = f.start(f.app.authorizeWeb("openid", "&prompt=login&connection=" + f.connection));
        SamlIdp.Answer again = f.answer(second);
        again.nameId = "replay@acme.example";
        again.assertionId = a.assertionId;
        refused(f, f.finish(second, f.idp.response(again)), "replay@acme.example", "already used");
    }

    @Test
    void anAnswerToAnotherTransactionIsRefused() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started mine = f.start();
        SamlFixture.Started other = f.start(f.app.authorizeWeb("openid", "&nonce=other&connection=" + f.connection));
        // an answer issued for the other transaction's request, posted with this transaction's RelayState
        SamlFixture.Started transplanted = new SamlFixture.Started(mine.requestId(), other.relayState(), f.acs(), mine.request());
        TestBrowser.Page done = f.finish(transplanted, f.idp.response(f.answer(mine)));
        assertThat(done.location()).doesNotContain("code=");
        assertThat(SignInFixture.query(done.location()).get("error_description")).contains("InResponseTo");
    }

    @Test
    void xmlWithEntitiesIsRefusedWithoutExpansion() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + SamlIdp.responseXml(f.answer(s)).replace("grace@acme.example</saml:NameID>", "&x;</saml:NameID>");
        TestBrowser.Page done = f.finish(s, SamlIdp.encode(xxe));
        assertThat(done.body()).doesNotContain("root:");
        refused(f, done, "grace@acme.example", "DTD");
        SamlFixture.Started s2 = f.start(f.app.authorizeWeb("openid", "&nonce=lol&connection=" + f.connection));
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        lol.append("]>").append(SamlIdp.responseXml(f.answer(s2)).replace("Grace Hopper", "&a9;"));
        refused(f, f.finish(s2, SamlIdp.encode(lol.toString())), "grace@acme.example", "DTD");
    }

    @Test
    void anUnsolicitedOrForgedRelayStateGetsAReadablePage() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        String response = f.idp.response(f.answer(s));
        for (String relay : new String[]{"", "forged", s.relayState() + "x"}) {
            TestBrowser.Page p = f.browser.post(f.acs(), Map.of("SAMLResponse", response, "RelayState", relay));
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.body()).contains("does not belong to a sign-in in progress").doesNotContain("Exception");
        }
        // nor may it be aimed at another connection's callback
        SamlFixture g = new SamlFixture(rp, "");
        TestBrowser.Page p = f.browser.post(g.acs(), Map.of("SAMLResponse", response, "RelayState", s.relayState()));
        assertThat(p.status()).isEqualTo(400);
    }

    @Test
    void aProviderErrorStatusEndsTheFlowWithItsName() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        refused(f, f.finish(s, f.idp.response(a)), "grace@acme.example", "Responder");
    }
}
