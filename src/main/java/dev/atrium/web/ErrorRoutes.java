package dev.atrium.web;

import dev.atrium.common.DatabaseUnavailableException;
import dev.atrium.common.OAuthError;
import dev.atrium.oauth.OAuthException;
import dev.atrium.web.management.ApiException;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.Templates;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * How every failure is answered, registered after the routes of {@link Routes}: each one is written by
 * {@link ErrorShapes} in the shape of the API its path belongs to, never as a stack trace.
 */
final class ErrorRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private ErrorRoutes() {
    }

    static void register(JavalinConfig cfg, HostedPages pages) {
        var r = cfg.routes;
        ErrorShapes shapes = Routes.errorShapes(pages);
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new ServerErrors(shapes)));
        r.exception(ApiException.class, (ex, ctx) -> shapes.write(ctx, ex.status(), ex.errorCode(), ex.getMessage()));
        r.exception(OAuthException.class, (ex, ctx) -> shapes.write(ctx, ex.status(), ex.error().code(), ex.description()));
        r.exception(HttpResponseException.class, (ex, ctx) -> shapes.write(ctx, ex.getStatus(),
                isManagement(ctx) ? null : ErrorShapes.oauthCode(ex.getStatus()), describe(ex.getStatus())));
        // a JSON value of the wrong type met deeper than the schemas look (Jackson refuses to coerce it):
        // the request is wrong, not the server
        r.exception(JsonNodeException.class, (ex, ctx) -> shapes.write(ctx, 400,
                isManagement(ctx) ? "invalid_body" : OAuthError.INVALID_REQUEST.code(),
                isManagement(ctx) ? "Payload validation error: 'A property has the wrong type'." : "A parameter has the wrong type."));
        r.exception(DatabaseUnavailableException.class, (ex, ctx) -> Unavailable.render(ctx, ex));
        r.exception(Exception.class, (ex, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), ex);
            shapes.write(ctx, 500, isManagement(ctx) ? "internal_error" : OAuthError.SERVER_ERROR.code(),
                    isManagement(ctx) ? "Internal error" : "The server could not complete the request.");
        });
        r.error(404, ctx -> {
            if (!shaped(ctx)) {
                shapes.write(ctx, 404, isManagement(ctx) ? null : OAuthError.INVALID_REQUEST.code(), describe(404));
            }
        });
        r.error(405, ctx -> {
            if (!shaped(ctx)) {
                shapes.write(ctx, 405, isManagement(ctx) ? null : OAuthError.INVALID_REQUEST.code(), describe(405));
            }
        });
    }

    /** A response is left alone when a handler already wrote it: through ErrorShapes, or one of our pages. */
    private static boolean shaped(Context ctx) {
        String type = ctx.res().getContentType();
        return ErrorShapes.written(ctx) || type != null && type.startsWith("text/html");
    }

    private static boolean isManagement(Context ctx) {
        return ctx.path().startsWith("/api/v2");
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported Media Type";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> ApiException.reason(status);
        };
    }
}
