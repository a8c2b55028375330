package dev.atrium.web.management;

import dev.atrium.authflow.LoginService;
import dev.atrium.common.Json;
import dev.atrium.users.User;
import dev.atrium.users.UserService;
import io.javalin.http.Context;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code /api/v2/user-blocks}: the blocks brute-force protection placed on a user (by id) or on an
 * identifier (email or username), and lifting them.
 *
 * <p>Specifications: Auth0 Management API "Get blocks by identifier", "Unblock by identifier",
 * "Get a user's blocks", "Unblock a user"; Auth0 "Brute-Force Protection".
 */
public final class UserBlocksApi {
    private final LoginService login;
    private final UserService users;

    public UserBlocksApi(LoginService login, UserService users) {
        this.login = login;
        this.users = users;
    }

    public void byIdentifier(Context ctx) {
        ManagementApi.require(ctx, "read:users");
        ManagementApi.json(ctx, 200, render(login.blocks(identifier(ctx))));
    }

    public void unblockIdentifier(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        login.unblock(identifier(ctx));
        ManagementApi.noContent(ctx);
    }

    public void byUser(Context ctx) {
        ManagementApi.require(ctx, "read:users");
        ManagementApi.json(ctx, 200, render(login.blocks(user(ctx))));
    }

    public void unblockUser(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        login.unblock(user(ctx));
        ManagementApi.noContent(ctx);
    }

    private User user(Context ctx) {
        return users.find(ManagementApi.path(ctx, "id")).orElseThrow(UsersApi::notFound);
    }

    private static String identifier(Context ctx) {
        String identifier = ctx.queryParam("identifier");
        if (identifier == null || identifier.isBlank()) {
            throw ApiException.invalidQuery("Query validation error: 'Missing required property: identifier'.");
        }
        return identifier.trim();
    }

    private static ObjectNode render(List<LoginService.Block> blocks) {
        ArrayNode list = Json.array();
        for (LoginService.Block b : blocks) {
            list.add(Json.object().put("identifier", b.identifier()).put("ip", b.ip()).put("connection", b.connection()));
        }
        ObjectNode body = Json.object();
        body.set("blocked_for", list);
        return body;
    }
}
