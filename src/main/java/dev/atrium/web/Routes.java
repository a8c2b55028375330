package dev.atrium.web;

import dev.atrium.common.Json;
import dev.atrium.keys.KeyService;
import dev.atrium.oauth.DiscoveryEndpoint;
import dev.atrium.oauth.OAuthException;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.management.ApiException;
import dev.atrium.web.management.ClientGrantsApi;
import dev.atrium.web.management.ClientsApi;
import dev.atrium.web.management.ConnectionsApi;
import dev.atrium.web.management.ManagementApi;
import dev.atrium.web.management.ResourceServersApi;
import dev.atrium.web.management.RolesApi;
import dev.atrium.web.management.SigningKeysApi;
import dev.atrium.web.management.TenantSettingsApi;
import dev.atrium.web.management.UserRolesApi;
import dev.atrium.web.management.UsersApi;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.BooleanSupplier;

/**
 * Every HTTP route of Atrium, top to bottom, and how errors are answered on each surface: OAuth
 * JSON for the Authentication API, Auth0's Management shape under {@code /api/v2}, and never a
 * stack trace.
 */
public final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** What the routes call; built by {@link dev.atrium.Atrium}. */
    public record Endpoints(
            BooleanSupplier ready,
            DiscoveryEndpoint discovery,
            KeyService keys,
            AuthenticationApi auth,
            HostedPages pages,
            ManagementApi management,
            ClientsApi clients,
            ClientGrantsApi clientGrants,
            ResourceServersApi resourceServers,
            TenantSettingsApi tenantSettings,
            SigningKeysApi signingKeys,
            RolesApi roles,
            UserRolesApi userRoles,
            ConnectionsApi connections,
            UsersApi users) {
    }

    private Routes() {
    }

    public static void configure(JavalinConfig cfg, Endpoints e) {
        cfg.http.maxRequestSize = 1_000_000;
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        var r = cfg.routes;

        // operations
        r.get("/health", ctx -> {
            boolean ok = e.ready().getAsBoolean();
            ObjectNode body = Json.object().put("status", ok ? "ok" : "unavailable");
            ctx.status(ok ? 200 : 503).contentType("application/json").result(Json.write(body));
        });

        // discovery
        r.get("/.well-known/openid-configuration", ctx -> publicJson(ctx, e.discovery().document()));
        r.get("/.well-known/jwks.json", ctx -> publicJson(ctx,
                Json.parseObject(e.keys().snapshot().published().toString(true))));

        // Authentication API: the browser flow and its hosted pages
        r.get("/authorize", e.pages()::authorize);
        r.get("/authorize/resume", e.pages()::resume);
        r.get("/u/organization", e.pages()::organizationPage);
        r.post("/u/organization", e.pages()::organizationSubmit);
        r.get("/u/organization-picker", e.pages()::pickerPage);
        r.post("/u/organization-picker", e.pages()::pickerSubmit);
        r.get("/u/login", e.pages()::loginPage);
        r.post("/u/login", e.pages()::loginSubmit);
        r.get("/u/signup", e.pages()::signupPage);
        r.post("/u/signup", e.pages()::signupSubmit);
        r.get("/u/consent", e.pages()::consentPage);
        r.post("/u/consent", e.pages()::consentSubmit);
        r.get("/v2/logout", e.auth()::v2Logout);
        r.get("/oidc/logout", e.auth()::oidcLogout);
        r.post("/oidc/logout", e.auth()::oidcLogout);

        // Authentication API: back-channel endpoints (CORS for the application's own origins)
        r.before("/oauth/*", e.auth()::cors);
        r.before("/userinfo", e.auth()::cors);
        r.options("/oauth/token", ctx -> ctx.status(204));
        r.options("/oauth/revoke", ctx -> ctx.status(204));
        r.options("/userinfo", ctx -> ctx.status(204));
        r.post("/oauth/token", e.auth()::token);
        r.post("/oauth/revoke", e.auth()::revoke);
        r.get("/userinfo", e.auth()::userinfo);
        r.post("/userinfo", e.auth()::userinfo);

        // Management API v2
        r.before("/api/v2/*", ctx -> e.management().authenticate(ctx));

        r.get("/api/v2/clients", e.clients()::list);
        r.post("/api/v2/clients", e.clients()::create);
        r.get("/api/v2/clients/{id}", e.clients()::get);
        r.patch("/api/v2/clients/{id}", e.clients()::update);
        r.delete("/api/v2/clients/{id}", e.clients()::delete);
        r.post("/api/v2/clients/{id}/rotate-secret", e.clients()::rotateSecret);

        r.get("/api/v2/client-grants", e.clientGrants()::list);
        r.post("/api/v2/client-grants", e.clientGrants()::create);
        r.get("/api/v2/client-grants/{id}", e.clientGrants()::get);
        r.patch("/api/v2/client-grants/{id}", e.clientGrants()::update);
        r.delete("/api/v2/client-grants/{id}", e.clientGrants()::delete);

        r.get("/api/v2/resource-servers", e.resourceServers()::list);
        r.post("/api/v2/resource-servers", e.resourceServers()::create);
        r.get("/api/v2/resource-servers/{id}", e.resourceServers()::get);
        r.patch("/api/v2/resource-servers/{id}", e.resourceServers()::update);
        r.delete("/api/v2/resource-servers/{id}", e.resourceServers()::delete);

        r.get("/api/v2/tenants/settings", e.tenantSettings()::get);
        r.patch("/api/v2/tenants/settings", e.tenantSettings()::update);

        r.get("/api/v2/keys/signing", e.signingKeys()::list);
        r.post("/api/v2/keys/signing/rotate", e.signingKeys()::rotate);
        r.get("/api/v2/keys/signing/{kid}", e.signingKeys()::get);
        r.put("/api/v2/keys/signing/{kid}/revoke", e.signingKeys()::revoke);

        r.get("/api/v2/roles", e.roles()::list);
        r.post("/api/v2/roles", e.roles()::create);
        r.get("/api/v2/roles/{id}", e.roles()::get);
        r.patch("/api/v2/roles/{id}", e.roles()::update);
        r.delete("/api/v2/roles/{id}", e.roles()::delete);
        r.get("/api/v2/roles/{id}/permissions", e.roles()::permissions);
        r.post("/api/v2/roles/{id}/permissions", e.roles()::addPermissions);
        r.delete("/api/v2/roles/{id}/permissions", e.roles()::removePermissions);
        r.get("/api/v2/roles/{id}/users", e.roles()::users);
        r.post("/api/v2/roles/{id}/users", e.roles()::addUsers);

        r.get("/api/v2/users/{id}/roles", e.userRoles()::roles);
        r.post("/api/v2/users/{id}/roles", e.userRoles()::assignRoles);
        r.delete("/api/v2/users/{id}/roles", e.userRoles()::removeRoles);
        r.get("/api/v2/users/{id}/permissions", e.userRoles()::permissions);
        r.post("/api/v2/users/{id}/permissions", e.userRoles()::addPermissions);
        r.delete("/api/v2/users/{id}/permissions", e.userRoles()::removePermissions);
        r.get("/api/v2/connections", e.connections()::list);
        r.post("/api/v2/connections", e.connections()::create);
        r.get("/api/v2/connections/{id}", e.connections()::get);
        r.patch("/api/v2/connections/{id}", e.connections()::update);
        r.delete("/api/v2/connections/{id}", e.connections()::delete);
        r.get("/api/v2/connections/{id}/clients", e.connections()::clients);
        r.patch("/api/v2/connections/{id}/clients", e.connections()::updateClients);
        r.get("/api/v2/clients/{id}/connections", e.connections()::forClient);

        r.get("/api/v2/users", e.users()::list);
        r.post("/api/v2/users", e.users()::create);
        r.get("/api/v2/users/{id}", e.users()::get);
        r.patch("/api/v2/users/{id}", e.users()::update);
        r.delete("/api/v2/users/{id}", e.users()::delete);
        r.get("/api/v2/users-by-email", e.users()::byEmail);

        // errors
        r.exception(ApiException.class, (ex, ctx) -> ManagementApi.error(ctx, ex));
        r.exception(OAuthException.class, (ex, ctx) -> OAuthHttp.error(ctx, ex));
        r.exception(Exception.class, (ex, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), ex);
            if (isManagement(ctx)) {
                ManagementApi.error(ctx, new ApiException(500, "Internal error", "internal_error"));
            } else {
                OAuthHttp.error(ctx, new OAuthException(500, "server_error", "The server could not complete the request."));
            }
        });
        r.error(404, ctx -> {
            if (isManagement(ctx) && ctx.result() != null && !ctx.result().startsWith("{")) {
                ManagementApi.error(ctx, new ApiException(404, "Not Found", null));
            }
        });
        r.error(405, ctx -> {
            if (isManagement(ctx)) {
                ManagementApi.error(ctx, new ApiException(405, "Method Not Allowed", null));
            }
        });
    }

    private static boolean isManagement(Context ctx) {
        return ctx.path().startsWith("/api/v2");
    }

    /** Discovery documents may be read from any origin. */
    private static void publicJson(Context ctx, ObjectNode body) {
        ctx.header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "public, max-age=60")
                .contentType("application/json").result(Json.write(body));
    }
}
