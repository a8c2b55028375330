package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in through a SAML 2.0 connection: the AuthnRequest, the signed answer, the user made just in time, the SP metadata. */
class SamlEnterpriseSignInTest {
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium();

    @Test
    void aSignedAssertionSignsInAndCreatesTheUserWithAuth0sIdentityShape() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        Element req = s.request().getDocumentElement();
        assertThat(req.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(req.getAttribute("Destination")).isEqualTo(SamlFixture.SIGN_IN_ENDPOINT);
        assertThat(s.acs()).isEqualTo(f.acs());
        assertThat(req.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer").item(0).getTextContent())
                .isEqualTo(f.audience());

        TestBrowser.Page done = f.finish(s, f.idp.response(f.answer(s)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode tokens = SignInFixture.ok(f.app.exchangeWeb(SignInFixture.query(done.location()).get("code")));
        assertThat(tokens.get("id_token").asString()).isNotEmpty();

        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc(f.userId("grace@acme.example")), null));
        assertThat(user.get("email").asString()).isEqualTo("grace@acme.example");
        assertThat(user.get("name").asString()).isEqualTo("Grace Hopper");
        JsonNode identity = user.get("identities").get(0);
        assertThat(identity.get("provider").asString()).isEqualTo("samlp");
        assertThat(identity.get("connection").asString()).isEqualTo(f.connection);
        assertThat(identity.get("user_id").asString()).isEqualTo("grace@acme.example");
        assertThat(identity.get("isSocial").asBoolean()).isFalse();
        assertThat(user.toString()).doesNotContain("password");
    }

    @Test
    void aSignedResponseAroundAnUnsignedAssertionIsAccepted() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        SamlFixture.Started s = f.start();
        TestBrowser.Page done = f.finish(s, SamlIdp.encode(f.idp.signedResponse(f.answer(s), f.idp.key)));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
    }

    @Test
    void fieldsMapChoosesTheAttributes() throws Exception {
        SamlFixture f = new SamlFixture(rp, ",\"fieldsMap\":{\"email\":\"mail\",\"given_name\":[\"gn\",\"firstName\"]}");
        SamlFixture.Started s = f.start();
        SamlIdp.Answer a = f.answer(s);
        a.nameId = "emp-4711";
        a.attributes.put("mail", "Ada@Acme.example");
        a.attributes.put("firstName", "Ada");
        TestBrowser.Page done = f.finish(s, f.idp.response(a));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc(f.userId("emp-4711")), null));
        assertThat(user.get("email").asString()).isEqualTo("ada@acme.example");
        assertThat(user.get("given_name").asString()).isEqualTo("Ada");
    }

    @Test
    void aSignedRedirectRequestCarriesAVerifiableQuerySignature() throws Exception {
        SamlFixture f = new SamlFixture(rp, ",\"signSAMLRequest\":true");
        TestBrowser.Page p = f.browser.open(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        String query = URI.create(p.location()).getRawQuery();
        assertThat(query).contains("&SigAlg=").contains("&Signature=");
        String signed = query.substring(0, query.indexOf("&Signature="));
        String signature = java.net.URLDecoder.decode(query.substring(query.indexOf("&Signature=") + 11), StandardCharsets.UTF_8);
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(metadataCertificate(f));
        v.update(signed.getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Base64.getDecoder().decode(signature))).isTrue();
    }

    @Test
    void thePostBindingSendsAnAutoSubmittedFormWithASignedRequest() throws Exception {
        SamlFixture f = new SamlFixture(rp, ",\"signSAMLRequest\":true,\"protocolBinding\":\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"");
        TestBrowser.Page p = f.browser.open(f.app.authorizeWeb("openid", "&connection=" + f.connection));
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.screen()).isEqualTo("form-post");
        org.jsoup.nodes.Element form = p.doc().selectFirst("form");
        assertThat(form.attr("action")).isEqualTo(SamlFixture.SIGN_IN_ENDPOINT);
        Document request = SamlIdp.parse(Base64.getDecoder().decode(form.selectFirst("input[name=SAMLRequest]").attr("value")));
        Element root = request.getDocumentElement();
        root.setIdAttributeNS(null, "ID", true);
        Element sigEl = (Element) request.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0);
        var sig = new org.apache.xml.security.signature.XMLSignature(sigEl, "", true);
        assertThat(sig.checkSignatureValue(metadataCertificate(f))).isTrue();
        // and the answer to it signs in like any other
        SamlFixture.Started s = new SamlFixture.Started(root.getAttribute("ID"),
                form.selectFirst("input[name=RelayState]").attr("value"), f.acs(), request);
        assertThat(f.finish(s, f.idp.response(f.answer(s))).location()).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
    }

    @Test
    void metadataNamesTheEntityTheCallbackAndTheSigningCertificate() throws Exception {
        SamlFixture f = new SamlFixture(rp, "");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rp.baseUrl()
                + "/samlp/metadata?connection=" + f.connection)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Document md = SamlIdp.parse(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(md.getDocumentElement().getAttribute("entityID")).isEqualTo(f.audience());
        Element acs = (Element) md.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "AssertionConsumerService").item(0);
        assertThat(acs.getAttribute("Location")).isEqualTo(f.acs());
        assertThat(acs.getAttribute("Binding")).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rp.baseUrl()
                + "/samlp/metadata?connection=nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Exception");
    }

    @Test
    void anEmailOfTheConnectionsDomainGoesToTheSamlProvider() throws Exception {
        SamlFixture f = new SamlFixture(rp, ",\"domain_aliases\":[\"saml-acme.example\"]");
        TestBrowser.Page login = f.browser.open(f.app.authorizeWeb("openid", ""));
        assertThat(login.screen()).isEqualTo("login");
        TestBrowser.Page out = f.browser.follow(f.browser.submit(login, "form", Map.of("username", "ada@saml-acme.example", "password", "")));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).startsWith(SamlFixture.SIGN_IN_ENDPOINT + "?SAMLRequest=");
    }

    static java.security.cert.X509Certificate metadataCertificate(SamlFixture f) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rp.baseUrl()
                + "/samlp/metadata?connection=" + f.connection)).build(), HttpResponse.BodyHandlers.ofString());
        Document md = SamlIdp.parse(r.body().getBytes(StandardCharsets.UTF_8));
        String b64 = md.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate").item(0).getTextContent();
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }
}
