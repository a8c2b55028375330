package dev.atrium.clients;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * An application (Auth0 "client"), kept as its Management API document so that every property an
 * administrator sets round-trips, with typed accessors for the ones Atrium acts on. The secret is
 * never in the document: only its keyed hash is stored ({@link ClientSecrets}).
 *
 * <p>Specifications: Auth0 Management API "Clients"; RFC 6749 §2 (client types).
 */
public record Client(String clientId, ObjectNode doc, Optional<String> secretHash) {

    public Client {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    /** A copy of one property ({@code MissingNode} when unset), without copying the whole document. */
    public JsonNode property(String name) {
        return doc.path(name).deepCopy();
    }

    public String name() {
        return Json.text(doc, "name", clientId);
    }

    public boolean isFirstParty() {
        return Json.bool(doc, "is_first_party", true);
    }

    public boolean isThirdParty() {
        return !isFirstParty();
    }

    public Optional<String> appType() {
        return Optional.ofNullable(Json.text(doc, "app_type", null));
    }

    public List<String> grantTypes() {
        return Json.stringList(doc.get("grant_types"));
    }

    public List<String> callbacks() {
        return Json.stringList(doc.get("callbacks"));
    }

    public List<String> allowedLogoutUrls() {
        return Json.stringList(doc.get("allowed_logout_urls"));
    }

    public List<String> webOrigins() {
        return Json.stringList(doc.get("web_origins"));
    }

    public List<String> allowedOrigins() {
        return Json.stringList(doc.get("allowed_origins"));
    }

    /** {@code none}, {@code client_secret_post} or {@code client_secret_basic}; absent when private_key_jwt is configured. */
    public Optional<String> tokenEndpointAuthMethod() {
        return Optional.ofNullable(Json.text(doc, "token_endpoint_auth_method", null));
    }

    /** A public client (SPA, native) authenticates with nothing and must use PKCE. */
    public boolean isPublic() {
        return tokenEndpointAuthMethod().map(TokenEndpointAuthMethod.NONE.wire()::equals).orElse(false);
    }

    public Optional<String> thirdPartySecurityMode() {
        return Optional.ofNullable(Json.text(doc, "third_party_security_mode", null));
    }

    public boolean isStrictThirdParty() {
        return isThirdParty() && thirdPartySecurityMode().map(ThirdPartySecurityMode.STRICT::is).orElse(false);
    }

    /** Created through {@code POST /oidc/register} (third-party-apps.md T93). */
    public boolean isDynamicallyRegistered() {
        return Json.bool(doc, ThirdPartyRules.DYNAMICALLY_REGISTERED, false);
    }

    /** Errors after redirect-URI validation are shown as a page (T60, T64: strict third-party only). */
    public boolean protectsRedirects() {
        return isStrictThirdParty() && !RedirectionPolicy.ALLOW_ALWAYS.wire().equals(Json.text(doc, "redirection_policy", null));
    }

    /** {@code deny} (default), {@code allow} or {@code require}. */
    public String organizationUsage() {
        return usage().wire();
    }

    /** {@code organization_usage}, typed. */
    public OrganizationUsage usage() {
        return OrganizationUsage.of(Json.text(doc, "organization_usage", null));
    }

    /** {@code organization_discovery_methods}; the email method when unset (organizations.md O16). */
    public List<String> organizationDiscoveryMethods() {
        List<String> m = Json.stringList(doc.get("organization_discovery_methods"));
        return m.isEmpty() ? List.of("email") : m;
    }

    /** {@code no_prompt} (default), {@code pre_login_prompt} or {@code post_login_prompt}. */
    public String organizationRequireBehavior() {
        return requireBehavior().wire();
    }

    /** {@code organization_require_behavior}, typed. */
    public RequireBehavior requireBehavior() {
        return RequireBehavior.of(Json.text(doc, "organization_require_behavior", null));
    }

    /** The ids in {@code client_authentication_methods.private_key_jwt.credentials}; empty when the method is not set. */
    public List<String> privateKeyJwtCredentialIds() {
        return privateKeyJwtIds(doc);
    }

    static List<String> privateKeyJwtIds(JsonNode doc) {
        JsonNode creds = doc.path("client_authentication_methods").path("private_key_jwt").path("credentials");
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode c : creds) {
            String id = Json.text(c, "id", null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Configured for {@code private_key_jwt}: it must authenticate with a signed assertion, never a secret. */
    public boolean usesPrivateKeyJwt() {
        return doc.path("client_authentication_methods").has("private_key_jwt");
    }

    public JsonNode jwtConfiguration() {
        JsonNode j = doc.get("jwt_configuration");
        return j == null ? Json.object() : j;
    }

    /** ID token lifetime in seconds: {@code jwt_configuration.lifetime_in_seconds}, default 36000. */
    public long idTokenLifetime() {
        return Json.number(jwtConfiguration(), "lifetime_in_seconds", 36000);
    }

    public JsonNode refreshTokenSettings() {
        JsonNode r = doc.get("refresh_token");
        return r == null ? Json.object() : r;
    }

    public Client withDoc(ObjectNode newDoc) {
        return new Client(clientId, newDoc, secretHash);
    }

    public Client withSecretHash(String hash) {
        return new Client(clientId, doc, Optional.of(hash));
    }
}
