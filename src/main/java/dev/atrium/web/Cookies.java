package dev.atrium.web;

import dev.atrium.common.Ids;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.util.Optional;

/**
 * The two cookies of the browser flow: the device cookie (binds transactions and CSRF tokens to a
 * browser) and the SSO session cookie. Both are HttpOnly and SameSite=Lax; when the issuer is https
 * they are Secure and carry the {@code __Host-} prefix.
 */
public final class Cookies {
    private final boolean secure;
    private final String deviceName;
    private final String sessionName;

    public Cookies(String issuer) {
        this.secure = issuer.startsWith("https://");
        this.deviceName = secure ? "__Host-atrium_device" : "atrium_device";
        this.sessionName = secure ? "__Host-atrium_session" : "atrium_session";
    }

    /** The browser's device id, set now when it has none. */
    public String device(Context ctx) {
        String v = ctx.cookie(deviceName);
        if (v != null && v.matches("[A-Za-z0-9]{32}")) {
            return v;
        }
        String fresh = Ids.alnum(32);
        set(ctx, deviceName, fresh, 60 * 60 * 24 * 365);
        return fresh;
    }

    /** The device id when the browser already has one (form posts). */
    public Optional<String> existingDevice(Context ctx) {
        return Optional.ofNullable(ctx.cookie(deviceName)).filter(v -> v.matches("[A-Za-z0-9]{32}"));
    }

    public Optional<String> session(Context ctx) {
        return Optional.ofNullable(ctx.cookie(sessionName)).filter(v -> !v.isEmpty());
    }

    public void setSession(Context ctx, String value) {
        set(ctx, sessionName, value, -1);
    }

    public void clearSession(Context ctx) {
        set(ctx, sessionName, "", 0);
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
}
