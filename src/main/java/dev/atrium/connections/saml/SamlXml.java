package dev.atrium.connections.saml;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Secure XML parsing and the few DOM helpers SAML needs. A document with a {@code DOCTYPE} is refused outright
 * (this shuts out external entities, parameter entities and entity expansion such as "billion laughs"); external
 * DTDs, schemas and XInclude are off as well.
 */
public final class SamlXml {
    public static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    public static final String METADATA = "urn:oasis:names:tc:SAML:2.0:metadata";
    public static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    public static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private SamlXml() {
    }

    /**
     * Makes sure Santuario is initialised (idempotent); called just before a signature is made or
     * checked, so a server that never meets a SAML connection does not load it at start-up (issue 15).
     */
    public static void init() {
        org.apache.xml.security.Init.init();
    }

    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new SamlException("The identity provider's answer is not well-formed XML without a DTD");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(w));
            return w.toString();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The direct children of {@code parent} with this namespace and local name. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    public static Element child(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        return c.isEmpty() ? null : c.get(0);
    }

    /** Every element of the document with this namespace and local name, at any depth. */
    public static List<Element> all(Document doc, String ns, String local) {
        var list = doc.getElementsByTagNameNS(ns, local);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** An attribute without namespace, or null when absent. */
    public static String attr(Element e, String name) {
        return e.hasAttributeNS(null, name) ? e.getAttributeNS(null, name) : null;
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
