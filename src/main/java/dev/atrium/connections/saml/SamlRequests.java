package dev.atrium.connections.saml;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * What Atrium, as service provider, sends: the {@code AuthnRequest} (HTTP-Redirect: deflated, with a query
 * signature when {@code signSAMLRequest}; HTTP-POST: an enveloped XML signature) and the SP metadata.
 * The entity id of a connection is its metadata URL; the assertion consumer service is
 * {@code <issuer>login/callback?connection=NAME}.
 *
 * <p>Specifications: SAML 2.0 Core §3.4, Bindings §3.4 (HTTP-Redirect, DEFLATE encoding) and §3.5 (HTTP-POST),
 * Metadata §2.4.4 (SPSSODescriptor).
 */
public final class SamlRequests {
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private final String issuer;
    private final SamlOptions options;

    /** An AuthnRequest ready to send: a redirect URL, or a form to post to {@code action}. */
    public sealed interface Outgoing permits Redirect, Post {
    }

    public record Redirect(String url) implements Outgoing {
    }

    public record Post(String action, Map<String, String> fields) implements Outgoing {
    }

    public SamlRequests(String issuer, SamlOptions options) {
        this.issuer = issuer;
        this.options = options;
    }

    public String entityId(Connection c) {
        return issuer + "samlp/metadata?connection=" + URLEncoder.encode(c.name(), StandardCharsets.UTF_8);
    }

    public String acs(Connection c) {
        return issuer + "login/callback?connection=" + URLEncoder.encode(c.name(), StandardCharsets.UTF_8);
    }

    /** The AuthnRequest with this {@code ID}, bound as the connection says, carrying {@code relayState}. */
    public Outgoing authnRequest(Connection c, String requestId, String relayState, Instant now) {
        var o = c.options();
        String endpoint = Json.text(o, "signInEndpoint", "");
        boolean sign = Json.bool(o, "signSAMLRequest", false);
        String xml = "<samlp:AuthnRequest xmlns:samlp=\"" + SamlXml.PROTOCOL + "\" xmlns:saml=\"" + SamlXml.ASSERTION
                + "\" ID=\"" + SamlXml.escape(requestId) + "\" Version=\"2.0\" IssueInstant=\""
                + now.truncatedTo(ChronoUnit.SECONDS) + "\" Destination=\"" + SamlXml.escape(endpoint)
                + "\" ProtocolBinding=\"" + SamlXml.POST + "\" AssertionConsumerServiceURL=\"" + SamlXml.escape(acs(c))
                + "\"><saml:Issuer>" + SamlXml.escape(entityId(c)) + "</saml:Issuer>"
                + "<samlp:NameIDPolicy AllowCreate=\"true\"/></samlp:AuthnRequest>";
        if (SamlXml.POST.equals(Json.text(o, "protocolBinding", SamlXml.REDIRECT))) {
            if (sign) {
                xml = signEnveloped(xml, options.spKey(o));
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("SAMLRequest", Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
            fields.put("RelayState", relayState);
            return new Post(endpoint, fields);
        }
        String query = "SAMLRequest=" + enc(Base64.getEncoder().encodeToString(deflate(xml))) + "&RelayState=" + enc(relayState);
        if (sign) {
            query += "&SigAlg=" + enc(RSA_SHA256);
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(options.spKey(o).privateKey());
                s.update(query.getBytes(StandardCharsets.UTF_8));
                query += "&Signature=" + enc(Base64.getEncoder().encodeToString(s.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Redirect(endpoint + (endpoint.contains("?") ? "&" : "?") + query);
    }

    /** The SP metadata of the connection: entity id, signing certificate, the POST assertion consumer service. */
    public String metadata(Connection c) {
        var o = c.options();
        String cert = options.spKey(o).certificateBase64();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<md:EntityDescriptor xmlns:md=\"" + SamlXml.METADATA
                + "\" entityID=\"" + SamlXml.escape(entityId(c)) + "\">\n"
                + "  <md:SPSSODescriptor AuthnRequestsSigned=\"" + Json.bool(o, "signSAMLRequest", false)
                + "\" WantAssertionsSigned=\"true\" protocolSupportEnumeration=\"" + SamlXml.PROTOCOL + "\">\n"
                + "    <md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"" + SamlXml.DSIG + "\"><ds:X509Data>"
                + "<ds:X509Certificate>" + cert + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
                + "    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n"
                + "    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\n"
                + "    <md:AssertionConsumerService Binding=\"" + SamlXml.POST + "\" Location=\"" + SamlXml.escape(acs(c))
                + "\" index=\"0\" isDefault=\"true\"/>\n"
                + "  </md:SPSSODescriptor>\n</md:EntityDescriptor>\n";
    }

    /** Signs the root element of {@code xml} (which has an {@code ID}) with an enveloped RSA-SHA256 signature after its Issuer. */
    public static String signEnveloped(String xml, SpKey key) {
        Document doc = SamlXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        root.setIdAttributeNS(null, "ID", true);
        try {
            SamlXml.init();
            XMLSignature sig = new XMLSignature(doc, "", RSA_SHA256, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            Element issuerEl = SamlXml.child(root, SamlXml.ASSERTION, "Issuer");
            root.insertBefore(sig.getElement(), issuerEl == null ? root.getFirstChild() : issuerEl.getNextSibling());
            Transforms t = new Transforms(doc);
            t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            t.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            sig.addDocument("#" + root.getAttributeNS(null, "ID"), t, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            sig.addKeyInfo(key.certificate());
            sig.sign(key.privateKey());
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IllegalStateException("cannot sign the SAML message", e);
        }
        return SamlXml.write(doc);
    }

    private static byte[] deflate(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, true))) {
            d.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
