package dev.atrium.logs;

/**
 * Where the request being served came from, set by the web layer for the request's thread so that
 * events recorded deep in the flow carry the caller's address without every signature passing it.
 */
public final class RequestOrigin {
    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    private RequestOrigin() {
    }

    public record Origin(String ip, String userAgent, String hostname) {
    }

    public static void set(String ip, String userAgent, String hostname) {
        CURRENT.set(new Origin(ip, userAgent, hostname));
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static Origin current() {
        return CURRENT.get();
    }
}
