package dev.atrium.connections.oidc;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code options} of an {@code oidc} connection with Auth0's names: {@code discovery_url} or {@code issuer},
 * {@code client_id}, {@code client_secret}, {@code type}, {@code scope}, {@code domain_aliases}, {@code icon_url},
 * {@code attribute_map}, {@code set_user_root_attributes}. {@link #normalise} checks a request's options and seals
 * the secret; {@link #redact} removes the sealed secret from what an API answers.
 */
public final class OidcOptions {
    /** Where the sealed client secret lives inside the stored options; never accepted from, nor shown to, a client. */
    public static final String SEALED_SECRET = "client_secret_sealed";
    /** private_key_jwt: Atrium's RSA key for client assertions, sealed; its public half is {@link #PUBLIC_KEY} (PEM). */
    public static final String SEALED_KEY = "client_assertion_key_sealed";
    public static final String PUBLIC_KEY = "client_assertion_public_key";
    /** {@code type}: the ID token comes back through the browser ({@code response_type=id_token}, form_post). */
    public static final String FRONT_CHANNEL = "front_channel";
    static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "private_key_jwt");
    static final Set<String> ROOT_ATTRIBUTES = Set.of("on_each_login", "on_first_login", "never_on_login");
    static final Set<String> MAPPING_MODES = Set.of("use_map", "bind_all", "basic_profile");
    private static final String DOMAIN = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";

    private final UpstreamUrls urls;
    private final SecretSealer sealer;

    public OidcOptions(UpstreamUrls urls, SecretSealer sealer) {
        this.urls = urls;
        this.sealer = sealer;
    }

    /**
     * Checks {@code options} of a new or replaced {@code oidc} connection in place: defaults, the secret sealed. When
     * the request omits {@code client_secret}, the previously sealed one (if any) is kept, so that a read-modify-write
     * of options, which never sees the secret, does not erase it.
     */
    public void normalise(ObjectNode options, JsonNode previous) {
        if (options.has(SEALED_SECRET) || options.has(SEALED_KEY)) {
            throw new InvalidRequestException("options", "options." + SEALED_SECRET + " and options." + SEALED_KEY
                    + " cannot be set");
        }
        options.remove(PUBLIC_KEY); // the server's: a read-modify-write may send it back
        String type = text(options, "type", "back_channel");
        if (!type.equals("back_channel") && !type.equals(FRONT_CHANNEL)) {
            throw new InvalidRequestException("options", "options.type must be back_channel or front_channel");
        }
        options.put("type", type);
        boolean front = type.equals(FRONT_CHANNEL);
        String discovery = text(options, "discovery_url", "");
        String issuer = text(options, "issuer", "");
        if (discovery.isEmpty() && issuer.isEmpty()) {
            throw new InvalidRequestException("options", "options.discovery_url or options.issuer is required");
        }
        if (!discovery.isEmpty()) {
            urls.check("options.discovery_url", discovery);
        }
        if (!issuer.isEmpty()) {
            urls.check("options.issuer", issuer);
        }
        if (text(options, "client_id", "").isEmpty()) {
            throw new InvalidRequestException("options", "options.client_id is required");
        }
        String method = text(options, "token_endpoint_auth_method", "");
        if (!method.isEmpty() && !AUTH_METHODS.contains(method)) {
            throw new InvalidRequestException("options", "options.token_endpoint_auth_method must be one of "
                    + String.join(", ", AUTH_METHODS.stream().sorted().toList()));
        }
        String secret = text(options, "client_secret", "");
        options.remove("client_secret");
        if (front && method.equals("private_key_jwt")) {
            throw new InvalidRequestException("options", "options.token_endpoint_auth_method does not apply to a front_channel "
                    + "connection: it has no token request");
        }
        if (method.equals("private_key_jwt")) {
            assertionKey(options, previous);
        } else if (!secret.isEmpty()) {
            options.put(SEALED_SECRET, sealer.seal(secret));
        } else if (previous != null && previous.hasNonNull(SEALED_SECRET)) {
            options.put(SEALED_SECRET, previous.get(SEALED_SECRET).asString());
        } else if (!front) { // the front channel has no token request: no secret to send
            throw new InvalidRequestException("options", "options.client_secret is required for a back_channel connection");
        }
        String scope = text(options, "scope", "openid profile email");
        if (!List.of(scope.split(" +")).contains("openid")) {
            throw new InvalidRequestException("options", "options.scope must include openid");
        }
        options.put("scope", scope);
        options.put("set_user_root_attributes", oneOf(options, "set_user_root_attributes", "on_each_login", ROOT_ATTRIBUTES));
        options.set("domain_aliases", domains(options.get("domain_aliases")));
        if (options.has("icon_url") && !options.get("icon_url").isNull()) {
            urls.check("options.icon_url", text(options, "icon_url", ""));
        }
        attributeMap(options, front);
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

    private static void attributeMap(ObjectNode options, boolean front) {
        JsonNode map = options.get("attribute_map");
        if (map == null || map.isNull()) {
            options.set("attribute_map", Json.object().put("mapping_mode", "bind_all"));
            return;
        }
        if (!(map instanceof ObjectNode m)) {
            throw new InvalidRequestException("options", "options.attribute_map must be an object");
        }
        m.put("mapping_mode", oneOf(m, "mapping_mode", "bind_all", MAPPING_MODES));
        JsonNode attrs = m.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new InvalidRequestException("options", "options.attribute_map.attributes must be an object");
            }
            for (String k : attrs.propertyNames()) {
                if (!attrs.get(k).isString()) {
                    throw new InvalidRequestException("options", "options.attribute_map.attributes values must be strings");
                }
            }
        }
        JsonNode us = m.get("userinfo_scope");
        if (us != null && !us.isNull() && !us.isString()) {
            throw new InvalidRequestException("options", "options.attribute_map.userinfo_scope must be a string");
        }
        if (front && us != null && !us.isNull() && !us.asString().isBlank()) {
            // userinfo needs an access token, and the front channel asks for none
            throw new InvalidRequestException("options", "options.attribute_map.userinfo_scope cannot be used with a "
                    + "front_channel connection: it receives no access token to call userinfo with; use back_channel");
        }
    }

    /** {@code domain_aliases} checked and lower-cased (shared with samlp connections). */
    public static ArrayNode domains(JsonNode node) {
        ArrayNode out = Json.array();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > 100) {
            throw new InvalidRequestException("options", "options.domain_aliases must be an array of at most 100 domains");
        }
        for (JsonNode d : node) {
            String v = d.isString() ? d.asString().toLowerCase(Locale.ROOT) : "";
            if (!v.matches(DOMAIN) || v.length() > 253) {
                throw new InvalidRequestException("options", "options.domain_aliases holds domain names such as example.com");
            }
            out.add(v);
        }
        return out;
    }

    private static String oneOf(JsonNode node, String field, String dflt, Set<String> allowed) {
        String v = text(node, field, dflt);
        if (!allowed.contains(v)) {
            throw new InvalidRequestException("options", "options." + field + " must be one of " + String.join(", ",
                    allowed.stream().sorted().toList()));
        }
        return v;
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
