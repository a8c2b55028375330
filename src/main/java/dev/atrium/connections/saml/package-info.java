/**
 * SAML 2.0 enterprise connections ({@code strategy: "samlp"}): their options as the Management API accepts them, the
 * service provider's own signing key (sealed at rest), the messages Atrium sends (AuthnRequest, metadata) and the
 * validation of the identity provider's answer.
 *
 * <p>Invariants: XML is parsed with DTDs, external entities and XInclude off, so no document can reach the file
 * system or the network or expand entities; an answer counts only when its assertion (or the response around it) is
 * signed by the certificate configured on the connection, the signature's single reference names the element that
 * is then read, and the document holds exactly one assertion and no duplicate {@code ID}; {@code Audience},
 * {@code Recipient}, {@code Destination}, {@code InResponseTo} and the validity window are checked; an assertion id
 * is accepted once ({@link dev.atrium.connections.saml.AssertionIdStore}).
 *
 * <p>Must not depend on the web layer or storage. Library: Apache Santuario (xmlsec), the XML Signature
 * implementation that is on Maven Central and maintained by the Apache Software Foundation.
 */
package dev.atrium.connections.saml;
