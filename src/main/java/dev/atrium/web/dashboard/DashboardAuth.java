package dev.atrium.web.dashboard;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.oauth.TokenEndpoint;
import dev.atrium.sessions.BrowserSession;
import dev.atrium.sessions.SessionService;
import dev.atrium.tokens.TokenVerifier;
import dev.atrium.users.User;
import dev.atrium.users.Administrators;
import dev.atrium.users.UserService;
import dev.atrium.web.Csrf;
import dev.atrium.web.ui.Templates;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How administrators get into {@code /dashboard} (issue 6): the dashboard is a first-party regular web
 * application of the tenant and signs in through Atrium's own {@code /authorize} with PKCE, state and
 * nonce; the callback exchanges the code through the token endpoint's code path in-process and admits
 * only administrators ({@link Administrators}: a record of its own, never a user field such as
 * {@code app_metadata}). The dashboard session is its own opaque cookie, backed by the sessions table
 * as a session of kind {@code DASHBOARD}, which the SSO cookie does not accept (nor this cookie an SSO
 * session); every form carries a CSRF token bound to that session.
 *
 * <p>Specifications: OpenID Connect Core §3.1 (code flow, nonce); RFC 7636 (PKCE); RFC 6749 §10.12 (state).
 */
public final class DashboardAuth {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardAuth.class);
    /** The dashboard is a back-office tool: a short working day, and an hour of inactivity. */
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration IDLE = Duration.ofHours(1);
    private static final int LOGIN_COOKIE_SECONDS = 600;

    /** A dashboard page handler, called only for a signed-in administrator with a valid CSRF token on posts. */
    @FunctionalInterface
    public interface AdminHandler {
        void handle(DashboardRequest r);
    }

    /** Thrown by handlers when the addressed record does not exist; answered with a 404 page. */
    static final class NotFound extends RuntimeException {
        NotFound(String what) {
            super(what);
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final String issuer;
    private final TokenEndpoint token;
    private final TokenVerifier verifier;
    private final UserService users;
    private final Administrators administrators;
    private final SessionService sessions;
    private final Csrf csrf;
    private final Templates templates;
    private final Supplier<String> tenantName;
    private final boolean secure;
    private final String sessionCookie;
    private final String loginCookie;
    private final String flashCookie;

    public DashboardAuth(String clientId, String clientSecret, String issuer, TokenEndpoint token, TokenVerifier verifier,
                         UserService users, Administrators administrators, SessionService sessions, Csrf csrf,
                         Templates templates, Supplier<String> tenantName) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.issuer = issuer;
        this.token = token;
        this.verifier = verifier;
        this.users = users;
        this.administrators = administrators;
        this.sessions = sessions;
        this.csrf = csrf;
        this.templates = templates;
        this.tenantName = tenantName;
        this.secure = issuer.startsWith("https://");
        String prefix = secure ? "__Host-" : "";
        this.sessionCookie = prefix + "atrium_dashboard";
        this.loginCookie = prefix + "atrium_dashboard_login";
        this.flashCookie = prefix + "atrium_dashboard_flash";
    }

    /** The redirect URI registered for the dashboard application. */
    public static String callback(String issuer) {
        return issuer + "dashboard/callback";
    }

    /** Where {@code /v2/logout} may send the browser back to. */
    public static String signedOut(String issuer) {
        return issuer + "dashboard/signed-out";
    }

    public String clientId() {
        return clientId;
    }

    String tenantName() {
        return tenantName.get();
    }

    /** Wraps a page handler: a signed-in administrator, and on posts a valid CSRF token. */
    public Handler admin(AdminHandler h) {
        return ctx -> {
            Optional<BrowserSession> session = Optional.ofNullable(ctx.cookie(sessionCookie))
                    .flatMap(v -> sessions.current(BrowserSession.Kind.DASHBOARD, v, IDLE));
            boolean post = ctx.method().name().equals("POST");
            if (session.isEmpty()) {
                if (post) {
                    message(ctx, 403, "Your session has ended", "Sign in again to continue; nothing was changed.",
                            "/dashboard", "Sign in");
                } else {
                    startSignIn(ctx, ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
                }
                return;
            }
            Optional<User> user = users.find(session.get().userId());
            if (user.isEmpty() || !isAdmin(user.get())) {
                // an administrator demoted or blocked while signed in loses the dashboard at once
                sessions.end(BrowserSession.Kind.DASHBOARD, ctx.cookie(sessionCookie));
                clear(ctx, sessionCookie);
                notAdmin(ctx);
                return;
            }
            String csrfToken = csrf.token(session.get().idHash(), "dashboard");
            if (post && !csrf.valid(session.get().idHash(), "dashboard", ctx.formParam("_csrf"))) {
                message(ctx, 403, "This form has expired", "The page was open too long or came from somewhere else. "
                        + "Go back, reload the page and try again.", "/dashboard", "Back to the dashboard");
                return;
            }
            DashboardRequest r = new DashboardRequest(ctx, new Ui.Admin(user.get().userId(), user.get().email().orElse(user.get().name())),
                    csrfToken, this, templates);
            try {
                h.handle(r);
            } catch (NotFound e) {
                message(ctx, 404, "Not found", e.getMessage(), "/dashboard", "Back to the dashboard");
            } catch (dev.atrium.common.DatabaseUnavailableException e) {
                throw e; // a 503 with Retry-After (web/Unavailable), not the 500 page below
            } catch (RuntimeException e) {
                LOG.error("dashboard error on {} {}", ctx.method(), ctx.path(), e);
                message(ctx, 500, "Something went wrong", "The change could not be completed. Nothing was half-done: "
                        + "each change is saved whole or not at all.", "/dashboard", "Back to the dashboard");
            }
        };
    }

    private boolean isAdmin(User u) {
        return administrators.isAdmin(u);
    }

    /** Sends the browser to {@code /authorize}, remembering state, nonce, PKCE verifier and where to return. */
    private void startSignIn(Context ctx, String returnTo) {
        String state = Ids.urlSafe(32);
        String nonce = Ids.urlSafe(32);
        String codeVerifier = Ids.urlSafe(64);
        String back = returnTo.startsWith("/dashboard") && !returnTo.startsWith("/dashboard/callback") ? returnTo : "/dashboard";
        String payload = state + "." + nonce + "." + codeVerifier + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(back.getBytes(StandardCharsets.UTF_8));
        set(ctx, loginCookie, payload + "." + csrf.token(payload, "dashboard-login"), LOGIN_COOKIE_SECONDS);
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(callback(issuer))
                + "&scope=" + enc("openid profile email") + "&state=" + enc(state) + "&nonce=" + enc(nonce)
                + "&code_challenge=" + s256(codeVerifier) + "&code_challenge_method=S256", HttpStatus.FOUND);
    }

    /** {@code GET /dashboard/callback}. */
    public void callback(Context ctx) {
        String cookie = ctx.cookie(loginCookie);
        clear(ctx, loginCookie);
        String[] parts = cookie == null ? new String[0] : cookie.split("\\.");
        String state = ctx.queryParam("state");
        if (parts.length != 5 || !csrf.valid(String.join(".", List.of(parts).subList(0, 4)), "dashboard-login", parts[4])
                || state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), parts[0].getBytes(StandardCharsets.UTF_8))) {
            message(ctx, 400, "Sign-in expired", "This sign-in was started elsewhere or took too long. Start again.",
                    "/dashboard", "Sign in");
            return;
        }
        if (ctx.queryParam("error") != null) {
            message(ctx, 400, "Sign-in failed", Optional.ofNullable(ctx.queryParam("error_description")).orElse(ctx.queryParam("error")),
                    "/dashboard", "Try again");
            return;
        }
        String code = ctx.queryParam("code");
        ObjectNode tokens;
        try {
            // in-process: the same grant handler as POST /oauth/token, without a loopback HTTP hop that a
            // proxy, TLS setup or bind address could break
            tokens = token.handle(new OAuthRequest(Map.of(
                    "grant_type", List.of("authorization_code"),
                    "client_id", List.of(clientId),
                    "client_secret", List.of(clientSecret),
                    "code", List.of(code == null ? "" : code),
                    "redirect_uri", List.of(callback(issuer)),
                    "code_verifier", List.of(parts[2])), Optional.empty(), ctx.ip()));
        } catch (OAuthException e) {
            message(ctx, 400, "Sign-in failed", e.description(), "/dashboard", "Try again");
            return;
        }
        Optional<JWTClaimsSet> claims = verifier.verify(Json.text(tokens, "id_token", ""), clientId);
        if (claims.isEmpty() || !parts[1].equals(claims.get().getClaim("nonce"))) {
            LOG.warn("dashboard sign-in: ID token refused");
            message(ctx, 400, "Sign-in failed", "The ID token could not be validated.", "/dashboard", "Try again");
            return;
        }
        Optional<User> user = users.find(claims.get().getSubject());
        if (user.isEmpty() || !isAdmin(user.get())) {
            notAdmin(ctx);
            return;
        }
        Optional.ofNullable(ctx.cookie(sessionCookie)).ifPresent(v -> sessions.end(BrowserSession.Kind.DASHBOARD, v));
        SessionService.Started started = sessions.start(BrowserSession.Kind.DASHBOARD, user.get().userId(),
                user.get().connectionId(), ABSOLUTE, IDLE);
        set(ctx, sessionCookie, started.cookieValue(), -1);
        String back = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(back, HttpStatus.FOUND);
    }

    /** {@code POST /dashboard/signout}: ends the dashboard session, then the SSO session through {@code /v2/logout}. */
    public void signOut(DashboardRequest r) {
        sessions.end(BrowserSession.Kind.DASHBOARD, r.ctx().cookie(sessionCookie));
        clear(r.ctx(), sessionCookie);
        r.ctx().redirect("/v2/logout?client_id=" + enc(clientId) + "&returnTo=" + enc(signedOut(issuer)), HttpStatus.SEE_OTHER);
    }

    /** {@code GET /dashboard/signed-out}. */
    public void signedOut(Context ctx) {
        message(ctx, 200, "You are signed out", "Your dashboard and sign-in sessions have ended.", "/dashboard", "Sign in again");
    }

    private void notAdmin(Context ctx) {
        message(ctx, 403, "Administrators only", "You are signed in, but your account is not an Atrium administrator. "
                + "Ask an administrator for access, or sign out and use another account.",
                "/v2/logout?client_id=" + enc(clientId) + "&returnTo=" + enc(signedOut(issuer)), "Sign out");
    }

    void message(Context ctx, int status, String title, String text, String href, String linkLabel) {
        templates.send(ctx, status, "dashboard/message.jte", new DashboardRequest.Message(title, text, href, linkLabel));
    }

    // ---- flash messages: one signed cookie read by the next page

    void flash(Context ctx, Ui.Flash flash) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (flash.tone() + "|" + flash.message()).getBytes(StandardCharsets.UTF_8));
        set(ctx, flashCookie, payload + "." + csrf.token(payload, "dashboard-flash"), 60);
    }

    Ui.Flash takeFlash(Context ctx) {
        String v = ctx.cookie(flashCookie);
        if (v == null || v.isEmpty()) {
            return null;
        }
        clear(ctx, flashCookie);
        int dot = v.lastIndexOf('.');
        if (dot < 0 || !csrf.valid(v.substring(0, dot), "dashboard-flash", v.substring(dot + 1))) {
            return null;
        }
        String text = new String(Base64.getUrlDecoder().decode(v.substring(0, dot)), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return bar < 0 ? null : new Ui.Flash(text.substring(0, bar), text.substring(bar + 1));
    }

    private void set(Context ctx, String name, String value, int maxAge) {
        Cookie c = new Cookie(name, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setSameSite(SameSite.LAX);
        c.setMaxAge(maxAge);
        ctx.cookie(c);
    }

    private void clear(Context ctx, String name) {
        if (ctx.cookie(name) != null) {
            set(ctx, name, "", 0);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
