package dev.atrium.oauth;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /.well-known/openid-configuration}: the provider metadata, listing only endpoints
 * that exist (api-contract.md §A.3: a member pointing at a 404 breaks clients, an absent one does not).
 *
 * <p>Specifications: OpenID Connect Discovery 1.0 §3; RFC 8414.
 */
public final class DiscoveryEndpoint {
    private final String issuer;
    private final List<String> extraEndpoints;
    private final BooleanSupplier registrationOpen;
    private final BooleanSupplier metadataDocuments;

    /**
     * {@code extraEndpoints}: the optional metadata members whose endpoints this build serves, by member name;
     * {@code registrationOpen}: the tenant's {@code flags.enable_dynamic_client_registration}, read per request,
     * because {@code registration_endpoint} is published only while registration is open (third-party-apps.md T89).
     */
    public DiscoveryEndpoint(String issuer, List<String> extraEndpoints, BooleanSupplier registrationOpen) {
        this(issuer, extraEndpoints, registrationOpen, () -> false);
    }

    /** {@code metadataDocuments}: whether the onboarding policy accepts Client ID Metadata Documents, read per request. */
    public DiscoveryEndpoint(String issuer, List<String> extraEndpoints, BooleanSupplier registrationOpen,
                             BooleanSupplier metadataDocuments) {
        this.issuer = issuer;
        this.extraEndpoints = extraEndpoints;
        this.registrationOpen = registrationOpen;
        this.metadataDocuments = metadataDocuments;
    }

    /**
     * {@code GET /.well-known/oauth-authorization-server} (RFC 8414 §3): the same facts as the OpenID
     * configuration, so a client that reads either sees one server. MCP clients read this one first.
     */
    public ObjectNode authorizationServerMetadata() {
        return document();
    }

    public ObjectNode document() {
        ObjectNode d = Json.object();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "authorize");
        d.put("token_endpoint", issuer + "oauth/token");
        if (extraEndpoints.contains("userinfo_endpoint")) {
            d.put("userinfo_endpoint", issuer + "userinfo");
        }
        d.put("jwks_uri", issuer + ".well-known/jwks.json");
        if (extraEndpoints.contains("revocation_endpoint")) {
            d.put("revocation_endpoint", issuer + "oauth/revoke");
        }
        if (extraEndpoints.contains("end_session_endpoint")) {
            d.put("end_session_endpoint", issuer + "oidc/logout");
        }
        if (registrationOpen.getAsBoolean()) {
            d.put("registration_endpoint", issuer + "oidc/register");
        }
        d.set("scopes_supported", Json.strings(List.of("openid", "profile", "offline_access", "name", "given_name",
                "family_name", "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address")));
        d.set("response_types_supported", Json.strings(AuthorizeRequestValidator.RESPONSE_TYPES));
        d.set("response_modes_supported", Json.strings(List.of("query", "fragment", "form_post")));
        d.set("grant_types_supported", Json.strings(List.of("authorization_code", "implicit", "refresh_token", "client_credentials")));
        d.set("code_challenge_methods_supported", Json.strings(List.of("S256")));
        d.set("subject_types_supported", Json.strings(List.of("public")));
        d.set("id_token_signing_alg_values_supported", Json.strings(List.of("RS256")));
        d.set("token_endpoint_auth_methods_supported",
                Json.strings(List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none")));
        // the algorithms a private_key_jwt credential may declare (ClientCredentialService.ALGORITHMS)
        d.set("token_endpoint_auth_signing_alg_values_supported", Json.strings(List.of("RS256", "RS384", "PS256")));
        d.set("claims_supported", Json.strings(List.of("aud", "auth_time", "created_at", "email", "email_verified",
                "exp", "family_name", "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number",
                "picture", "sub", "org_id", "org_name")));
        // every authorization response carries iss (RFC 9207 §3)
        d.put("authorization_response_iss_parameter_supported", true);
        d.put("request_uri_parameter_supported", false);
        d.put("request_parameter_supported", false);
        // draft-ietf-oauth-client-id-metadata-document: an https client_id is fetched as the client's metadata
        d.put("client_id_metadata_document_supported", metadataDocuments.getAsBoolean());
        return d;
    }
}
