package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.keys.KeyService;
import dev.atrium.keys.SigningKey;
import io.javalin.http.Context;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Auth0's signing-key endpoints: list, get, rotate ({@code POST /keys/signing/rotate}) and revoke
 * ({@code PUT /keys/signing/{kid}/revoke}). A previous key keeps verifying until it is revoked.
 */
public final class SigningKeysApi {
    private final KeyService keys;

    public SigningKeysApi(KeyService keys) {
        this.keys = keys;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:signing_keys");
        ArrayNode out = Json.array();
        keys.list().forEach(k -> out.add(view(k)));
        ManagementApi.json(ctx, 200, out);
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:signing_keys");
        SigningKey k = keys.find(ManagementApi.path(ctx, "kid")).orElseThrow(SigningKeysApi::notFound);
        ManagementApi.json(ctx, 200, view(k));
    }

    public void rotate(Context ctx) {
        ManagementApi.require(ctx, "create:signing_keys", "update:signing_keys");
        SigningKey k = keys.rotate();
        ObjectNode o = Json.object();
        o.put("cert", KeyService.pem(k));
        o.put("kid", k.kid());
        ManagementApi.json(ctx, 201, o);
    }

    public void revoke(Context ctx) {
        ManagementApi.require(ctx, "update:signing_keys");
        SigningKey k;
        try {
            k = keys.revoke(ManagementApi.path(ctx, "kid")).orElseThrow(SigningKeysApi::notFound);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ObjectNode o = Json.object();
        o.put("cert", KeyService.pem(k));
        o.put("kid", k.kid());
        ManagementApi.json(ctx, 200, o);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Signing key not found", "inexistent_signing_key");
    }

    static ObjectNode view(SigningKey k) {
        ObjectNode o = Json.object();
        o.put("kid", k.kid());
        o.put("cert", KeyService.pem(k));
        o.put("fingerprint", KeyService.fingerprint(k, "SHA-1").replaceAll("(..)(?!$)", "$1:").toUpperCase());
        o.put("thumbprint", KeyService.fingerprint(k, "SHA-1"));
        o.put("current", k.status() == SigningKey.Status.CURRENT);
        o.put("next", k.status() == SigningKey.Status.NEXT);
        o.put("previous", k.status() == SigningKey.Status.PREVIOUS);
        k.currentSince().ifPresent(t -> o.put("current_since", t.toString()));
        k.currentUntil().ifPresent(t -> o.put("current_until", t.toString()));
        o.put("revoked", k.revoked());
        k.revokedAt().ifPresent(t -> o.put("revoked_at", t.toString()));
        return o;
    }
}
