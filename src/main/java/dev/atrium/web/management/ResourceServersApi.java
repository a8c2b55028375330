package dev.atrium.web.management;

import dev.atrium.resourceservers.ProtectedResourceMetadata;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code /api/v2/resource-servers} (api-contract.md §B.6). The system Management API answers 403 to changes. */
public final class ResourceServersApi {
    static final Schema CREATE = Schema.of()
            .string("name", false, 1, 200)
            .string("identifier", true, 1, 600)
            .array("scopes", false)
            .enumOf("signing_alg", false, Set.of("HS256", "RS256", "RS512", "PS256"))
            .string("signing_secret", false, 16, 256)
            .bool("allow_offline_access")
            .bool("allow_online_access")
            .bool("allow_online_access_with_ephemeral_sessions")
            .bool("skip_consent_for_verifiable_first_party_clients")
            .integer("token_lifetime", 1, 2592000)
            .integer("token_lifetime_for_web", 1, 2592000)
            .bool("enforce_policies")
            .enumOf("token_dialect", false, Set.of("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz"))
            .object("subject_type_authorization", false)
            .any("consent_policy").any("authorization_details").any("token_encryption").any("proof_of_possession")
            .any("authorization_policy").any("token_lifetime_for_anonymous_access_tokens").any("client_id");

    static final Schema UPDATE = CREATE.without("identifier", "client_id").optional();

    private final ResourceServerService service;
    private final String issuer;

    public ResourceServersApi(ResourceServerService service, String issuer) {
        this.service = service;
        this.issuer = issuer;
    }

    /**
     * {@code GET /api/v2/resource-servers/{id}/protected-resource-metadata} (Atrium's own path): the RFC 9728
     * document the API's server should publish, as the body, ready to copy; the {@code Link} header names the
     * well-known address it belongs at when the identifier is an http(s) URL.
     */
    public void protectedResourceMetadata(Context ctx) {
        ManagementApi.require(ctx, "read:resource_servers");
        ResourceServer rs = service.find(ManagementApi.path(ctx, "id")).orElseThrow(ResourceServersApi::notFound);
        String at = ProtectedResourceMetadata.wellKnownUrl(rs);
        if (at != null) {
            ctx.header("Link", "<" + at + ">; rel=\"describedby\"");
        }
        ManagementApi.json(ctx, 200, ProtectedResourceMetadata.of(rs, issuer));
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:resource_servers");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        Set<String> identifiers = new HashSet<>(ctx.queryParams("identifiers"));
        List<JsonNode> items = service.list().stream()
                .filter(rs -> identifiers.isEmpty() || identifiers.contains(rs.identifier()))
                .map(rs -> fields.apply(rs.doc()))
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("resource_servers", items));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:resource_servers");
        ResourceServer rs = service.find(ManagementApi.path(ctx, "id")).orElseThrow(ResourceServersApi::notFound);
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(rs.doc()));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:resource_servers");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        ResourceServer rs;
        try {
            rs = ManagementApi.domain(() -> service.create(ResourceServerRequests.newResourceServer(body)));
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict("A resource server with the same identifier already exists.", "conflict");
            }
            throw e;
        }
        ManagementApi.json(ctx, 201, rs.doc());
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:resource_servers");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        try {
            ResourceServer rs = ManagementApi.domain(() -> service.update(ManagementApi.path(ctx, "id"), ResourceServerRequests.patch(body)))
                    .orElseThrow(ResourceServersApi::notFound);
            ManagementApi.json(ctx, 200, rs.doc());
        } catch (ResourceServerService.SystemApiException e) {
            throw ApiException.forbidden(e.getMessage(), "operation_not_supported");
        }
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:resource_servers");
        try {
            service.delete(ManagementApi.path(ctx, "id"));
        } catch (ResourceServerService.SystemApiException e) {
            throw ApiException.forbidden(e.getMessage(), "operation_not_supported");
        }
        ManagementApi.noContent(ctx);
    }

    static ApiException notFound() {
        return ApiException.notFound("The resource server does not exist", "inexistent_resource_server");
    }
}
