package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.common.Json;
import dev.atrium.web.management.ApiException;
import dev.atrium.web.ui.Chrome;
import dev.atrium.web.ui.Templates;
import dev.atrium.web.ui.Views;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * The one place that decides what an error looks like, from the request path alone, so that a
 * refusal reads the same whether a handler, the router or the HTTP server produced it:
 * <ul>
 *   <li>{@code /api/v2…}: Auth0's Management shape {@code {"statusCode","error","message","errorCode"}};</li>
 *   <li>{@code /oauth/…}, {@code /oidc/…} (except the browser's {@code /oidc/logout}), {@code /userinfo},
 *       {@code /dbconnections/…}, {@code /.well-known/…}, {@code /health}: OAuth's
 *       {@code {"error","error_description"}};</li>
 *   <li>everything else (hosted pages, {@code /authorize}, the dashboard): the hosted error page.</li>
 * </ul>
 * It never renders a stack trace, and the page falls back to unbranded chrome when the tenant cannot
 * be read (a database outage must still produce a readable page).
 */
public final class ErrorShapes {
    /** The three error vocabularies. */
    public enum Shape { MANAGEMENT, OAUTH, PAGE }

    /** A rendered error, for callers outside Javalin (the HTTP server's own error handler). */
    public record Rendered(int status, String contentType, String body) {
    }

    private static final String WRITTEN = "atrium.error.written";
    private static final Chrome PLAIN = new Chrome("error", "Something went wrong", "Atrium", "Atrium", null, null, null);

    private final Templates templates;
    private final Supplier<Chrome> chrome;

    /** {@code chrome} gives the tenant's branding for the hosted page; it may fail, and then plain chrome is used. */
    public ErrorShapes(Templates templates, Supplier<Chrome> chrome) {
        this.templates = templates;
        this.chrome = chrome;
    }

    public static Shape shapeOf(String path) {
        String p = path == null ? "" : path;
        if (p.equals("/api/v2") || p.startsWith("/api/v2/")) {
            return Shape.MANAGEMENT;
        }
        if (p.startsWith("/oidc/logout")) {
            return Shape.PAGE;
        }
        if (p.startsWith("/oauth/") || p.startsWith("/oidc/") || p.startsWith("/userinfo")
                || p.startsWith("/dbconnections/") || p.startsWith("/.well-known/") || p.equals("/health")) {
            return Shape.OAUTH;
        }
        return Shape.PAGE;
    }

    /**
     * Writes the error for the request's path. {@code error} is the machine code (Auth0's
     * {@code errorCode}, OAuth's {@code error}; may be null for Management errors that carry none),
     * {@code description} the human sentence.
     */
    public void write(Context ctx, int status, String error, String description) {
        Rendered r = render(ctx.path(), status, error, description);
        ctx.attribute(WRITTEN, Boolean.TRUE);
        ctx.status(r.status()).header("Cache-Control", "no-store").contentType(r.contentType()).result(r.body());
        if (r.contentType().startsWith("text/html")) {
            ctx.header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", "frame-ancestors 'none'")
                    .header("Referrer-Policy", "no-referrer")
                    .header("X-Content-Type-Options", "nosniff");
        }
    }

    /** True once {@link #write} answered this request. */
    public static boolean written(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }

    public Rendered render(String path, int status, String error, String description) {
        switch (shapeOf(path)) {
            case MANAGEMENT -> {
                ObjectNode o = Json.object();
                o.put("statusCode", status);
                o.put("error", ApiException.reason(status));
                o.put("message", description);
                if (error != null) {
                    o.put("errorCode", error);
                }
                return new Rendered(status, "application/json; charset=utf-8", Json.write(o));
            }
            case OAUTH -> {
                ObjectNode o = Json.object();
                o.put("error", error == null ? oauthCode(status) : error);
                o.put("error_description", description);
                return new Rendered(status, "application/json", Json.write(o));
            }
            default -> {
                String code = error == null ? oauthCode(status) : error;
                String html;
                try {
                    html = templates.render("error.jte", new Views.Error(branded(), code, description));
                } catch (RuntimeException brokenBranding) {
                    html = templates.render("error.jte", new Views.Error(PLAIN, code, description));
                }
                return new Rendered(status, "text/html; charset=utf-8", html);
            }
        }
    }

    /** The OAuth code for a status when the caller has none. */
    static String oauthCode(int status) {
        return switch (status) {
            case 401 -> OAuthError.INVALID_CLIENT.code();
            case 429 -> OAuthError.TOO_MANY_REQUESTS.code();
            case 503 -> OAuthError.TEMPORARILY_UNAVAILABLE.code();
            default -> status >= 500 ? OAuthError.SERVER_ERROR.code() : OAuthError.INVALID_REQUEST.code();
        };
    }

    private Chrome branded() {
        try {
            Chrome c = chrome.get();
            return c == null ? PLAIN : c;
        } catch (RuntimeException e) {
            return PLAIN;
        }
    }
}
