package dev.atrium.web.management;

import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.SubjectType;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v2/client-grants} (api-contract.md §B.4). */
public final class ClientGrantsApi {
    static final Set<String> USAGE = OrganizationUsage.WIRE;
    static final Schema CREATE = Schema.of()
            .string("client_id", false, 1, 64)
            .enumOf("default_for", false, Set.of(ClientGrantService.DEFAULT_FOR_THIRD_PARTY))
            .string("audience", true, 1, 600)
            .strings("scope", false, 500)
            .enumOf("subject_type", false, SubjectType.WIRE)
            .nullableEnum("organization_usage", USAGE)
            .nullableBool("allow_any_organization")
            .bool("allow_all_scopes")
            .strings("authorization_details_types", false, 50);
    static final Schema UPDATE = Schema.of()
            .strings("scope", false, 500)
            .nullableEnum("organization_usage", USAGE)
            .nullableBool("allow_any_organization")
            .bool("allow_all_scopes")
            .strings("authorization_details_types", false, 50);

    private final ClientGrantService service;

    public ClientGrantsApi(ClientGrantService service) {
        this.service = service;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:client_grants");
        Paging paging = Paging.parse(ctx);
        Optional<String> audience = Optional.ofNullable(ctx.queryParam("audience"));
        Optional<String> clientId = Optional.ofNullable(ctx.queryParam("client_id"));
        Optional<String> subjectType = Optional.ofNullable(ctx.queryParam("subject_type"));
        Optional<String> defaultFor = Optional.ofNullable(ctx.queryParam("default_for"));
        Optional<Boolean> anyOrg = ctx.queryParam("allow_any_organization") == null ? Optional.empty()
                : Optional.of(Paging.flag(ctx, "allow_any_organization", false));
        List<JsonNode> items = service.list().stream()
                .filter(g -> audience.isEmpty() || g.audience().equals(audience.get()))
                .filter(g -> clientId.isEmpty() || g.clientId().equals(clientId))
                .filter(g -> subjectType.isEmpty() || g.subjectType().equals(subjectType.get()))
                .filter(g -> defaultFor.isEmpty() || g.defaultFor().equals(defaultFor))
                .filter(g -> anyOrg.isEmpty() || g.allowAnyOrganization() == anyOrg.get())
                .map(g -> (JsonNode) g.doc())
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("client_grants", items));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:client_grants");
        ClientGrant g = service.find(ManagementApi.path(ctx, "id")).orElseThrow(ClientGrantsApi::notFound);
        ManagementApi.json(ctx, 200, g.doc());
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:client_grants");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        ClientGrant g = ManagementApi.domain(() -> service.create(ClientRequests.newGrant(body)));
        ManagementApi.json(ctx, 201, g.doc());
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:client_grants");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        ClientGrant g = ManagementApi.domain(() -> service.update(ManagementApi.path(ctx, "id"), ClientRequests.grantPatch(body)))
                .orElseThrow(ClientGrantsApi::notFound);
        ManagementApi.json(ctx, 200, g.doc());
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:client_grants");
        ManagementApi.domain(() -> service.delete(ManagementApi.path(ctx, "id")));
        ManagementApi.noContent(ctx);
    }

    static ApiException notFound() {
        return ApiException.notFound("The client grant does not exist", "inexistent_client_grant");
    }
}
