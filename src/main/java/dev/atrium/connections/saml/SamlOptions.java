package dev.atrium.connections.saml;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
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

    /**
     * The stored options of a new or replaced {@code samlp} connection: {@code settings} checked against what needs the
     * server (the certificate, the addresses allowed), defaulted; the previous SP key is kept, or one is made.
     */
    public ObjectNode normalise(String connectionName, SamlSettings settings, JsonNode previous) {
        ObjectNode options = Json.object();
        settings.others().writeTo(options);
        String endpoint = settings.signInEndpoint().map(String::trim).orElse("");
        if (endpoint.isEmpty()) {
            throw new InvalidRequestException("options", "options.signInEndpoint is required");
        }
        options.put("signInEndpoint", settings.signInEndpoint().get());
        urls.check("options.signInEndpoint", endpoint);
        String cert = settings.signingCert().map(String::trim).orElse("");
        if (cert.isEmpty()) {
            throw new InvalidRequestException("options", "options.signingCert (the identity provider's certificate) is required");
        }
        X509Certificate parsed = certificate(cert);
        options.put("signingCert", Base64.getEncoder().encodeToString(pem(parsed).getBytes(StandardCharsets.US_ASCII)));
        options.set("thumbprints", Json.array().add(thumbprint(parsed)));
        options.put("signSAMLRequest", settings.signSamlRequest().orElse(false));
        options.put("signatureAlgorithm", settings.signatureAlgorithm().orElse(SamlSettings.RSA_SHA256));
        options.put("protocolBinding", settings.protocolBinding().orElse(SamlSettings.Binding.REDIRECT).urn());
        options.put("debug", false);
        ObjectNode fields = options.putObject("fieldsMap");
        settings.fieldsMap().ifPresent(m -> m.forEach((field, names) -> {
            if (names.array()) {
                fields.set(field, Json.strings(names.names()));
            } else {
                fields.put(field, names.names().get(0));
            }
        }));
        options.set("domain_aliases", Json.strings(settings.domainAliases()));
        if (settings.iconUrl().isPresent()) {
            options.put("icon_url", settings.iconUrl().get());
            urls.check("options.icon_url", settings.iconUrl().get().trim());
        }
        if (previous != null && previous.hasNonNull(SEALED_KEY) && previous.hasNonNull(SP_CERT)) {
            options.put(SEALED_KEY, previous.get(SEALED_KEY).asString());
            options.put(SP_CERT, previous.get(SP_CERT).asString());
        } else {
            SpKey key = SpKey.generate(connectionName);
            options.put(SEALED_KEY, sealer.seal(key.privateKeyBase64()));
            options.put(SP_CERT, key.certificateBase64());
        }
        return options;
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
}
