package dev.atrium.web;

import dev.atrium.web.ui.WebAuthnPages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The WebAuthn routes of issue 12, registered by {@link MfaRoutes}: the second-factor pages
 * ({@code /u/mfa/webauthn-roaming}, {@code /u/mfa/webauthn-platform}), the passkey sign-in and enrollment, and the
 * same-origin script that runs the browser's side of every ceremony ({@code /u/assets/webauthn.js}).
 */
public final class WebAuthnRoutes {
    private static final byte[] SCRIPT = resource("/webauthn/webauthn.js");

    private final WebAuthnPages secondFactor;
    private final dev.atrium.web.ui.PasskeyPages passkeys;

    public WebAuthnRoutes(WebAuthnPages secondFactor, dev.atrium.web.ui.PasskeyPages passkeys) {
        this.secondFactor = secondFactor;
        this.passkeys = passkeys;
    }

    public void register(RoutesConfig r) {
        r.get("/u/assets/webauthn.js", WebAuthnRoutes::script);
        r.get("/u/mfa/{factor}", secondFactor::page);
        r.post("/u/mfa/{factor}", secondFactor::submit);
        passkeys.register(r);
    }

    private static void script(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("text/javascript; charset=utf-8").result(SCRIPT);
    }

    private static byte[] resource(String path) {
        try (InputStream in = WebAuthnRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
