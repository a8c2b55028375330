package dev.atrium.connections.oidc;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code options} of an {@code oidc} connection with Auth0's names: {@code discovery_url} or {@code issuer},
 * {@code client_id}, {@code client_secret}, {@code type}, {@code scope}, {@code domain_aliases}, {@code icon_url},
 * {@code attribute_map}, {@code set_user_root_attributes}. A request's options arrive typed ({@link OidcSettings});
 * {@link #normalise} checks what needs the server, seals the secret and makes the stored document; {@link #redact}
 * removes the sealed secret from what an API answers.
 */
public final class OidcOptions {
    /** Where the sealed client secret lives inside the stored options; never accepted from, nor shown to, a client. */
    public static final String SEALED_SECRET = "client_secret_sealed";
    /** private_key_jwt: Atrium's RSA key for client assertions, sealed; its public half is {@link #PUBLIC_KEY} (PEM). */
    public static final String SEALED_KEY = "client_assertion_key_sealed";
    public static final String PUBLIC_KEY = "client_assertion_public_key";
    /** {@code type}: the ID token comes back through the browser ({@code response_type=id_token}, form_post). */
    public static final String FRONT_CHANNEL = "front_channel";

    private final UpstreamUrls urls;
    private final SecretSealer sealer;

    public OidcOptions(UpstreamUrls urls, SecretSealer sealer) {
        this.urls = urls;
        this.sealer = sealer;
    }

    /**
     * The stored options of a new or replaced {@code oidc} connection: {@code settings} checked against what needs the
     * server (the upstream addresses allowed), defaulted, the secret sealed. When the settings hold no
     * {@code client_secret}, the previously sealed one (if any) is kept, so that a read-modify-write of options, which
     * never sees the secret, does not erase it.
     */
    public ObjectNode normalise(OidcSettings settings, JsonNode previous) {
        ObjectNode options = Json.object();
        settings.others().writeTo(options);
        OidcSettings.Channel type = settings.type().orElse(OidcSettings.Channel.BACK_CHANNEL);
        options.put("type", type.wire());
        boolean front = type == OidcSettings.Channel.FRONT_CHANNEL;
        settings.discoveryUrl().ifPresent(v -> options.put("discovery_url", v));
        settings.issuer().ifPresent(v -> options.put("issuer", v));
        settings.clientId().ifPresent(v -> options.put("client_id", v));
        settings.tokenEndpointAuthMethod().ifPresent(v -> options.put("token_endpoint_auth_method", v.wire()));
        String discovery = settings.discoveryUrl().map(String::trim).orElse("");
        String issuer = settings.issuer().map(String::trim).orElse("");
        if (discovery.isEmpty() && issuer.isEmpty()) {
            throw new InvalidRequestException("options", "options.discovery_url or options.issuer is required");
        }
        if (!discovery.isEmpty()) {
            urls.check("options.discovery_url", discovery);
        }
        if (!issuer.isEmpty()) {
            urls.check("options.issuer", issuer);
        }
        if (settings.clientId().map(String::trim).orElse("").isEmpty()) {
            throw new InvalidRequestException("options", "options.client_id is required");
        }
        if (settings.tokenEndpointAuthMethod().filter(m -> m == OidcSettings.AuthMethod.PRIVATE_KEY_JWT).isPresent()) {
            assertionKey(options, previous);
        } else if (settings.clientSecret().isPresent()) {
            options.put(SEALED_SECRET, sealer.seal(settings.clientSecret().get()));
        } else if (previous != null && previous.hasNonNull(SEALED_SECRET)) {
            options.put(SEALED_SECRET, previous.get(SEALED_SECRET).asString());
        } else if (!front) { // the front channel has no token request: no secret to send
            throw new InvalidRequestException("options", "options.client_secret is required for a back_channel connection");
        }
        options.put("scope", settings.scope().orElse("openid profile email"));
        options.put("set_user_root_attributes", settings.setUserRootAttributes()
                .orElse(OidcSettings.RootAttributes.ON_EACH_LOGIN).wire());
        options.set("domain_aliases", Json.strings(settings.domainAliases()));
        if (settings.iconUrl().isPresent()) {
            options.put("icon_url", settings.iconUrl().get());
            urls.check("options.icon_url", settings.iconUrl().get().trim());
        }
        options.set("attribute_map", attributeMap(settings.attributeMap()));
        return options;
    }

    private static ObjectNode attributeMap(java.util.Optional<OidcSettings.AttributeMap> map) {
        ObjectNode m = Json.object();
        if (map.isEmpty()) {
            return m.put("mapping_mode", OidcSettings.MappingMode.BIND_ALL.wire());
        }
        map.get().others().writeTo(m);
        m.put("mapping_mode", map.get().mappingMode().orElse(OidcSettings.MappingMode.BIND_ALL).wire());
        map.get().attributes().ifPresent(a -> {
            ObjectNode attrs = m.putObject("attributes");
            a.forEach(attrs::put);
        });
        map.get().userinfoScope().ifPresent(v -> m.put("userinfo_scope", v));
        return m;
    }

    /** private_key_jwt: keeps the previous key pair, or makes one (RSA 2048). */
    private void assertionKey(ObjectNode options, JsonNode previous) {
        if (previous != null && previous.hasNonNull(SEALED_KEY) && previous.hasNonNull(PUBLIC_KEY)) {
            options.put(SEALED_KEY, previous.get(SEALED_KEY).asString());
            options.put(PUBLIC_KEY, previous.get(PUBLIC_KEY).asString());
            return;
        }
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            java.security.KeyPair kp = g.generateKeyPair();
            options.put(SEALED_KEY, sealer.seal(java.util.Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded())));
            options.put(PUBLIC_KEY, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[]{'\n'})
                    .encodeToString(kp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the client assertion key", e);
        }
    }

    /** private_key_jwt: Atrium's private key for this connection's client assertions. */
    public java.security.interfaces.RSAPrivateKey assertionKey(JsonNode options) {
        try {
            return (java.security.interfaces.RSAPrivateKey) java.security.KeyFactory.getInstance("RSA").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(
                            sealer.open(text(options, SEALED_KEY, "")))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the stored client assertion key is unreadable", e);
        }
    }

    /** The connection document as an API may show it: without the sealed secret or key. */
    public static ObjectNode redact(ObjectNode doc) {
        if (doc.get("options") instanceof ObjectNode o) {
            o.remove(SEALED_SECRET);
            o.remove(SEALED_KEY);
            o.remove("client_secret");
        }
        return doc;
    }

    /** The client secret in clear, for the token request only. */
    public String clientSecret(JsonNode options) {
        return sealer.open(text(options, SEALED_SECRET, ""));
    }

    /** Whether the connection signs in through the front channel (an ID token posted by the browser, no code exchange). */
    public static boolean frontChannel(JsonNode options) {
        return options != null && FRONT_CHANNEL.equals(options.path("type").asString(""));
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
