package dev.atrium.web.management;

import dev.atrium.common.OAuthError;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.users.Administrator;
import dev.atrium.users.Administrators;
import dev.atrium.users.NewUser;
import dev.atrium.users.User;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/users} and {@code /api/v2/users-by-email} (api-contract.md §B.8).
 *
 * <p>A user token (issue 9, point 1; {@link ManagementApi} lets it reach only these two operations)
 * acts on its own user only, with Auth0's current_user scopes:
 * <ul>
 *   <li>{@code GET /api/v2/users/{own id}} with {@code read:current_user};</li>
 *   <li>{@code PATCH /api/v2/users/{own id}} whose body is exactly {@code {"user_metadata": {...}}}:
 *       setting keys needs {@code update:current_user_metadata} or {@code create:current_user_metadata},
 *       removing a key (a {@code null} value) needs {@code update:current_user_metadata} or
 *       {@code delete:current_user_metadata}.</li>
 * </ul>
 * Another user's id, or any other property (app_metadata, email, password, blocked…), is 403
 * {@code insufficient_scope}. On a client token the current_user scopes count for nothing.
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
    private final Administrators administrators;
    private final Changes changes;

    /** Told of users created and updated here (issue 13: {@code verify_email} sends a verification e-mail). */
    public interface Changes {
        void created(User user, NewUser request);

        void updated(User before, User after, UserPatch request);
    }

    public UsersApi(UserService service, Administrators administrators) {
        this(service, administrators, null);
    }

    public UsersApi(UserService service, Administrators administrators, Changes changes) {
        this.service = service;
        this.administrators = administrators;
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
                    paging.offset(), paging.limit(), paging.needsTotal());
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
        Principal caller = ManagementApi.principal(ctx);
        if (caller.isUser()) {
            ownUser(ctx, caller, "read:current_user");
        } else {
            ManagementApi.require(ctx, "read:users", "read:user_idp_tokens");
        }
        User u = service.find(ManagementApi.path(ctx, "id")).orElseThrow(UsersApi::notFound);
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(u.doc()));
    }

    public void create(Context ctx) {
        ManagementApi.require(ctx, "create:users");
        ObjectNode body = ManagementApi.body(ctx);
        CREATE.validate(body);
        NewUser request = UserRequests.newUser(body);
        User u = userExists(() -> ManagementApi.domain(() -> service.createByAdministrator(request)));
        if (changes != null) {
            changes.created(u, request);
        }
        ManagementApi.json(ctx, 201, u.doc());
    }

    public void update(Context ctx) {
        Principal caller = ManagementApi.principal(ctx);
        if (caller.isUser()) {
            updateOwnMetadata(ctx, caller);
            return;
        }
        Principal p = ManagementApi.require(ctx, "update:users", "update:users_app_metadata");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        if (!p.hasAny("update:users")) {
            for (String name : body.propertyNames()) {
                if (!METADATA.contains(name)) {
                    throw ApiException.forbidden("Insufficient scope; expected any of: update:users.", OAuthError.INSUFFICIENT_SCOPE.code());
                }
            }
        }
        String id = ManagementApi.path(ctx, "id");
        UserPatch patch = UserRequests.patch(body);
        Optional<User> before = changes == null ? Optional.empty() : service.find(id);
        User u = userExists(() -> ManagementApi.domain(() -> service.update(id, patch))).orElseThrow(UsersApi::notFound);
        before.ifPresent(b -> changes.updated(b, u, patch));
        ManagementApi.json(ctx, 200, u.doc());
    }

    public void delete(Context ctx) {
        ManagementApi.require(ctx, "delete:users");
        service.delete(ManagementApi.path(ctx, "id"));
        ManagementApi.noContent(ctx);
    }

    /**
     * {@code GET /api/v2/users/{id}/atrium-admin} (Atrium's own, scope {@code read:atrium_admins}): the
     * grant as {@code {user_id, granted_by, granted_at}}, or 404 when the user is no administrator.
     */
    public void getAdministrator(Context ctx) {
        ManagementApi.require(ctx, ManagementApiScopes.READ_ATRIUM_ADMINS, ManagementApiScopes.UPDATE_ATRIUM_ADMINS);
        String id = ManagementApi.path(ctx, "id");
        service.find(id).orElseThrow(UsersApi::notFound);
        Administrator a = administrators.find(id).orElseThrow(() ->
                ApiException.notFound("The user is not an Atrium administrator.", "inexistent_atrium_admin"));
        ManagementApi.json(ctx, 200, administratorJson(a));
    }

    /**
     * {@code POST /api/v2/users/{id}/atrium-admin} (scope {@code update:atrium_admins}): makes the user a
     * dashboard administrator, recorded as granted by {@code client:<client_id>}; 201 when new (the
     * user's sessions and refresh tokens end), 200 when it already was.
     */
    public void grantAdministrator(Context ctx) {
        Principal p = ManagementApi.require(ctx, ManagementApiScopes.UPDATE_ATRIUM_ADMINS);
        String id = ManagementApi.path(ctx, "id");
        boolean added = administrators.grant(id, "client:" + p.clientId()).orElseThrow(UsersApi::notFound);
        ManagementApi.json(ctx, added ? 201 : 200, administratorJson(administrators.find(id).orElseThrow()));
    }

    /** {@code DELETE /api/v2/users/{id}/atrium-admin} (scope {@code update:atrium_admins}): 204, or 404 when not one. */
    public void revokeAdministrator(Context ctx) {
        ManagementApi.require(ctx, ManagementApiScopes.UPDATE_ATRIUM_ADMINS);
        String id = ManagementApi.path(ctx, "id");
        service.find(id).orElseThrow(UsersApi::notFound);
        if (!administrators.revoke(id)) {
            throw ApiException.notFound("The user is not an Atrium administrator.", "inexistent_atrium_admin");
        }
        ManagementApi.noContent(ctx);
    }

    private static ObjectNode administratorJson(Administrator a) {
        return Json.object().put("user_id", a.userId()).put("granted_by", a.grantedBy()).put("granted_at", a.grantedAt().toString());
    }

    /** A user token: {@code user_metadata} of its own user, nothing else. */
    private void updateOwnMetadata(Context ctx, Principal caller) {
        String id = ownUser(ctx, caller, "update:current_user_metadata", "create:current_user_metadata",
                "delete:current_user_metadata");
        ObjectNode body = ManagementApi.body(ctx);
        UPDATE.validate(body);
        for (String name : body.propertyNames()) {
            if (!name.equals("user_metadata")) {
                throw ApiException.forbidden("Insufficient scope; a user token may change only user_metadata (expected any of: update:users).",
                        OAuthError.INSUFFICIENT_SCOPE.code());
            }
        }
        JsonNode meta = body.get("user_metadata");
        boolean sets = false;
        boolean removes = false;
        if (meta != null) {
            for (String key : meta.propertyNames()) {
                if (meta.get(key).isNull()) {
                    removes = true;
                } else {
                    sets = true;
                }
            }
        }
        if (sets && !caller.hasAny("update:current_user_metadata", "create:current_user_metadata")) {
            throw ApiException.forbidden("Insufficient scope; expected any of: update:current_user_metadata,create:current_user_metadata.",
                    OAuthError.INSUFFICIENT_SCOPE.code());
        }
        if (removes && !caller.hasAny("update:current_user_metadata", "delete:current_user_metadata")) {
            throw ApiException.forbidden("Insufficient scope; expected any of: update:current_user_metadata,delete:current_user_metadata.",
                    OAuthError.INSUFFICIENT_SCOPE.code());
        }
        UserPatch patch = UserRequests.patch(body);
        User u = ManagementApi.domain(() -> service.update(id, patch)).orElseThrow(UsersApi::notFound);
        ManagementApi.json(ctx, 200, u.doc());
    }

    /** The path's user id when it is the caller's own and the caller holds one of {@code scopes}; else 403. */
    private static String ownUser(Context ctx, Principal caller, String... scopes) {
        ManagementApi.require(ctx, scopes);
        String id = ManagementApi.path(ctx, "id");
        if (!caller.userId().orElseThrow().equals(id)) {
            throw ApiException.forbidden("Insufficient scope; a user token acts only on its own user (expected any of: "
                    + (scopes[0].startsWith("read") ? "read:users" : "update:users") + ").", OAuthError.INSUFFICIENT_SCOPE.code());
        }
        return id;
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
