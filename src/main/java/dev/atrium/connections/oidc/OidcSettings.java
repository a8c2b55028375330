package dev.atrium.connections.oidc;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;
import dev.atrium.connections.ConnectionOptions;
import dev.atrium.connections.OptionValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of an {@code oidc} connection as a command carries them, with Auth0's names: {@code type},
 * {@code discovery_url}, {@code issuer}, {@code client_id}, {@code client_secret} (in clear, sealed by the service and
 * never stored as sent), {@code token_endpoint_auth_method}, {@code scope}, {@code set_user_root_attributes},
 * {@code domain_aliases}, {@code icon_url}, {@code attribute_map}; the rest in {@code others}. The URLs and client id
 * are kept as sent; the rules that need the server (addresses allowed upstream, the stored secret) are
 * {@link OidcOptions#normalise}'s.
 */
public record OidcSettings(Optional<Channel> type, Optional<String> discoveryUrl, Optional<String> issuer,
                           Optional<String> clientId, Optional<String> clientSecret, Optional<AuthMethod> tokenEndpointAuthMethod,
                           Optional<String> scope, Optional<RootAttributes> setUserRootAttributes, List<String> domainAliases,
                           Optional<String> iconUrl, Optional<AttributeMap> attributeMap, KeptFields others)
        implements ConnectionOptions {
    /** The properties this record types; a request may not set the sealed ones, and the public key is the server's. */
    static final Set<String> TYPED = Set.of("type", "discovery_url", "issuer", "client_id", "client_secret",
            "token_endpoint_auth_method", "scope", "set_user_root_attributes", "domain_aliases", "icon_url", "attribute_map");

    /** {@code type}: how the ID token comes back. */
    public enum Channel {
        /** Authorization code, exchanged with the client secret or a client assertion. */
        BACK_CHANNEL("back_channel"),
        /** The ID token posted by the browser ({@code response_type=id_token}, form_post); no token request. */
        FRONT_CHANNEL(OidcOptions.FRONT_CHANNEL);

        private final String wire;

        Channel(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** {@code token_endpoint_auth_method}: how Atrium authenticates at the provider's token endpoint. */
    public enum AuthMethod {
        CLIENT_SECRET_BASIC("client_secret_basic"), CLIENT_SECRET_POST("client_secret_post"), PRIVATE_KEY_JWT("private_key_jwt");

        private final String wire;

        AuthMethod(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** {@code set_user_root_attributes}: when the profile from the provider overwrites the user's root attributes. */
    public enum RootAttributes {
        ON_EACH_LOGIN("on_each_login"), ON_FIRST_LOGIN("on_first_login"), NEVER_ON_LOGIN("never_on_login");

        private final String wire;

        RootAttributes(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** {@code attribute_map.mapping_mode}. */
    public enum MappingMode {
        USE_MAP("use_map"), BIND_ALL("bind_all"), BASIC_PROFILE("basic_profile");

        private final String wire;

        MappingMode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * {@code attribute_map}: the mapping mode, the templates of the mapped attributes, the {@code userinfo_scope};
     * a {@code null} {@code attributes} or {@code userinfo_scope} is kept as sent, with any other property.
     */
    public record AttributeMap(Optional<MappingMode> mappingMode, Optional<Map<String, String>> attributes,
                               Optional<String> userinfoScope, KeptFields others) {
        public AttributeMap {
            attributes = attributes.map(a -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(a)));
        }
    }

    public OidcSettings {
        clientSecret = clientSecret.map(String::trim).filter(v -> !v.isEmpty());
        domainAliases = OptionValues.domains(domainAliases);
        if (scope.isPresent() && !List.of(scope.get().split(" +")).contains("openid")) {
            throw new InvalidRequestException("options", "options.scope must include openid");
        }
        boolean front = type.filter(t -> t == Channel.FRONT_CHANNEL).isPresent();
        if (front && tokenEndpointAuthMethod.filter(m -> m == AuthMethod.PRIVATE_KEY_JWT).isPresent()) {
            throw new InvalidRequestException("options", "options.token_endpoint_auth_method does not apply to a front_channel "
                    + "connection: it has no token request");
        }
        if (front && attributeMap.flatMap(AttributeMap::userinfoScope).filter(s -> !s.isBlank()).isPresent()) {
            // userinfo needs an access token, and the front channel asks for none
            throw new InvalidRequestException("options", "options.attribute_map.userinfo_scope cannot be used with a "
                    + "front_channel connection: it receives no access token to call userinfo with; use back_channel");
        }
    }

    public static OidcSettings none() {
        return new OidcSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), KeptFields.none());
    }

    /** The options of a request; the sealed secret and key cannot be set, the public key is the server's and is dropped. */
    public static OidcSettings parse(JsonNode node) {
        ObjectNode o = OptionValues.object(node);
        if (o.has(OidcOptions.SEALED_SECRET) || o.has(OidcOptions.SEALED_KEY)) {
            throw new InvalidRequestException("options", "options." + OidcOptions.SEALED_SECRET + " and options."
                    + OidcOptions.SEALED_KEY + " cannot be set");
        }
        Set<String> taken = new HashSet<>(Set.of(OidcOptions.PUBLIC_KEY, "client_secret"));
        Optional<Channel> type = OptionValues.trimmed(o, "type", taken).map(v -> wire(Channel.values(), Channel::wire, v)
                .orElseThrow(() -> new InvalidRequestException("options", "options.type must be back_channel or front_channel")));
        Optional<String> discovery = OptionValues.string(o, "discovery_url", taken);
        Optional<String> issuer = OptionValues.string(o, "issuer", taken);
        Optional<String> clientId = OptionValues.string(o, "client_id", taken);
        Optional<AuthMethod> method = Optional.empty();
        Optional<String> methodText = OptionValues.trimmed(o, "token_endpoint_auth_method", new HashSet<>());
        if (methodText.filter(m -> !m.isEmpty()).isPresent()) { // an empty one is no method, kept as sent
            taken.add("token_endpoint_auth_method");
            method = Optional.of(wire(AuthMethod.values(), AuthMethod::wire, methodText.get()).orElseThrow(() ->
                    OptionValues.oneOf("token_endpoint_auth_method", wires(AuthMethod.values(), AuthMethod::wire))));
        }
        Optional<String> secret = OptionValues.string(o, "client_secret", taken);
        Optional<String> scope = OptionValues.trimmed(o, "scope", taken);
        Optional<RootAttributes> root = OptionValues.trimmed(o, "set_user_root_attributes", taken).map(v ->
                wire(RootAttributes.values(), RootAttributes::wire, v).orElseThrow(() ->
                        OptionValues.oneOf("set_user_root_attributes", wires(RootAttributes.values(), RootAttributes::wire))));
        List<String> domains = OptionValues.domainAliases(o, taken);
        Optional<String> icon = OptionValues.string(o, "icon_url", taken);
        taken.add("attribute_map");
        Optional<AttributeMap> map = attributeMap(o.get("attribute_map"));
        return new OidcSettings(type, discovery, issuer, clientId, secret, method, scope, root, domains, icon, map,
                KeptFields.of(o, taken));
    }

    /** The stored options, without what only the server sets. */
    public static OidcSettings stored(JsonNode options) {
        ObjectNode o = OptionValues.object(options).deepCopy();
        o.remove(List.of(OidcOptions.SEALED_SECRET, OidcOptions.SEALED_KEY, OidcOptions.PUBLIC_KEY));
        return parse(o);
    }

    private static Optional<AttributeMap> attributeMap(JsonNode map) {
        if (map == null || map.isNull()) {
            return Optional.empty();
        }
        if (!(map instanceof ObjectNode m)) {
            throw new InvalidRequestException("options", "options.attribute_map must be an object");
        }
        Set<String> taken = new HashSet<>();
        Optional<MappingMode> mode = OptionValues.trimmed(m, "mapping_mode", taken).map(v ->
                wire(MappingMode.values(), MappingMode::wire, v).orElseThrow(() ->
                        OptionValues.oneOf("mapping_mode", wires(MappingMode.values(), MappingMode::wire))));
        taken.add("mapping_mode");
        Optional<Map<String, String>> attributes = Optional.empty();
        JsonNode attrs = m.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new InvalidRequestException("options", "options.attribute_map.attributes must be an object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String k : attrs.propertyNames()) {
                if (!attrs.get(k).isString()) {
                    throw new InvalidRequestException("options", "options.attribute_map.attributes values must be strings");
                }
                out.put(k, attrs.get(k).asString());
            }
            attributes = Optional.of(out);
            taken.add("attributes");
        }
        Optional<String> userinfo = Optional.empty();
        JsonNode us = m.get("userinfo_scope");
        if (us != null && !us.isNull()) {
            if (!us.isString()) {
                throw new InvalidRequestException("options", "options.attribute_map.userinfo_scope must be a string");
            }
            userinfo = Optional.of(us.asString());
            taken.add("userinfo_scope");
        }
        return Optional.of(new AttributeMap(mode, attributes, userinfo, KeptFields.of(m, taken)));
    }

    private static <E> Optional<E> wire(E[] values, java.util.function.Function<E, String> wire, String v) {
        return Arrays.stream(values).filter(e -> wire.apply(e).equals(v)).findFirst();
    }

    private static <E> Set<String> wires(E[] values, java.util.function.Function<E, String> wire) {
        Set<String> out = new HashSet<>();
        Arrays.stream(values).forEach(e -> out.add(wire.apply(e)));
        return out;
    }

    public OidcSettings withType(Channel v) {
        return new OidcSettings(Optional.of(v), discoveryUrl, issuer, clientId, clientSecret, tokenEndpointAuthMethod, scope,
                setUserRootAttributes, domainAliases, iconUrl, attributeMap, others.without("type"));
    }

    /** The issuer, in place of any discovery URL: the discovery document is then read from the issuer. */
    public OidcSettings withIssuer(String v) {
        return new OidcSettings(type, Optional.empty(), Optional.of(v), clientId, clientSecret, tokenEndpointAuthMethod, scope,
                setUserRootAttributes, domainAliases, iconUrl, attributeMap, others.without("issuer", "discovery_url"));
    }

    public OidcSettings withClientId(String v) {
        return new OidcSettings(type, discoveryUrl, issuer, Optional.of(v), clientSecret, tokenEndpointAuthMethod, scope,
                setUserRootAttributes, domainAliases, iconUrl, attributeMap, others.without("client_id"));
    }

    /** A new client secret; without one the service keeps the stored secret. */
    public OidcSettings withClientSecret(String v) {
        return new OidcSettings(type, discoveryUrl, issuer, clientId, Optional.of(v), tokenEndpointAuthMethod, scope,
                setUserRootAttributes, domainAliases, iconUrl, attributeMap, others);
    }

    public OidcSettings withDomainAliases(List<String> v) {
        return new OidcSettings(type, discoveryUrl, issuer, clientId, clientSecret, tokenEndpointAuthMethod, scope,
                setUserRootAttributes, v, iconUrl, attributeMap, others);
    }
}
