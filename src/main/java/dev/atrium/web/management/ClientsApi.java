package dev.atrium.web.management;

import dev.atrium.common.OAuthError;

import dev.atrium.clients.AppType;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.JwtConfiguration;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RedirectionPolicy;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.ThirdPartyRules;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Json;
import dev.atrium.tenant.TenantStore;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/v2/clients} (api-contract.md §B.3). Secrets are stored hashed, so {@code client_secret}
 * appears only in the answers to create and rotate-secret, and only to callers holding
 * {@code read:client_keys} or {@code read:client_credentials}.
 */
public final class ClientsApi {
    static final Set<String> APP_TYPES = AppType.WIRE;
    static final Set<String> GRANT_TYPES = Set.of("authorization_code", "implicit", "refresh_token", "client_credentials",
            "password", "http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/grant-type/mfa-oob",
            "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-recovery-code",
            "urn:openid:params:grant-type:ciba", "urn:ietf:params:oauth:grant-type:device_code",
            "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token");
    private static final Set<String> SUMMARY = Set.of("client_id", "app_type", "name", "description");

    static final Set<String> AUTH_METHODS = TokenEndpointAuthMethod.WIRE;
    /** {@code jwt_configuration}: every member typed, so no nested value reaches the service as the wrong type. */
    static final Schema JWT_CONFIGURATION = Schema.of()
            .enumOf("alg", false, Arrays.stream(JwtConfiguration.Algorithm.values()).map(Enum::name).collect(Collectors.toSet()))
            .integer("lifetime_in_seconds", 0, JwtConfiguration.MAX_LIFETIME)
            .bool("secret_encoded")
            .object("scopes", false);

    static final Schema REFRESH_TOKEN = Schema.of()
            .enumOf("rotation_type", false, Set.of("rotating", "non-rotating"))
            .enumOf("expiration_type", false, Set.of("expiring", "non-expiring"))
            .integer("leeway", 0, 3_600)
            .integer("token_lifetime", 1, 157_680_000)
            .bool("infinite_token_lifetime")
            .integer("idle_token_lifetime", 1, 157_680_000)
            .bool("infinite_idle_token_lifetime")
            .array("policies", false);

    static final Schema CREATE = Schema.of()
            .string("name", true, 1, 256)
            .string("description", false, 0, 140)
            .enumOf("app_type", false, APP_TYPES)
            .bool("is_first_party")
            .bool("oidc_conformant")
            .strings("callbacks", false, 200)
            .strings("allowed_origins", false, 200)
            .strings("web_origins", false, 200)
            .strings("allowed_logout_urls", false, 200)
            .strings("client_aliases", false, 200)
            .strings("allowed_clients", false, 200)
            .enumArray("grant_types", GRANT_TYPES)
            .enumOf("token_endpoint_auth_method", false, AUTH_METHODS)
            .object("client_authentication_methods", false)
            .object("jwt_configuration", false, false, JWT_CONFIGURATION)
            .bool("sso")
            .bool("sso_disabled")
            .bool("cross_origin_authentication")
            .nullableString("cross_origin_loc", 1024)
            .bool("custom_login_page_on")
            .string("custom_login_page", false, 0, 100_000)
            .string("custom_login_page_preview", false, 0, 100_000)
            .string("form_template", false, 0, 100_000)
            .bool("is_token_endpoint_ip_header_trusted")
            .object("refresh_token", false, true, REFRESH_TOKEN)
            .nullableEnum("organization_usage", OrganizationUsage.WIRE)
            .nullableEnum("organization_require_behavior", RequireBehavior.WIRE)
            .nullableEnumArray("organization_discovery_methods", Set.of("email", "organization_name"))
            .nullableObject("default_organization")
            .object("client_metadata", false)
            .nullableString("logo_uri", 2048)
            .nullableString("initiate_login_uri", 2048)
            .enumOf("third_party_security_mode", false, ThirdPartySecurityMode.WIRE)
            .enumOf("redirection_policy", false, RedirectionPolicy.WIRE)
            .bool("require_pushed_authorization_requests")
            .bool("require_proof_of_possession")
            .string("resource_server_identifier", false, 1, 600)
            .any("addons").any("mobile").any("native_social_login").any("session_transfer").any("oidc_logout")
            .any("oidc_backchannel_logout").any("token_exchange").any("compliance_level").nullableObject("token_quota")
            .any("express_configuration").any("my_organization_configuration").any("signed_request_object")
            .any("encryption_key").any("organization_discovery");

    /** As CREATE; {@code token_endpoint_auth_method: null} is how a PATCH switches to {@code client_authentication_methods}. */
    static final Schema UPDATE = CREATE.without("resource_server_identifier", "token_endpoint_auth_method").optional()
            .nullableEnum("token_endpoint_auth_method", AUTH_METHODS)
            .string("client_secret", false, 16, 256);

    private final ClientService clients;
    private final TenantStore tenant;

    public ClientsApi(ClientService clients, TenantStore tenant) {
        this.clients = clients;
        this.tenant = tenant;
    }

    public void list(Context ctx) {
        Principal p = ManagementApi.require(ctx, "read:clients", "read:client_keys", "read:client_credentials", "read:client_summary");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        Optional<Boolean> firstParty = optionalFlag(ctx, "is_first_party");
        Optional<Boolean> global = optionalFlag(ctx, "is_global");
        Set<String> appTypes = ctx.queryParam("app_type") == null ? Set.of()
                : Arrays.stream(ctx.queryParam("app_type").split(",")).map(String::trim).collect(Collectors.toSet());
        List<JsonNode> items = clients.list().stream()
                .filter(c -> firstParty.isEmpty() || c.isFirstParty() == firstParty.get())
                .filter(c -> global.isEmpty() || !global.get())
                .filter(c -> appTypes.isEmpty() || c.appType().map(appTypes::contains).orElse(false))
                .map(c -> fields.apply(view(c, p, Optional.empty())))
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("clients", items));
    }

    public void get(Context ctx) {
        Principal p = ManagementApi.require(ctx, "read:clients", "read:client_keys", "read:client_credentials", "read:client_summary");
        Client c = find(ManagementApi.path(ctx, "id"));
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(view(c, p, Optional.empty())));
    }

    public void create(Context ctx) {
        Principal p = ManagementApi.require(ctx, "create:clients");
        ObjectNode body = ManagementApi.body(ctx);
        // X29 names the imported client id before the schema refuses it as an unknown property
        ManagementApi.domain(() -> {
            ThirdPartyRules.checkNoImportedId(body);
            return null;
        });
        CREATE.validate(body);
        if (body.has("client_authentication_methods") && !p.hasAny("create:client_credentials")) {
            throw new ApiException(403, "Insufficient scope; expected any of: create:client_credentials.", OAuthError.INSUFFICIENT_SCOPE.code());
        }
        ClientService.Created created = ManagementApi.domain(() -> clients.create(ClientRequests.newClient(body),
                ClientService.TenantModes.of(tenant.get())));
        ManagementApi.json(ctx, 201, view(created.client(), p, created.secret()));
    }

    public void update(Context ctx) {
        Principal p = ManagementApi.require(ctx, "update:clients", "update:client_keys", "update:client_credentials");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        Optional<String> secret = Optional.ofNullable(Json.text(body, "client_secret", null));
        if (secret.isPresent() && !p.hasAny("update:client_keys")) {
            throw new ApiException(403, "Insufficient scope; expected any of: update:client_keys.", OAuthError.INSUFFICIENT_SCOPE.code());
        }
        if (body.has("client_authentication_methods") && !p.hasAny("update:client_credentials")) {
            throw new ApiException(403, "Insufficient scope; expected any of: update:client_credentials.", OAuthError.INSUFFICIENT_SCOPE.code());
        }
        body.remove("client_secret");
        String id = ManagementApi.path(ctx, "id");
        Client c = ManagementApi.domain(() -> clients.update(id, ClientRequests.patch(body), secret)).orElseThrow(() -> notFound());
        ManagementApi.json(ctx, 200, view(c, p, Optional.empty()));
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:clients");
        clients.delete(ManagementApi.path(ctx, "id"));
        ManagementApi.noContent(ctx);
    }

    public void rotateSecret(Context ctx) {
        Principal p = ManagementApi.require(ctx, "update:client_keys");
        ClientService.Created rotated = clients.rotateSecret(ManagementApi.path(ctx, "id")).orElseThrow(ClientsApi::notFound);
        ManagementApi.json(ctx, 200, view(rotated.client(), p, rotated.secret()));
    }

    private Client find(String id) {
        return clients.find(id).orElseThrow(ClientsApi::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("The client does not exist", "inexistent_client");
    }

    /** The document as this caller may see it (api-contract.md §B.3, field visibility by scope). */
    static ObjectNode view(Client c, Principal p, Optional<String> secret) {
        ObjectNode doc = c.doc();
        boolean keys = p.hasAny("read:client_keys", "read:client_credentials");
        if (!keys) {
            doc.remove(List.of("client_authentication_methods", "encryption_key", "signing_keys"));
        }
        if (!p.hasAny("read:clients", "read:client_keys", "read:client_credentials", "create:clients", "update:clients")) {
            doc.retain(SUMMARY);
        }
        if (keys && secret.isPresent()) {
            doc.put("client_secret", secret.get());
        }
        return doc;
    }

    private static Optional<Boolean> optionalFlag(Context ctx, String name) {
        return ctx.queryParam(name) == null ? Optional.empty() : Optional.of(Paging.flag(ctx, name, false));
    }
}
