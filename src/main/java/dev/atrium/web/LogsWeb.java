package dev.atrium.web;

import dev.atrium.logs.RequestOrigin;
import dev.atrium.web.dashboard.DashboardAuth;
import dev.atrium.web.dashboard.LogsPages;
import dev.atrium.web.management.AccessCheckApi;
import dev.atrium.web.management.LogStreamsApi;
import dev.atrium.web.management.LogsApi;
import dev.atrium.web.management.ManagementAudit;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The HTTP side of tenant logs (issue 19), kept in one file so {@link Routes} changes by two marked
 * lines: where the request's origin is captured for the events it causes, and the log routes.
 */
public final class LogsWeb {
    private final LogsApi logs;
    private final ManagementAudit audit;
    private final LogStreamsApi streams;
    private final DashboardAuth admin;
    private final LogsPages pages;

    private final AccessCheckApi accessCheck;

    public LogsWeb(LogsApi logs, ManagementAudit audit, LogStreamsApi streams, DashboardAuth admin, LogsPages pages,
                   AccessCheckApi accessCheck) {
        this.accessCheck = accessCheck;
        this.logs = logs;
        this.audit = audit;
        this.streams = streams;
        this.admin = admin;
        this.pages = pages;
    }

    /** First of all handlers: every event a request causes carries its address, user agent and host. */
    public void captureOrigin(RoutesConfig r) {
        r.before(LogsWeb::origin);
    }

    private static void origin(Context ctx) {
        RequestOrigin.set(ctx.ip(), ctx.userAgent(), ctx.host());
    }

    /** The log routes, the Management API audit, and the release of the request's origin. */
    public void routes(RoutesConfig r) {
        r.get("/api/v2/logs", logs::list);
        r.get("/api/v2/logs/{id}", logs::get);
        r.get("/api/v2/users/{id}/logs", logs::ofUser);
        r.get("/api/v2/log-streams", streams::list);
        r.post("/api/v2/log-streams", streams::create);
        r.get("/api/v2/log-streams/{id}", streams::get);
        r.patch("/api/v2/log-streams/{id}", streams::update);
        r.delete("/api/v2/log-streams/{id}", streams::delete);
        // Atrium's own what-if question (not an Auth0 path)
        r.post("/api/v2/atrium/access-check", accessCheck::check);
        r.get("/dashboard/access-check", admin.admin(pages::accessCheckForm));
        r.post("/dashboard/access-check", admin.admin(pages::accessCheck));
        r.get("/dashboard/logs", admin.admin(pages::list));
        r.get("/dashboard/logs/{id}", admin.admin(pages::show));
        r.get("/dashboard/log-streams", admin.admin(pages::streams));
        r.post("/dashboard/log-streams/{id}/resume", admin.admin(pages::resume));
        r.after("/api/v2/*", audit::after);
        r.after(ctx -> RequestOrigin.clear());
    }
}
