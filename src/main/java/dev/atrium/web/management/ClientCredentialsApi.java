package dev.atrium.web.management;

import dev.atrium.clients.ClientCredential;
import dev.atrium.clients.ClientCredentialService;
import dev.atrium.clients.NewClientCredential;
import dev.atrium.common.Json;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code /api/v2/clients/{client_id}/credentials}: the public keys of {@code private_key_jwt}
 * (api-contract.md §A.2). The PEM is accepted, never returned.
 *
 * <p>Specifications: Auth0 Management API "Get client credentials", "Create a client credential",
 * "Update a client credential", "Delete a client credential".
 */
public final class ClientCredentialsApi {
    static final Schema CREATE = Schema.of()
            .enumOf("credential_type", true, Set.of(NewClientCredential.PUBLIC_KEY))
            .string("name", false, 0, 128)
            .string("kid", false, 1, 64)
            .string("pem", true, 1, 20_000)
            .enumOf("alg", false, ClientCredentialService.ALGORITHMS)
            .nullableString("expires_at", 64);
    static final Schema UPDATE = Schema.of().nullableString("expires_at", 64);

    private final ClientCredentialService credentials;

    public ClientCredentialsApi(ClientCredentialService credentials) {
        this.credentials = credentials;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:client_credentials");
        ArrayNode out = Json.array();
        credentials.list(ManagementApi.path(ctx, "id")).orElseThrow(ClientsApi::notFound).forEach(c -> out.add(view(c)));
        ManagementApi.json(ctx, 200, out);
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:client_credentials");
        ClientCredential c = credentials.find(ManagementApi.path(ctx, "id"), ManagementApi.path(ctx, "credential_id"))
                .orElseThrow(ClientCredentialsApi::notFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:client_credentials");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        String clientId = ManagementApi.path(ctx, "id");
        ClientCredential c = ManagementApi.domain(() -> credentials.create(clientId, ClientRequests.newCredential(body))).orElseThrow(ClientsApi::notFound);
        ManagementApi.json(ctx, 201, view(c));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:client_credentials");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        String clientId = ManagementApi.path(ctx, "id");
        String id = ManagementApi.path(ctx, "credential_id");
        ClientCredential c = ManagementApi.domain(() -> credentials.update(clientId, id, ClientRequests.expiry(body.get("expires_at")))).orElseThrow(ClientCredentialsApi::notFound);
        ManagementApi.json(ctx, 200, view(c));
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:client_credentials");
        String clientId = ManagementApi.path(ctx, "id");
        String id = ManagementApi.path(ctx, "credential_id");
        if (!ManagementApi.domain(() -> credentials.delete(clientId, id))) {
            throw notFound();
        }
        ManagementApi.noContent(ctx);
    }

    static ApiException notFound() {
        return ApiException.notFound("The credential does not exist", "inexistent_credential");
    }

    static JsonNode view(ClientCredential c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        o.put("name", c.name());
        o.put("kid", c.kid());
        o.put("alg", c.alg());
        o.put("credential_type", c.credentialType());
        o.put("created_at", c.createdAt().toString());
        o.put("updated_at", c.updatedAt().toString());
        if (c.expiresAt() != null) {
            o.put("expires_at", c.expiresAt().toString());
        }
        return o;
    }
}
