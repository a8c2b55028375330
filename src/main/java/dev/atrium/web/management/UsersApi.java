package dev.atrium.web.management;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.users.User;
import dev.atrium.users.UserService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/users} and {@code /api/v2/users-by-email} (api-contract.md §B.8). The
 * {@code *:current_user} scopes are not accepted: they belong to user tokens, which this API
 * does not issue yet, and on a client token they would open every user.
 */
public final class UsersApi {
    static final Schema CREATE = Schema.of()
            .string("connection", true, 1, 128)
            .string("email", false, 1, 320)
            .string("phone_number", false, 1, 32)
            .string("username", false, 1, 128)
            .string("password", false, 1, 1024)
            .string("user_id", false, 1, 255)
            .bool("email_verified")
            .bool("verify_email")
            .bool("phone_verified")
            .bool("blocked")
            .string("given_name", false, 1, 150)
            .string("family_name", false, 1, 150)
            .string("name", false, 1, 300)
            .string("nickname", false, 1, 300)
            .string("picture", false, 1, 2048)
            .object("user_metadata", false)
            .object("app_metadata", false);
    static final Schema UPDATE = Schema.of()
            .bool("blocked")
            .bool("email_verified")
            .nullableString("email", 320)
            .nullableString("phone_number", 32)
            .bool("phone_verified")
            .object("user_metadata", false)
            .object("app_metadata", false)
            .nullableString("given_name", 150)
            .nullableString("family_name", 150)
            .nullableString("name", 300)
            .nullableString("nickname", 300)
            .nullableString("picture", 2048)
            .bool("verify_email")
            .bool("verify_phone_number")
            .string("password", false, 1, 1024)
            .string("connection", false, 1, 128)
            .string("client_id", false, 1, 64)
            .nullableString("username", 128);
    private static final Set<String> METADATA = Set.of("user_metadata", "app_metadata");

    private final UserService service;
    private final Changes changes;

    /** Told of users created and updated here (issue 13: {@code verify_email} sends a verification e-mail). */
    public interface Changes {
        void created(User user, ObjectNode request);

        void updated(User before, User after, ObjectNode request);
    }

    public UsersApi(UserService service) {
        this(service, null);
    }

    public UsersApi(UserService service, Changes changes) {
        this.service = service;
        this.changes = changes;
    }

    public void list(Context ctx) {
        ManagementApi.require(ctx, "read:users", "read:user_idp_tokens");
        Paging paging = Paging.parse(ctx);
        Fields fields = Fields.parse(ctx);
        String engine = ctx.queryParam("search_engine");
        if (engine != null && !Set.of("v1", "v2", "v3").contains(engine)) {
            throw ApiException.invalidQuery("Query validation error: 'No enum match for: \"" + engine
                    + "\"' on property search_engine.");
        }
        UserService.Page page;
        try {
            page = service.search(ctx.queryParam("q"), Optional.ofNullable(ctx.queryParam("connection")),
                    paging.offset(), paging.limit());
        } catch (InvalidRequestException e) {
            throw ApiException.invalidQuery(e.getMessage());
        }
        List<JsonNode> items = page.users().stream().map(u -> fields.apply(u.doc())).toList();
        ManagementApi.json(ctx, 200, paging.render("users", items, page.total(), true));
    }

    public void byEmail(Context ctx) {
        ManagementApi.require(ctx, "read:users");
        Fields fields = Fields.parse(ctx);
        String email = ctx.queryParam("email");
        if (email == null || email.isBlank()) {
            throw ApiException.invalidQuery("Query validation error: 'Missing required property: email'.");
        }
        var items = Json.array();
        service.byEmail(email).forEach(u -> items.add(fields.apply(u.doc())));
        ManagementApi.json(ctx, 200, items);
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:users", "read:user_idp_tokens");
        User u = service.find(ManagementApi.path(ctx, "id")).orElseThrow(UsersApi::notFound);
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(u.doc()));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:users");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        User u = userExists(() -> ManagementApi.domain(() -> service.create(body)));
        if (changes != null) {
            changes.created(u, body);
        }
        ManagementApi.json(ctx, 201, u.doc());
    }

    public void update(Context ctx) {
        Principal p = ManagementApi.require(ctx, "update:users", "update:users_app_metadata");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        if (!p.hasAny("update:users")) {
            for (String name : body.propertyNames()) {
                if (!METADATA.contains(name)) {
                    throw ApiException.forbidden("Insufficient scope; expected any of: update:users.", "insufficient_scope");
                }
            }
        }
        String id = ManagementApi.path(ctx, "id");
        Optional<User> before = changes == null ? Optional.empty() : service.find(id);
        User u = userExists(() -> ManagementApi.domain(() -> service.update(id, body))).orElseThrow(UsersApi::notFound);
        before.ifPresent(b -> changes.updated(b, u, body));
        ManagementApi.json(ctx, 200, u.doc());
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:users");
        service.delete(ManagementApi.path(ctx, "id"));
        ManagementApi.noContent(ctx);
    }

    /** Auth0's answer to a taken email or username, with the error code its identity provider reports. */
    private static <T> T userExists(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw ApiException.conflict(UserService.USER_EXISTS, "auth0_idp_error");
            }
            throw e;
        }
    }

    static ApiException notFound() {
        return ApiException.notFound("The user does not exist.", "inexistent_user");
    }
}
