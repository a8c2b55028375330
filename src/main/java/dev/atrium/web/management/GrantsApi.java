package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v2/grants}: the consents users gave to applications (api-contract.md §B.10). Revoking
 * one also revokes the refresh tokens issued under it, so the application must ask again
 * (third-party-apps.md T73). {@code organization_id} is our extension (§5 Open Q1).
 */
public final class GrantsApi {
    private final ConsentStore consents;
    private final Clock clock;

    public GrantsApi(ConsentStore consents, Clock clock) {
        this.consents = consents;
        this.clock = clock;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:grants");
        Paging paging = Paging.parse(ctx);
        Optional<String> org = param(ctx, "organization_id");
        List<JsonNode> items = consents.list(param(ctx, "user_id"), param(ctx, "client_id"), param(ctx, "audience")).stream()
                .filter(g -> org.isEmpty() || g.organizationId().equals(org))
                .map(GrantsApi::view)
                .map(JsonNode.class::cast)
                .toList();
        ManagementApi.json(ctx, 200, paging.slice("grants", items));
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:grants");
        consents.delete(ManagementApi.path(ctx, "id"), clock.instant());
        ManagementApi.noContent(ctx);
    }

    /** {@code DELETE /grants?user_id=…}: every consent of one user; without {@code user_id} nothing is deleted. */
    public void deleteOfUser(Context ctx) {
        ManagementApi.require(ctx, "delete:grants");
        String user = param(ctx, "user_id").orElseThrow(() -> new ApiException(400,
                "Query validation error: 'Missing required property: user_id'.", "invalid_query_string"));
        consents.deleteAllOfUser(user, clock.instant());
        ManagementApi.noContent(ctx);
    }

    /** Auth0's user-grant object; note the camel-case {@code clientID}. */
    static ObjectNode view(ConsentGrant g) {
        ObjectNode o = Json.object();
        o.put("id", g.id());
        o.put("clientID", g.clientId());
        o.put("user_id", g.userId());
        o.put("audience", g.audience());
        o.set("scope", Json.strings(g.scope()));
        if (g.organizationId().isPresent()) {
            o.put("organization_id", g.organizationId().get());
        } else {
            o.putNull("organization_id");
        }
        return o;
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isEmpty());
    }
}
