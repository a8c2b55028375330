package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.oauth.OAuthException;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unauthenticated sign-up costs a password hash and a row, so it is metered: at most
 * {@code perIp} attempts a minute from one client address and {@code perTenant} for the whole
 * tenant, counted on every attempt (a failing one costs work too). Beyond either, 429 with
 * {@code Retry-After}, written by {@link ErrorShapes} (OAuth JSON for {@code /dbconnections/signup},
 * the hosted page for {@code /u/signup}). The client address is the connection's peer:
 * a forwarded-for header is not trusted, as anyone can send one.
 */
public final class SignupThrottle {
    private static final long WINDOW_MILLIS = 60_000;
    /** Past this many tracked addresses, windows that have ended are dropped. */
    private static final int SWEEP_AT = 10_000;
    private static final String TENANT = "";

    private final int perIp;
    private final int perTenant;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int used;
    }

    public SignupThrottle(int perIp, int perTenant, Clock clock) {
        this.perIp = perIp;
        this.perTenant = perTenant;
        this.clock = clock;
    }

    /** A before-handler: refuses the request when its address or the tenant used up the minute. */
    public void check(Context ctx) {
        long now = clock.millis();
        if (!acquire("ip:" + ctx.ip(), perIp, now) || !acquire(TENANT, perTenant, now)) {
            ctx.header("Retry-After", "60");
            throw new OAuthException(429, OAuthError.TOO_MANY_REQUESTS, "Too many sign-up attempts. Wait a minute and try again.");
        }
    }

    private boolean acquire(String key, int limit, long now) {
        if (windows.size() > SWEEP_AT) {
            windows.entrySet().removeIf(e -> now - e.getValue().start >= WINDOW_MILLIS);
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (now - w.start >= WINDOW_MILLIS) {
                w.start = now;
                w.used = 0;
            }
            if (w.used >= limit) {
                return false;
            }
            w.used++;
            return true;
        }
    }
}
