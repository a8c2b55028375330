package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.common.DatabaseUnavailableException;
import dev.atrium.common.Json;
import dev.atrium.web.ui.Chrome;
import dev.atrium.web.ui.Templates;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The answer to a request the database cannot serve now (issue 18): 503 with {@code Retry-After}, in
 * the shape of the API the path belongs to, built without touching the database (no tenant branding,
 * no cached record that might itself be past its staleness bound). The cause stays in the log; the
 * client learns only that it may retry.
 */
public final class Unavailable {
    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);
    /** Seconds a client is asked to wait: the poller notices a returning database within about one. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Templates TEMPLATES = new Templates();

    /** What the hosted page shows; {@code retryUrl} is a same-origin path that repeats the step, or null. */
    public record Page(Chrome chrome, String description, String retryUrl) {
    }

    private Unavailable() {
    }

    /** Writes the 503 for {@code ctx}: Management shape under {@code /api/v2}, a hosted page in the browser flow, OAuth JSON elsewhere. */
    public static void render(Context ctx, DatabaseUnavailableException e) {
        LOG.debug("503 on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        String description = e.writesRefused()
                ? "Changes cannot be saved right now. Please try again later."
                : "The service is temporarily unavailable. Please try again in a few seconds.";
        String path = ctx.path();
        ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        if (path.startsWith("/api/v2")) {
            ObjectNode o = Json.object().put("statusCode", 503).put("error", "Service Unavailable")
                    .put("message", description).put("errorCode", OAuthError.TEMPORARILY_UNAVAILABLE.code());
            ctx.status(503).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(o));
        } else if (isBrowser(path)) {
            Chrome chrome = new Chrome("error", "Temporarily unavailable", "Atrium", "Atrium", null, null, null);
            TEMPLATES.send(ctx, 503, "unavailable.jte", new Page(chrome, description, retryUrl(ctx)));
        } else {
            ObjectNode o = Json.object().put("error", OAuthError.TEMPORARILY_UNAVAILABLE.code()).put("error_description", description);
            ctx.status(503).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(o));
        }
    }

    /** The hosted pages and the dashboard are read by people; {@code /oidc/logout} is the browser's, unlike the rest of {@code /oidc/*}. */
    static boolean isBrowser(String path) {
        return path.equals("/authorize") || path.startsWith("/authorize/") || path.startsWith("/u/")
                || path.equals("/v2/logout") || path.equals("/oidc/logout")
                || path.equals("/dashboard") || path.startsWith("/dashboard/");
    }

    /**
     * The same step again: a GET is repeated as it was; a form post goes back to its page with the
     * transaction's {@code state}, so the sign-in resumes where it stopped. Only this server's own paths.
     */
    static String retryUrl(Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
            return null;
        }
        if (ctx.method().name().equals("GET")) {
            String q = ctx.queryString();
            return q == null || q.isEmpty() ? path : path + "?" + q;
        }
        String state = ctx.formParam("state");
        if (state != null && !state.isBlank()) {
            return path + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        }
        return path.startsWith("/dashboard") ? "/dashboard" : null;
    }
}
