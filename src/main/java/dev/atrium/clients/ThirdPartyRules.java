package dev.atrium.clients;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * What an administrator may set on a third-party application: the curated property set and values
 * of strict applications, and the one restriction permissive applications keep (no password grant).
 * Checked on the request (create body or PATCH body) and on the merged document, so that a PATCH
 * cannot reach a forbidden combination in two steps.
 *
 * <p>Specifications: third-party-apps.md §1.1, T10–T17, T20, T63, errors X29, X30, X32; Auth0
 * "Third-Party Applications: Security Controls".
 */
public final class ThirdPartyRules {
    /** The properties an administrator may send for a strict third-party application (§1.1, §5 C15). */
    static final Set<String> STRICT_PROPERTIES = Set.of("name", "description", "logo_uri", "callbacks", "allowed_origins",
            "web_origins", "grant_types", "token_endpoint_auth_method", "app_type", "client_metadata",
            "jwt_configuration", "refresh_token", "client_authentication_methods", "require_proof_of_possession",
            "redirection_policy", "organization_usage", "organization_require_behavior", "organization_discovery_methods",
            // immutable after creation: accepted on create and as a same-value no-op on PATCH (T7, T8)
            "is_first_party", "third_party_security_mode");
    static final Set<String> STRICT_APP_TYPES = Set.of(AppType.REGULAR_WEB.wire(), AppType.SPA.wire(), AppType.NATIVE.wire(),
            AppType.NON_INTERACTIVE.wire());
    static final Set<String> STRICT_GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");
    static final Set<String> PASSWORD_GRANTS = Set.of("password", "http://auth0.com/oauth/grant-type/password-realm");
    /** Read-only marker of applications created through {@code POST /oidc/register} ([Proposed] name). */
    public static final String DYNAMICALLY_REGISTERED = "dynamically_registered";

    private ThirdPartyRules() {
    }

    /** Whether a strict third-party application may have this property set (the curated set of T10). */
    public static boolean settableOnStrict(String property) {
        return STRICT_PROPERTIES.contains(property);
    }

    /** X29 (T6): a client id cannot be imported for a third-party application (checked before the request's schema). */
    public static void checkNoImportedId(ObjectNode request) {
        if (request.has("client_id") && !Json.bool(request, "is_first_party", true)) {
            throw new InvalidRequestException("client_id", "client_id cannot be set for third-party clients");
        }
    }

    /** T10: every property the request sets ({@code names}) must be in the curated set of strict applications. */
    static void checkRequestProperties(java.util.Collection<String> names) {
        for (String name : names) {
            if (!STRICT_PROPERTIES.contains(name)) {
                throw new InvalidRequestException(name, "Property " + name + " is not supported for third-party clients");
            }
        }
    }

    /** T11–T17 and T63 on the merged document of a strict application. */
    static void checkStrictDocument(ObjectNode doc, boolean dynamicallyRegistered) {
        String type = Json.text(doc, "app_type", null);
        if (type != null && !STRICT_APP_TYPES.contains(type)) {
            throw notAllowed("app_type", type);
        }
        List<String> grants = Json.stringList(doc.get("grant_types"));
        for (String g : grants) {
            if (!STRICT_GRANT_TYPES.contains(g)) {
                throw notAllowed("grant_types", g);
            }
        }
        if (grants.contains("client_credentials")) {
            if (dynamicallyRegistered) {
                throw new InvalidRequestException("grant_types",
                        "grant_types value client_credentials is not allowed for dynamically registered clients");
            }
            boolean confidential = !TokenEndpointAuthMethod.NONE.wire().equals(Json.text(doc, "token_endpoint_auth_method", ""))
                    || doc.path("client_authentication_methods").has("private_key_jwt");
            if (!confidential) {
                throw new InvalidRequestException("grant_types",
                        "grant_types value client_credentials is not allowed for public third-party clients");
            }
        }
        JsonNode jwt = doc.get("jwt_configuration");
        if (jwt != null && jwt.has("alg") && !"RS256".equals(jwt.get("alg").asString())) {
            throw notAllowed("jwt_configuration.alg", jwt.get("alg").asString());
        }
        JsonNode methods = doc.get("client_authentication_methods");
        if (methods != null && methods.isObject()) {
            for (String m : methods.propertyNames()) {
                if (!m.equals("private_key_jwt")) {
                    throw notAllowed("client_authentication_methods", m);
                }
            }
        }
        for (String list : List.of("callbacks", "allowed_origins", "web_origins")) {
            for (String url : Json.stringList(doc.get(list))) {
                if (url.contains("*")) {
                    throw new InvalidRequestException(list, "Wildcards are not allowed in URLs for third-party clients ("
                            + list + " value " + url + ")");
                }
            }
        }
        JsonNode rt = doc.get("refresh_token");
        if (rt != null && rt.isObject()) {
            if ("non-expiring".equals(Json.text(rt, "expiration_type", "expiring"))) {
                throw notAllowed("refresh_token.expiration_type", "non-expiring");
            }
            for (String f : List.of("infinite_token_lifetime", "infinite_idle_token_lifetime")) {
                if (Json.bool(rt, f, false)) {
                    throw notAllowed("refresh_token." + f, "true");
                }
            }
        }
        if (dynamicallyRegistered && "allow_always".equals(Json.text(doc, "redirection_policy", ""))) {
            throw new InvalidRequestException("redirection_policy",
                    "redirection_policy cannot be relaxed for dynamically registered clients");
        }
    }

    /**
     * A strict application's {@code refresh_token} object with the omitted members filled in from
     * the strict defaults, so that "absent" never means "non-expiring" (api-contract.md §B.3:
     * expiration required).
     */
    static ObjectNode strictRefreshToken(JsonNode given, boolean rotate) {
        ObjectNode r = Json.object();
        r.put("rotation_type", rotate ? "rotating" : "non-rotating");
        r.put("expiration_type", "expiring");
        r.put("leeway", 0);
        r.put("token_lifetime", 2592000);
        r.put("infinite_token_lifetime", false);
        r.put("idle_token_lifetime", 1296000);
        r.put("infinite_idle_token_lifetime", false);
        if (given != null && given.isObject()) {
            for (String k : given.propertyNames()) {
                r.set(k, given.get(k));
            }
        }
        return r;
    }

    /** T20 / §5 C3: permissive applications accept every grant type except the password grants. */
    static void checkPermissiveDocument(ObjectNode doc) {
        for (String g : Json.stringList(doc.get("grant_types"))) {
            if (PASSWORD_GRANTS.contains(g)) {
                throw notAllowed("grant_types", g);
            }
        }
    }

    private static InvalidRequestException notAllowed(String field, String value) {
        return new InvalidRequestException(field, field + " value " + value + " is not allowed for third-party clients");
    }
}
