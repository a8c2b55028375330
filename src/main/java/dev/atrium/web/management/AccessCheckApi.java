package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.oauth.AccessCheck;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v2/atrium/access-check}: Atrium's own what-if question (not an Auth0 path), answered by
 * {@link AccessCheck} with the same decision and reason codes as a real sign-in. It reads what the log
 * explains, so it needs {@code read:logs}.
 */
public final class AccessCheckApi {
    private final AccessCheck check;

    public AccessCheckApi(AccessCheck check) {
        this.check = check;
    }

    public void check(Context ctx) {
        ManagementApi.require(ctx, LogsApi.READ);
        ObjectNode body = ManagementApi.body(ctx);
        for (String field : body.propertyNames()) {
            if (!java.util.List.of("client_id", "user_id", "connection", "organization", "audience").contains(field)) {
                throw ApiException.badRequest("Payload validation error: 'Additional properties not allowed: " + field + "'.");
            }
            if (!body.get(field).isString() && !body.get(field).isNull()) {
                throw ApiException.badRequest("Payload validation error: '" + field + " must be a string'.");
            }
        }
        ObjectNode answer = ManagementApi.domain(() -> check.check(Json.text(body, "client_id", null), Json.text(body, "user_id", null),
                Json.text(body, "connection", null), Json.text(body, "organization", null), Json.text(body, "audience", null)));
        ManagementApi.json(ctx, 200, answer);
    }
}
