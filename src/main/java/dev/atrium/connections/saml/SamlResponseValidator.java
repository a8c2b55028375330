package dev.atrium.connections.saml;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates the identity provider's {@code samlp:Response} for one transaction, as the SAML Web Browser SSO profile
 * and its security considerations require. On success the caller gets the {@code NameID}, the assertion id and the
 * raw attributes; the assertion id is recorded so that the same assertion never signs anyone in twice.
 *
 * <p>Signature wrapping is ruled out structurally: the document must hold exactly one {@code Assertion}, as a direct
 * child of the {@code Response}; only the {@code Response} and that {@code Assertion} carry an id the signature may
 * reference, ids are unique in the document, and each signature must be an enveloped child of the element it signs
 * with a single reference to that element's id. The key is the connection's configured certificate; the
 * {@code KeyInfo} the document carries is ignored.
 *
 * <p>Specifications: SAML 2.0 Profiles §4.1.4.3 (response processing), Core §2.5 (conditions), SAML 2.0 Security
 * and Privacy Considerations, XML Signature Syntax and Processing 1.1.
 */
public final class SamlResponseValidator {
    static final Duration SKEW = Duration.ofSeconds(90);
    static final int MAX_RESPONSE = 256 * 1024;
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final Set<String> TRANSFORMS = Set.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);

    private final SamlRequests requests;
    private final AssertionIdStore seen;

    /** What the assertion says: the subject and its attributes (name to values). */
    public record Assertion(String nameId, String nameIdFormat, String assertionId, ObjectNode attributes) {
    }

    public SamlResponseValidator(SamlRequests requests, AssertionIdStore seen) {
        this.requests = requests;
        this.seen = seen;
    }

    /** {@code samlResponse} as posted (base64); {@code requestId} the ID of the AuthnRequest of this transaction. */
    public Assertion validate(Connection c, String samlResponse, String requestId, Instant now) {
        if (samlResponse == null || samlResponse.isEmpty() || samlResponse.length() > MAX_RESPONSE) {
            throw new SamlException("The identity provider's answer is missing or too large");
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(samlResponse.trim());
        } catch (IllegalArgumentException e) {
            throw new SamlException("The identity provider's answer is not base64");
        }
        Document doc = SamlXml.parse(xml);
        Element response = doc.getDocumentElement();
        if (!SamlXml.PROTOCOL.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw new SamlException("The identity provider's answer is not a SAML Response");
        }
        String acs = requests.acs(c);
        status(response);
        String destination = SamlXml.attr(response, "Destination");
        if (destination != null && !destination.equals(acs)) {
            throw new SamlException("The answer's Destination is not this connection's callback");
        }
        String inResponseTo = SamlXml.attr(response, "InResponseTo");
        if (inResponseTo != null && !inResponseTo.equals(requestId)) {
            throw new SamlException("The answer's InResponseTo does not belong to this sign-in");
        }
        if (!SamlXml.all(doc, SamlXml.ASSERTION, "EncryptedAssertion").isEmpty()) {
            throw new SamlException("Encrypted assertions are not supported; configure the provider to sign, not encrypt");
        }
        List<Element> assertions = SamlXml.all(doc, SamlXml.ASSERTION, "Assertion");
        if (assertions.size() != 1 || assertions.get(0).getParentNode() != response) {
            throw new SamlException("The answer must hold exactly one assertion, directly in the response");
        }
        Element assertion = assertions.get(0);
        uniqueIds(response);
        response.setIdAttributeNS(null, "ID", true);
        assertion.setIdAttributeNS(null, "ID", true);

        X509Certificate cert = SamlOptions.idpCertificate(c.options());
        Element responseSig = SamlXml.child(response, SamlXml.DSIG, "Signature");
        Element assertionSig = SamlXml.child(assertion, SamlXml.DSIG, "Signature");
        int signatures = SamlXml.all(doc, SamlXml.DSIG, "Signature").size();
        if (signatures != (responseSig == null ? 0 : 1) + (assertionSig == null ? 0 : 1)) {
            throw new SamlException("The answer holds a signature in an unexpected place");
        }
        if (responseSig == null && assertionSig == null) {
            throw new SamlException("The answer is not signed");
        }
        if (responseSig != null) {
            verify(responseSig, response, cert);
            if (destination == null) {
                throw new SamlException("A signed response must name its Destination");
            }
        }
        if (assertionSig != null) {
            verify(assertionSig, assertion, cert);
        }
        return assertion(c, assertion, acs, requestId, now);
    }

    private Assertion assertion(Connection c, Element assertion, String acs, String requestId, Instant now) {
        String id = SamlXml.attr(assertion, "ID");
        if (id == null || id.isEmpty() || id.length() > 256 || !"2.0".equals(SamlXml.attr(assertion, "Version"))) {
            throw new SamlException("The assertion has no ID or is not SAML 2.0");
        }
        Instant expiry = conditions(assertion, now, requests.entityId(c));
        Element subject = SamlXml.child(assertion, SamlXml.ASSERTION, "Subject");
        Element nameId = subject == null ? null : SamlXml.child(subject, SamlXml.ASSERTION, "NameID");
        String name = nameId == null ? "" : nameId.getTextContent().trim();
        if (name.isEmpty() || name.length() > 255) {
            throw new SamlException("The assertion names no subject (NameID)");
        }
        Instant confirmedUntil = null;
        for (Element sc : SamlXml.children(subject, SamlXml.ASSERTION, "SubjectConfirmation")) {
            Element data = SamlXml.child(sc, SamlXml.ASSERTION, "SubjectConfirmationData");
            if (!BEARER.equals(SamlXml.attr(sc, "Method")) || data == null) {
                continue;
            }
            Instant until = time(SamlXml.attr(data, "NotOnOrAfter"));
            Instant from = time(SamlXml.attr(data, "NotBefore"));
            if (acs.equals(SamlXml.attr(data, "Recipient")) && requestId.equals(SamlXml.attr(data, "InResponseTo"))
                    && until != null && now.minus(SKEW).isBefore(until) && (from == null || !now.plus(SKEW).isBefore(from))) {
                confirmedUntil = until;
                break;
            }
        }
        if (confirmedUntil == null) {
            throw new SamlException("The assertion's subject confirmation does not fit this sign-in (Recipient, "
                    + "InResponseTo or NotOnOrAfter)");
        }
        if (SamlXml.children(assertion, SamlXml.ASSERTION, "AuthnStatement").isEmpty()) {
            throw new SamlException("The assertion holds no authentication statement");
        }
        Instant keep = (expiry == null || confirmedUntil.isBefore(expiry) ? confirmedUntil : expiry).plus(SKEW);
        if (!seen.remember(c.id(), id, keep, now)) {
            throw new SamlException("This assertion was already used");
        }
        return new Assertion(name, SamlXml.attr(nameId, "Format"), id, attributes(assertion));
    }

    /** NotBefore / NotOnOrAfter with {@link #SKEW}, and every AudienceRestriction names this SP; returns NotOnOrAfter. */
    private static Instant conditions(Element assertion, Instant now, String entityId) {
        Element cond = SamlXml.child(assertion, SamlXml.ASSERTION, "Conditions");
        if (cond == null) {
            throw new SamlException("The assertion has no Conditions (audience and validity)");
        }
        Instant notBefore = time(SamlXml.attr(cond, "NotBefore"));
        Instant notOnOrAfter = time(SamlXml.attr(cond, "NotOnOrAfter"));
        if (notBefore != null && now.plus(SKEW).isBefore(notBefore)) {
            throw new SamlException("The assertion is not valid yet");
        }
        if (notOnOrAfter != null && !now.minus(SKEW).isBefore(notOnOrAfter)) {
            throw new SamlException("The assertion has expired");
        }
        List<Element> restrictions = SamlXml.children(cond, SamlXml.ASSERTION, "AudienceRestriction");
        if (restrictions.isEmpty()) {
            throw new SamlException("The assertion names no audience");
        }
        for (Element r : restrictions) {
            boolean ours = SamlXml.children(r, SamlXml.ASSERTION, "Audience").stream()
                    .anyMatch(a -> a.getTextContent().trim().equals(entityId));
            if (!ours) {
                throw new SamlException("The assertion is meant for another audience");
            }
        }
        return notOnOrAfter;
    }

    private static void verify(Element signature, Element signed, X509Certificate cert) {
        String id = SamlXml.attr(signed, "ID");
        try {
            SamlXml.init();
            XMLSignature sig = new XMLSignature(signature, "", true);
            sig.setFollowNestedManifests(false);
            SignedInfo si = sig.getSignedInfo();
            if (si.getLength() != 1) {
                throw new SamlException("The signature must have exactly one reference");
            }
            Reference ref = si.item(0);
            if (id == null || id.isEmpty() || !("#" + id).equals(ref.getURI())) {
                throw new SamlException("The signature does not reference the element it is in");
            }
            Transforms t = ref.getTransforms();
            for (int i = 0; t != null && i < t.getLength(); i++) {
                if (!TRANSFORMS.contains(t.item(i).getURI())) {
                    throw new SamlException("The signature uses a transform that is not allowed");
                }
            }
            if (!sig.checkSignatureValue(cert)) {
                throw new SamlException("The signature is not by the connection's certificate or the content was changed");
            }
        } catch (org.apache.xml.security.exceptions.XMLSecurityException | RuntimeException e) {
            if (e instanceof SamlException s) {
                throw s;
            }
            throw new SamlException("The signature is not valid for the connection's certificate", e);
        }
    }

    private static void uniqueIds(Element root) {
        Set<String> ids = new HashSet<>();
        var all = root.getOwnerDocument().getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String attr : List.of("ID", "Id", "id")) {
                if (e.hasAttributeNS(null, attr) && !ids.add(e.getAttributeNS(null, attr))) {
                    throw new SamlException("The answer holds the same ID twice");
                }
            }
        }
    }

    private static void status(Element response) {
        Element status = SamlXml.child(response, SamlXml.PROTOCOL, "Status");
        Element code = status == null ? null : SamlXml.child(status, SamlXml.PROTOCOL, "StatusCode");
        String value = code == null ? null : SamlXml.attr(code, "Value");
        if (!"urn:oasis:names:tc:SAML:2.0:status:Success".equals(value)) {
            Element sub = code == null ? null : SamlXml.child(code, SamlXml.PROTOCOL, "StatusCode");
            String shown = sub != null && SamlXml.attr(sub, "Value") != null ? SamlXml.attr(sub, "Value") : value;
            shown = shown == null ? "no status" : shown.substring(shown.lastIndexOf(':') + 1);
            throw new SamlException("The identity provider did not sign you in ("
                    + (shown.matches("[A-Za-z0-9_.-]{1,64}") ? shown : "error") + ")");
        }
    }

    private static ObjectNode attributes(Element assertion) {
        ObjectNode out = Json.object();
        for (Element st : SamlXml.children(assertion, SamlXml.ASSERTION, "AttributeStatement")) {
            for (Element a : SamlXml.children(st, SamlXml.ASSERTION, "Attribute")) {
                String name = SamlXml.attr(a, "Name");
                if (name == null || name.isEmpty() || name.length() > 512 || out.size() >= 100) {
                    continue;
                }
                var values = Json.array();
                for (Element v : SamlXml.children(a, SamlXml.ASSERTION, "AttributeValue")) {
                    String text = v.getTextContent();
                    if (text.length() <= 2048 && values.size() < 50) {
                        values.add(text.trim());
                    }
                }
                out.set(name, values);
            }
        }
        return out;
    }

    private static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new SamlException("The assertion holds a time that is not a valid xs:dateTime");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
