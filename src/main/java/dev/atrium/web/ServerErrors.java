package dev.atrium.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP server's own error handler: what Jetty refuses before any route runs (a NUL byte or an
 * ambiguous segment in the path, a URI or header too long, a malformed request line) is answered by
 * {@link ErrorShapes} in the shape of the API the path targets, never with the container's page.
 * The path comes from the request line as written ({@link RequestTargets}) when Jetty could not parse it;
 * only when even the start of a request line is missing is the hosted error page used.
 */
public final class ServerErrors extends ErrorHandler {
    private final ErrorShapes shapes;

    public ServerErrors(ErrorShapes shapes) {
        this.shapes = shapes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        Object attr = request.getAttribute(ERROR_STATUS);
        if (attr instanceof Integer s) {
            status = s;
        }
        ErrorShapes.Rendered r = shapes.render(targetPath(request), status, null, describe(status));
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, r.contentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(r.body().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorShapes.Rendered r = shapes.render(null, status, null, describe(status));
        fields.put(HttpHeader.CONTENT_TYPE, r.contentType());
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The path whose API decides the error's shape. When the server refused the request line itself,
     * Jetty hands over a placeholder path; the path as the client wrote it is then taken from the
     * connection's record of the request line.
     */
    private static String targetPath(Request request) {
        String path = pathOf(request);
        if (path == null || path.equals("/badURI") || path.equals("/badMessage")) {
            String written = RequestTargets.targetOf(request);
            if (written != null) {
                return written;
            }
        }
        return path;
    }

    private static String pathOf(Request request) {
        try {
            String p = request.getHttpURI().getPath();
            return p != null ? p : request.getHttpURI().getCanonicalPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Fixed sentences: nothing from the request is echoed back. */
    private static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "Not found.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            case 503 -> "The service is unavailable. Try again later.";
            default -> status >= 500 ? "The server could not complete the request." : "The request was refused.";
        };
    }
}
