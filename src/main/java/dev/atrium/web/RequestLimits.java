package dev.atrium.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * How long a request line and its headers may be. The HTTP server reads up to
 * {@link #PARSE_LIMIT} bytes of them, four times the allowed size, so that an over-long URI or header
 * block still reaches this check with its path known and is refused in the shape of the API it
 * targets (414, 431); only beyond the parse limit does the server itself refuse, without a path.
 */
final class RequestLimits {
    static final int MAX_URI = 8 * 1024;
    static final int MAX_HEADERS = 8 * 1024;
    static final int PARSE_LIMIT = 32 * 1024;

    private RequestLimits() {
    }

    static void install(JavalinConfig cfg) {
        cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(PARSE_LIMIT));
    }

    static void check(Context ctx) {
        String query = ctx.queryString();
        int uri = ctx.path().length() + (query == null ? 0 : query.length() + 1);
        if (uri > MAX_URI) {
            throw new HttpResponseException(414, "URI Too Long");
        }
        if (query != null && !query.isEmpty()) {
            java.util.Map<String, java.util.List<String>> params;
            try {
                params = ctx.queryParamMap();
            } catch (RuntimeException e) {
                throw dev.atrium.oauth.OAuthException.invalidRequest("The query string cannot be decoded.");
            }
            for (var p : params.entrySet()) {
                if (p.getKey().indexOf('\u0000') >= 0 || p.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                    throw dev.atrium.oauth.OAuthException.invalidRequest("The query string holds a NUL character.");
                }
            }
        }
        int headers = 0;
        for (var h : ctx.headerMap().entrySet()) {
            headers += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headers > MAX_HEADERS) {
            throw new HttpResponseException(431, "Request Header Fields Too Large");
        }
    }
}
