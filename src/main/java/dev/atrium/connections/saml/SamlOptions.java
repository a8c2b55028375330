package dev.atrium.connections.saml;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.oidc.OidcOptions;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.oidc.UpstreamUrls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Options of {@code samlp} connections with Auth0's names: {@code signInEndpoint}, {@code signingCert} (the identity
 * provider's certificate, PEM or base64; stored as Auth0 does, base64 of the PEM), {@code signSAMLRequest},
 * {@code signatureAlgorithm} ({@code rsa-sha256}), {@code protocolBinding} (HTTP-Redirect or HTTP-POST),
 * {@code fieldsMap}, {@code domain_aliases}, {@code debug} (off). Atrium's own request-signing key is made on
 * creation, kept sealed in {@link #SEALED_KEY} and never shown; its certificate is public ({@link #SP_CERT}).
 */
public final class SamlOptions {
    public static final String SEALED_KEY = "sp_signing_key_sealed";
    public static final String SP_CERT = "sp_signing_cert";
    static final Map<String, String> BINDINGS = Map.of(SamlXml.REDIRECT, SamlXml.REDIRECT, SamlXml.POST, SamlXml.POST,
            "HTTP-Redirect", SamlXml.REDIRECT, "HTTP-POST", SamlXml.POST);

    private final UpstreamUrls urls;
    private final SecretSealer sealer;

    public SamlOptions(UpstreamUrls urls, SecretSealer sealer) {
        this.urls = urls;
        this.sealer = sealer;
    }

    /** Checks the options of a new or replaced {@code samlp} connection in place; keeps the previous SP key. */
    public void normalise(String connectionName, ObjectNode options, JsonNode previous) {
        if (options.has(SEALED_KEY)) {
            throw new InvalidRequestException("options", "options." + SEALED_KEY + " cannot be set");
        }
        // the SP certificate is the server's: a read-modify-write may send it back, it is never taken from a request
        options.remove(SP_CERT);
        String endpoint = text(options, "signInEndpoint", "");
        if (endpoint.isEmpty()) {
            throw new InvalidRequestException("options", "options.signInEndpoint is required");
        }
        urls.check("options.signInEndpoint", endpoint);
        String cert = text(options, "signingCert", "");
        if (cert.isEmpty()) {
            throw new InvalidRequestException("options", "options.signingCert (the identity provider's certificate) is required");
        }
        X509Certificate parsed = certificate(cert);
        options.put("signingCert", Base64.getEncoder().encodeToString(pem(parsed).getBytes(StandardCharsets.US_ASCII)));
        options.set("thumbprints", Json.array().add(thumbprint(parsed)));
        JsonNode sign = options.get("signSAMLRequest");
        if (sign != null && !sign.isNull() && !sign.isBoolean()) {
            throw new InvalidRequestException("options", "options.signSAMLRequest must be a boolean");
        }
        options.put("signSAMLRequest", sign != null && sign.asBoolean(false));
        String alg = text(options, "signatureAlgorithm", "rsa-sha256");
        if (!alg.equals("rsa-sha256")) {
            throw new InvalidRequestException("options", "options.signatureAlgorithm must be rsa-sha256 (SHA-1 is not accepted)");
        }
        options.put("signatureAlgorithm", alg);
        String binding = BINDINGS.get(text(options, "protocolBinding", SamlXml.REDIRECT));
        if (binding == null) {
            throw new InvalidRequestException("options", "options.protocolBinding must be " + SamlXml.REDIRECT + " or " + SamlXml.POST);
        }
        options.put("protocolBinding", binding);
        JsonNode debug = options.get("debug");
        if (debug != null && !debug.isNull() && !(debug.isBoolean() && !debug.asBoolean())) {
            throw new InvalidRequestException("options", "options.debug must be false: Atrium never logs SAML documents");
        }
        options.put("debug", false);
        fieldsMap(options);
        options.set("domain_aliases", OidcOptions.domains(options.get("domain_aliases")));
        if (options.has("icon_url") && !options.get("icon_url").isNull()) {
            urls.check("options.icon_url", text(options, "icon_url", ""));
        }
        if (previous != null && previous.hasNonNull(SEALED_KEY) && previous.hasNonNull(SP_CERT)) {
            options.put(SEALED_KEY, previous.get(SEALED_KEY).asString());
            options.put(SP_CERT, previous.get(SP_CERT).asString());
        } else {
            SpKey key = SpKey.generate(connectionName);
            options.put(SEALED_KEY, sealer.seal(key.privateKeyBase64()));
            options.put(SP_CERT, key.certificateBase64());
        }
    }

    /** The connection document as an API may show it: without the sealed SP key. */
    public static ObjectNode redact(ObjectNode doc) {
        if (doc.get("options") instanceof ObjectNode o) {
            o.remove(SEALED_KEY);
        }
        return doc;
    }

    /** The SP's key pair of a stored connection. */
    public SpKey spKey(JsonNode options) {
        return SpKey.of(sealer.open(Json.text(options, SEALED_KEY, "")), Json.text(options, SP_CERT, ""));
    }

    /** The identity provider's certificate of a stored connection. */
    public static X509Certificate idpCertificate(JsonNode options) {
        return certificate(Json.text(options, "signingCert", ""));
    }

    /** PEM text, base64 of PEM text, or base64 DER. */
    static X509Certificate certificate(String value) {
        String v = value.trim();
        if (!v.contains("-----BEGIN")) {
            try {
                String decoded = new String(Base64.getMimeDecoder().decode(v), StandardCharsets.US_ASCII);
                if (decoded.contains("-----BEGIN CERTIFICATE-----")) {
                    v = decoded;
                }
            } catch (IllegalArgumentException e) {
                throw badCert();
            }
        }
        byte[] der;
        try {
            if (v.contains("-----BEGIN CERTIFICATE-----")) {
                int start = v.indexOf("-----BEGIN CERTIFICATE-----") + 27;
                int end = v.indexOf("-----END CERTIFICATE-----");
                if (end < start) {
                    throw badCert();
                }
                der = Base64.getMimeDecoder().decode(v.substring(start, end));
            } else {
                der = Base64.getMimeDecoder().decode(v);
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw badCert();
        }
    }

    static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw badCert();
        }
    }

    private static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvalidRequestException badCert() {
        return new InvalidRequestException("options", "options.signingCert must be an X.509 certificate (PEM or base64)");
    }

    private static void fieldsMap(ObjectNode options) {
        JsonNode map = options.get("fieldsMap");
        if (map == null || map.isNull()) {
            options.set("fieldsMap", Json.object());
            return;
        }
        if (!map.isObject()) {
            throw new InvalidRequestException("options", "options.fieldsMap must be an object");
        }
        for (String k : map.propertyNames()) {
            JsonNode v = map.get(k);
            boolean ok = v.isString() || (v.isArray() && v.size() <= 10);
            if (v.isArray()) {
                for (JsonNode e : v) {
                    ok &= e.isString();
                }
            }
            if (!ok) {
                throw new InvalidRequestException("options", "options.fieldsMap values are attribute names or arrays of them");
            }
        }
    }

    private static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isString()) {
            throw new InvalidRequestException("options", "options." + field + " must be a string");
        }
        return v.asString().trim();
    }
}
