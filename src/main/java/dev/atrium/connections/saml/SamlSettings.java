package dev.atrium.connections.saml;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;
import dev.atrium.connections.ConnectionOptions;
import dev.atrium.connections.OptionValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of a {@code samlp} connection as a command carries them, with Auth0's names: {@code signInEndpoint},
 * {@code signingCert} (the identity provider's certificate as sent), {@code signSAMLRequest},
 * {@code signatureAlgorithm}, {@code protocolBinding}, {@code debug}, {@code fieldsMap}, {@code domain_aliases},
 * {@code icon_url}; the rest in {@code others}. The certificate, the addresses and Atrium's own key are
 * {@link SamlOptions#normalise}'s.
 */
public record SamlSettings(Optional<String> signInEndpoint, Optional<String> signingCert, Optional<Boolean> signSamlRequest,
                           Optional<String> signatureAlgorithm, Optional<Binding> protocolBinding, Optional<Boolean> debug,
                           Optional<Map<String, AttributeNames>> fieldsMap, List<String> domainAliases, Optional<String> iconUrl,
                           KeptFields others) implements ConnectionOptions {
    /** The one signature algorithm Atrium takes. */
    public static final String RSA_SHA256 = "rsa-sha256";
    private static final String DEBUG_REFUSED = "options.debug must be false: Atrium never logs SAML documents";

    /** {@code protocolBinding}: how the authentication request reaches the identity provider. */
    public enum Binding {
        REDIRECT(SamlXml.REDIRECT), POST(SamlXml.POST);

        private final String urn;

        Binding(String urn) {
            this.urn = urn;
        }

        public String urn() {
            return urn;
        }

        /** The URN, or Auth0's short names {@code HTTP-Redirect} and {@code HTTP-POST}; anything else is refused. */
        public static Binding parse(String value) {
            return Optional.ofNullable(SamlOptions.BINDINGS.get(value)).map(u -> u.equals(SamlXml.POST) ? POST : REDIRECT)
                    .orElseThrow(() -> new InvalidRequestException("options", "options.protocolBinding must be "
                            + SamlXml.REDIRECT + " or " + SamlXml.POST));
        }
    }

    /**
     * A profile field's SAML attribute names in {@code fieldsMap}, tried in turn: one name ({@code array} false, sent
     * as a string) or an array of them (at most 10).
     */
    public record AttributeNames(List<String> names, boolean array) {
        public AttributeNames {
            names = List.copyOf(names);
            if (names.size() > 10 || !array && names.size() != 1) {
                throw new InvalidRequestException("options", "options.fieldsMap values are attribute names or arrays of them");
            }
        }
    }

    public SamlSettings {
        domainAliases = OptionValues.domains(domainAliases);
        fieldsMap = fieldsMap.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
        if (signatureAlgorithm.filter(a -> !a.equals(RSA_SHA256)).isPresent()) {
            throw new InvalidRequestException("options", "options.signatureAlgorithm must be rsa-sha256 (SHA-1 is not accepted)");
        }
        if (debug.filter(d -> d).isPresent()) {
            throw new InvalidRequestException("options", DEBUG_REFUSED);
        }
    }

    public static SamlSettings none() {
        return new SamlSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), KeptFields.none());
    }

    /** The options of a request; the sealed key cannot be set, the SP certificate and the thumbprints are the server's. */
    public static SamlSettings parse(JsonNode node) {
        ObjectNode o = OptionValues.object(node);
        if (o.has(SamlOptions.SEALED_KEY)) {
            throw new InvalidRequestException("options", "options." + SamlOptions.SEALED_KEY + " cannot be set");
        }
        Set<String> taken = new HashSet<>(Set.of(SamlOptions.SP_CERT, "thumbprints", "signSAMLRequest", "signatureAlgorithm",
                "protocolBinding", "debug", "fieldsMap"));
        Optional<String> endpoint = OptionValues.string(o, "signInEndpoint", taken);
        Optional<String> cert = OptionValues.string(o, "signingCert", taken);
        Optional<Boolean> sign = OptionValues.bool(o, "signSAMLRequest", taken, "options.signSAMLRequest must be a boolean");
        Optional<String> alg = OptionValues.trimmed(o, "signatureAlgorithm", taken);
        Optional<Binding> binding = OptionValues.trimmed(o, "protocolBinding", taken).map(Binding::parse);
        Optional<Boolean> debug = OptionValues.bool(o, "debug", taken, DEBUG_REFUSED);
        Optional<Map<String, AttributeNames>> fields = fieldsMap(o.get("fieldsMap"));
        List<String> domains = OptionValues.domainAliases(o, taken);
        Optional<String> icon = OptionValues.string(o, "icon_url", taken);
        return new SamlSettings(endpoint, cert, sign, alg, binding, debug, fields, domains, icon, KeptFields.of(o, taken));
    }

    /** The stored options, without what only the server sets. */
    public static SamlSettings stored(JsonNode options) {
        ObjectNode o = OptionValues.object(options).deepCopy();
        o.remove(SamlOptions.SEALED_KEY);
        return parse(o);
    }

    private static Optional<Map<String, AttributeNames>> fieldsMap(JsonNode map) {
        if (map == null || map.isNull()) {
            return Optional.empty();
        }
        if (!map.isObject()) {
            throw new InvalidRequestException("options", "options.fieldsMap must be an object");
        }
        Map<String, AttributeNames> out = new LinkedHashMap<>();
        for (String k : map.propertyNames()) {
            JsonNode v = map.get(k);
            List<String> names = new ArrayList<>();
            if (v.isString()) {
                names.add(v.asString());
            } else if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isString()) {
                        throw new InvalidRequestException("options", "options.fieldsMap values are attribute names or arrays of them");
                    }
                    names.add(e.asString());
                }
            } else {
                throw new InvalidRequestException("options", "options.fieldsMap values are attribute names or arrays of them");
            }
            out.put(k, new AttributeNames(names, v.isArray()));
        }
        return Optional.of(out);
    }

    public SamlSettings withSignInEndpoint(String v) {
        return new SamlSettings(Optional.of(v), signingCert, signSamlRequest, signatureAlgorithm, protocolBinding, debug, fieldsMap,
                domainAliases, iconUrl, others.without("signInEndpoint"));
    }

    public SamlSettings withSigningCert(String v) {
        return new SamlSettings(signInEndpoint, Optional.of(v), signSamlRequest, signatureAlgorithm, protocolBinding, debug, fieldsMap,
                domainAliases, iconUrl, others.without("signingCert"));
    }

    public SamlSettings withSignSamlRequest(boolean v) {
        return new SamlSettings(signInEndpoint, signingCert, Optional.of(v), signatureAlgorithm, protocolBinding, debug, fieldsMap,
                domainAliases, iconUrl, others);
    }

    public SamlSettings withProtocolBinding(Binding v) {
        return new SamlSettings(signInEndpoint, signingCert, signSamlRequest, signatureAlgorithm, Optional.of(v), debug, fieldsMap,
                domainAliases, iconUrl, others);
    }

    public SamlSettings withDomainAliases(List<String> v) {
        return new SamlSettings(signInEndpoint, signingCert, signSamlRequest, signatureAlgorithm, protocolBinding, debug, fieldsMap,
                v, iconUrl, others);
    }
}
