package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
import dev.atrium.sessions.BrowserSession;
import dev.atrium.oauth.DbConnectionsEndpoint;
import dev.atrium.oauth.LogoutEndpoint;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.RevocationEndpoint;
import dev.atrium.oauth.TokenEndpoint;
import dev.atrium.oauth.UserInfoEndpoint;
import dev.atrium.sessions.SessionService;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.Templates;
import dev.atrium.web.ui.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Authentication API's HTTP side outside the sign-in pages: {@code /oauth/token},
 * {@code /oauth/revoke}, {@code /userinfo}, the two logout endpoints, and CORS for single-page
 * applications calling from an origin listed in their {@code allowed_origins} or {@code web_origins}.
 */
public final class AuthenticationApi {
    private static final Set<String> OIDC_LOGOUT_PARAMS = Set.of("id_token_hint", "logout_hint", "client_id",
            "post_logout_redirect_uri", "state", "ui_locales");

    private final TokenEndpoint token;
    private final DbConnectionsEndpoint dbConnections;
    private final UserInfoEndpoint userinfo;
    private final RevocationEndpoint revocation;
    private final LogoutEndpoint logout;
    private final SessionService sessions;
    private final ClientStore clients;
    private final HostedPages pages;
    private final Cookies cookies;
    private final Csrf csrf;
    private final Templates templates;
    private final EventLog log;
    private FederatedLogout federated; // issue 11: /v2/logout?federated
    private PlaceholderOrigins placeholderOrigins; // O18: allowed origins holding {organization_name}

    public AuthenticationApi(TokenEndpoint token, DbConnectionsEndpoint dbConnections, UserInfoEndpoint userinfo, RevocationEndpoint revocation,
                             LogoutEndpoint logout, SessionService sessions, ClientStore clients, HostedPages pages,
                             Cookies cookies, Csrf csrf, Templates templates) {
        this(token, dbConnections, userinfo, revocation, logout, sessions, clients, pages, cookies, csrf, templates, EventLog.NONE);
    }

    public AuthenticationApi(TokenEndpoint token, DbConnectionsEndpoint dbConnections, UserInfoEndpoint userinfo, RevocationEndpoint revocation,
                             LogoutEndpoint logout, SessionService sessions, ClientStore clients, HostedPages pages,
                             Cookies cookies, Csrf csrf, Templates templates, EventLog log) {
        this.log = log;
        this.token = token;
        this.dbConnections = dbConnections;
        this.userinfo = userinfo;
        this.revocation = revocation;
        this.logout = logout;
        this.sessions = sessions;
        this.clients = clients;
        this.pages = pages;
        this.cookies = cookies;
        this.csrf = csrf;
        this.templates = templates;
    }

    public void token(Context ctx) {
        OAuthRequest request = OAuthHttp.request(ctx);
        try {
            ObjectNode issued = token.handle(request);
            for (String field : new String[]{"access_token", "id_token"}) {
                if (issued.get(field) != null) {
                    placeholderCors(ctx, issued.get(field).asString());
                }
            }
            OAuthHttp.ok(ctx, issued);
        } finally {
            // O121: the quota headers go with the token and with the 429 alike
            request.responseHeaders().forEach(ctx::header);
        }
    }

    public void signup(Context ctx) {
        Optional<ObjectNode> metadata = Optional.empty();
        if (Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase().startsWith("application/json")) {
            try {
                var body = dev.atrium.common.Json.readRequest(ctx.bodyAsBytes());
                if (body != null && body.get("user_metadata") instanceof ObjectNode m) {
                    metadata = Optional.of(m);
                }
            } catch (tools.jackson.core.JacksonException e) {
                throw OAuthException.invalidRequest("The request body is not valid JSON.");
            }
        }
        OAuthHttp.ok(ctx, dbConnections.signup(OAuthHttp.request(ctx), metadata));
    }

    public void revoke(Context ctx) {
        revocation.revoke(OAuthHttp.request(ctx));
        ctx.status(200).contentType("application/json").result("");
    }

    public void userinfo(Context ctx) {
        Optional<String> bearer = Optional.ofNullable(ctx.header("Authorization"))
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
        if (bearer.isEmpty() && ctx.method().name().equals("POST")) {
            bearer = OAuthHttp.request(ctx).param("access_token");
        }
        try {
            ObjectNode claims = userinfo.claims(bearer);
            placeholderCors(ctx, bearer.get()); // verified by claims()
            OAuthHttp.ok(ctx, claims);
        } catch (OAuthException e) {
            ctx.header("WWW-Authenticate", "Bearer error=\"" + e.error() + "\", error_description=\"" + e.description() + "\"");
            throw e;
        }
    }

    /** O18: lets allowed origins holding {@code {organization_name}} through, for the organization in context. */
    public AuthenticationApi withPlaceholderOrigins(PlaceholderOrigins origins) {
        this.placeholderOrigins = origins;
        return this;
    }

    /** issue 11: lets {@code /v2/logout?federated} continue to the session's enterprise provider. */
    public AuthenticationApi withFederatedLogout(FederatedLogout federated) {
        this.federated = federated;
        return this;
    }

    public void v2Logout(Context ctx) {
        Map<String, String> p = single(ctx);
        LogoutEndpoint.Decision d = logout.v2(p);
        if (federated != null && ctx.queryParamMap().containsKey("federated") && !(d.result() instanceof LogoutEndpoint.Result.Error)) {
            Optional<String> returnTo = d.result() instanceof LogoutEndpoint.Result.Redirect r ? Optional.of(r.location()) : Optional.empty();
            Optional<String> upstream = cookies.session(ctx).flatMap(v -> sessions.current(v, java.time.Duration.ZERO))
                    .flatMap(s -> federated.endSessionUrl(s.connectionId(), returnTo));
            if (upstream.isPresent()) {
                d = new LogoutEndpoint.Decision(new LogoutEndpoint.Result.Redirect(upstream.get()), d.endSession(), d.sid());
            }
        }
        finish(ctx, d);
    }

    /** GET or POST; a POST is the confirmation form and must carry its CSRF token. */
    public void oidcLogout(Context ctx) {
        Map<String, String> p = single(ctx);
        boolean confirmed = false;
        if (ctx.method().name().equals("POST")) {
            ctx.formParamMap().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    p.put(k, v.get(0));
                }
            });
            confirmed = cookies.existingDevice(ctx).map(d -> csrf.valid(d, "logout", ctx.formParam("_csrf"))).orElse(false);
            if (!confirmed) {
                pages.error(ctx, 400, OAuthError.INVALID_REQUEST.code(), "The sign-out form expired. Try again.");
                return;
            }
        }
        finish(ctx, logout.oidc(p, confirmed));
    }

    private void finish(Context ctx, LogoutEndpoint.Decision d) {
        recordLogout(ctx, d);
        if (d.endSession()) {
            cookies.session(ctx).ifPresent(sessions::end);
            d.sid().ifPresent(sessions::endBySid);
            cookies.clearSession(ctx);
        }
        LogoutEndpoint.Result r = d.result();
        if (r instanceof LogoutEndpoint.Result.Redirect redirect) {
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(redirect.location(), HttpStatus.FOUND);
        } else if (r instanceof LogoutEndpoint.Result.Error error) {
            pages.error(ctx, 400, error.error(), error.description());
        } else {
            boolean confirm = r instanceof LogoutEndpoint.Result.Confirm;
            Map<String, String> keep = new LinkedHashMap<>();
            single(ctx).forEach((k, v) -> {
                if (OIDC_LOGOUT_PARAMS.contains(k)) {
                    keep.put(k, v);
                }
            });
            templates.send(ctx, 200, "logout.jte", new Views.Logout(pages.chrome("logout",
                    confirm ? "Sign out" : "Signed out", null), csrf.token(cookies.device(ctx), "logout"), keep, confirm));
        }
    }

    /** The one place both logout endpoints are logged: {@code slo} when a session ends, {@code flo} when the request is refused. */
    private void recordLogout(Context ctx, LogoutEndpoint.Decision d) {
        boolean failed = d.result() instanceof LogoutEndpoint.Result.Error;
        if (!failed && !d.endSession()) {
            return;
        }
        String clientId = ctx.queryParam("client_id") != null ? ctx.queryParam("client_id") : ctx.formParam("client_id");
        Optional<Client> client = clientId == null ? Optional.empty() : clients.find(clientId);
        Optional<BrowserSession> session = cookies.session(ctx).flatMap(v -> sessions.current(v, java.time.Duration.ZERO))
                .or(() -> d.sid().flatMap(sessions::findBySid));
        LogEvent.Builder e = failed
                ? LogEvent.of(LogTypes.LOGOUT_FAILED, ((LogoutEndpoint.Result.Error) d.result()).description())
                        .detail("error", ((LogoutEndpoint.Result.Error) d.result()).error())
                : LogEvent.of(LogTypes.LOGOUT_SUCCESS, "Success Logout");
        e.client(client.map(Client::clientId).orElse(clientId), client.map(Client::name).orElse(null));
        session.ifPresent(s -> e.user(s.userId(), null).connection(null, s.connectionId()));
        log.record(e);
    }

    /** Adds CORS headers when the Origin is one that an application lists; answers nothing CORS-related otherwise. */
    public void cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty()) {
            return;
        }
        boolean preflight = ctx.method().name().equals("OPTIONS");
        if (!allowedOrigin(origin) && !(preflight && placeholderOrigins != null && placeholderOrigins.preflight(origin))) {
            // an origin listed only as an {organization_name} template is decided once the request's organization is known
            ctx.header("Vary", "Origin");
            return;
        }
        allowOrigin(ctx, origin);
    }

    /**
     * O18 on the actual request: an origin no application lists exactly is allowed when it is a template of the
     * token's application filled with the name of the token's organization ({@code token} was just issued or verified).
     */
    private void placeholderCors(Context ctx, String token) {
        String origin = ctx.header("Origin");
        if (placeholderOrigins != null && origin != null && ctx.res().getHeader("Access-Control-Allow-Origin") == null
                && placeholderOrigins.allows(origin, PlaceholderOrigins.of(token))) {
            allowOrigin(ctx, origin);
        }
    }

    private static void allowOrigin(Context ctx, String origin) {
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Allow-Credentials", "true");
        if (ctx.method().name().equals("OPTIONS")) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            String asked = ctx.header("Access-Control-Request-Headers");
            ctx.header("Access-Control-Allow-Headers", asked == null ? "Content-Type, Authorization, Auth0-Client" : asked);
            ctx.header("Access-Control-Max-Age", "600");
        }
    }

    private boolean allowedOrigin(String origin) {
        for (Client c : clients.list()) {
            // a template is never matched literally (O18): PlaceholderOrigins decides those
            if (!origin.contains(dev.atrium.clients.UrlPlaceholders.ORGANIZATION_NAME)
                    && (c.allowedOrigins().contains(origin) || c.webOrigins().contains(origin))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> single(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }
}
