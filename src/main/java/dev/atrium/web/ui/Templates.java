package dev.atrium.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * The precompiled jte templates (compiled by {@code jte-maven-plugin}, so a broken template breaks the
 * build). Every hosted page is sent with headers that keep it out of frames and caches.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Object model) {
        StringOutput out = new StringOutput();
        engine.render(template, model, out);
        return out.toString();
    }

    public void send(Context ctx, int status, String template, Object model) {
        ctx.status(status)
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/html; charset=utf-8")
                .result(render(template, model));
    }
}
