package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;
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
 *
 * <p>An address refused by its own limit is recorded in the tenant log as Auth0's {@code limit_mu}
 * ("Blocked IP Address": too many sign-ups from one address), once per address and minute, so a flood
 * does not flood the log too. The tenant-wide limit is not an address block and records nothing.
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
    private EventLog log = EventLog.NONE;

    private static final class Window {
        long start;
        int used;
        boolean reported;
    }

    /** Records address blocks ({@code limit_mu}) in the tenant log from now on; returns this throttle. */
    public SignupThrottle recordingTo(EventLog log) {
        this.log = log;
        return this;
    }

    public SignupThrottle(int perIp, int perTenant, Clock clock) {
        this.perIp = perIp;
        this.perTenant = perTenant;
        this.clock = clock;
    }

    /** A before-handler: refuses the request when its address or the tenant used up the minute. */
    public void check(Context ctx) {
        long now = clock.millis();
        Boolean addressOk = acquire("ip:" + ctx.ip(), perIp, now);
        if (addressOk == null) {
            log.record(LogEvent.of(LogTypes.BLOCKED_IP, "Too many sign-up attempts from this address: it is blocked for a minute.")
                    .origin(ctx.ip(), ctx.userAgent(), ctx.host())
                    .reason("signup_flood")
                    .detail("limit_per_minute", Integer.toString(perIp)));
        }
        if (!Boolean.TRUE.equals(addressOk) || !Boolean.TRUE.equals(acquire(TENANT, perTenant, now))) {
            ctx.header("Retry-After", "60");
            throw new OAuthException(429, OAuthError.TOO_MANY_REQUESTS, "Too many sign-up attempts. Wait a minute and try again.");
        }
    }

    /** True when the key may go on; false when it is over its limit; null the first time it goes over in a window. */
    private Boolean acquire(String key, int limit, long now) {
        if (windows.size() > SWEEP_AT) {
            windows.entrySet().removeIf(e -> now - e.getValue().start >= WINDOW_MILLIS);
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (now - w.start >= WINDOW_MILLIS) {
                w.start = now;
                w.used = 0;
                w.reported = false;
            }
            if (w.used >= limit) {
                if (w.reported) {
                    return false;
                }
                w.reported = true;
                return null;
            }
            w.used++;
            return true;
        }
    }
}
