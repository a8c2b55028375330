package dev.atrium.enterprise;

import dev.atrium.connections.saml.SpKey;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A SAML identity provider for tests, built with the same library as the server (Apache Santuario): it reads an
 * AuthnRequest and writes a Response whose assertion (or the response itself) it signs with its own key. Every field
 * the server checks can be set wrong on purpose.
 */
public final class SamlIdp {
    static {
        org.apache.xml.security.Init.init();
    }

    public final SpKey key;

    public SamlIdp() {
        this.key = generate();
    }

    public String certificatePem() {
        return "-----BEGIN CERTIFICATE-----\n" + key.certificateBase64() + "\n-----END CERTIFICATE-----\n";
    }

    /** The AuthnRequest XML of a Redirect-binding URL, inflated. */
    public static Document request(String samlRequestParam) throws Exception {
        byte[] deflated = Base64.getDecoder().decode(samlRequestParam);
        var in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true));
        return parse(in.readAllBytes());
    }

    public static Document parse(byte[] xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** What the answer says; every field defaults to a correct answer for the request. */
    public static final class Answer {
        public String inResponseTo;
        public String acs;
        public String audience;
        public String destination;
        public String recipient;
        public String responseInResponseTo;
        public String nameId = "grace@acme.example";
        public String assertionId = "_a" + Long.toString(System.nanoTime(), 36);
        public Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
        public Instant notOnOrAfter = Instant.now().plus(Duration.ofMinutes(5));
        public Map<String, String> attributes = new LinkedHashMap<>(Map.of(
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "grace@acme.example",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "Grace Hopper"));
        public String status = "urn:oasis:names:tc:SAML:2.0:status:Success";

        public Answer(String inResponseTo, String acs, String audience) {
            this.inResponseTo = inResponseTo;
            this.responseInResponseTo = inResponseTo;
            this.acs = acs;
            this.destination = acs;
            this.recipient = acs;
            this.audience = audience;
        }
    }

    /** The unsigned Response XML. */
    public static String responseXml(Answer a) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder attrs = new StringBuilder();
        a.attributes.forEach((k, v) -> attrs.append("<saml:Attribute Name=\"").append(k).append("\"><saml:AttributeValue>")
                .append(v).append("</saml:AttributeValue></saml:Attribute>"));
        return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"_r" + Long.toString(System.nanoTime(), 36) + "\" Version=\"2.0\" IssueInstant=\"" + now + "\""
                + (a.destination == null ? "" : " Destination=\"" + a.destination + "\"")
                + (a.responseInResponseTo == null ? "" : " InResponseTo=\"" + a.responseInResponseTo + "\"") + ">"
                + "<saml:Issuer>https://idp.acme.example</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"" + a.status + "\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + a.assertionId + "\" Version=\"2.0\" IssueInstant=\"" + now + "\">"
                + "<saml:Issuer>https://idp.acme.example</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">" + a.nameId
                + "</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData InResponseTo=\"" + a.inResponseTo + "\" Recipient=\"" + a.recipient
                + "\" NotOnOrAfter=\"" + a.notOnOrAfter.truncatedTo(ChronoUnit.SECONDS) + "\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + a.notBefore.truncatedTo(ChronoUnit.SECONDS) + "\" NotOnOrAfter=\""
                + a.notOnOrAfter.truncatedTo(ChronoUnit.SECONDS) + "\"><saml:AudienceRestriction><saml:Audience>" + a.audience
                + "</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + now + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>"
                + "</saml:AuthnStatement><saml:AttributeStatement>" + attrs + "</saml:AttributeStatement></saml:Assertion>"
                + "</samlp:Response>";
    }

    /** The Response with its assertion signed by {@code signer}, as a DOM to tamper with or {@link #encode}. */
    public Document signedAssertion(Answer a, SpKey signer) throws Exception {
        Document doc = parse(responseXml(a).getBytes(StandardCharsets.UTF_8));
        Element assertion = (Element) doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion").item(0);
        sign(assertion, signer);
        return doc;
    }

    /** The Response signed as a whole (the assertion unsigned inside). */
    public Document signedResponse(Answer a, SpKey signer) throws Exception {
        Document doc = parse(responseXml(a).getBytes(StandardCharsets.UTF_8));
        sign(doc.getDocumentElement(), signer);
        return doc;
    }

    public String response(Answer a) throws Exception {
        return encode(signedAssertion(a, key));
    }

    /** Enveloped RSA-SHA256 signature of {@code e} placed after its Issuer. */
    public static void sign(Element e, SpKey signer) throws Exception {
        Document doc = e.getOwnerDocument();
        e.setIdAttributeNS(null, "ID", true);
        XMLSignature sig = new XMLSignature(doc, "", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        Element issuer = (Element) e.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer").item(0);
        e.insertBefore(sig.getElement(), issuer.getNextSibling());
        Transforms t = new Transforms(doc);
        t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        t.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        sig.addDocument("#" + e.getAttribute("ID"), t, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
        sig.addKeyInfo(signer.certificate());
        sig.sign(signer.privateKey());
    }

    public static String encode(Document doc) throws Exception {
        return encode(write(doc));
    }

    public static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    public static String write(Document doc) throws Exception {
        var t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter w = new StringWriter();
        t.transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(w));
        return w.toString();
    }

    public static SpKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name n = new X500Name("CN=Test SAML IdP");
            var b = new JcaX509v3CertificateBuilder(n, BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(3600)),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), n, kp.getPublic());
            return new SpKey(kp.getPrivate(), new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
