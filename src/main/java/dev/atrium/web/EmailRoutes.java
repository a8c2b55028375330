package dev.atrium.web;

import dev.atrium.common.OAuthError;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.email.AccountEmails;
import dev.atrium.oauth.OAuthException;
import dev.atrium.oauth.OAuthRequest;
import dev.atrium.web.dashboard.DashboardAuth;
import dev.atrium.web.dashboard.EmailPages;
import dev.atrium.web.management.EmailApi;
import dev.atrium.web.ui.AccountPages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Every route of issue 13 (e-mail and the account life cycle), registered from one marked block of
 * {@link Routes}: {@code POST /dbconnections/change_password}, the hosted reset and verification
 * pages, the Management API's e-mail templates, tickets and verification job, and the dashboard's
 * Outbox and Email templates pages. Management routes sit under {@code /api/v2}, so the API's
 * authentication filter covers them like every other.
 */
public final class EmailRoutes {
    private final AccountEmails emails;
    private final AccountPages pages;
    private final EmailApi api;
    private final EmailPages dashboard;

    public EmailRoutes(AccountEmails emails, AccountPages pages, EmailApi api, EmailPages dashboard) {
        this.emails = emails;
        this.pages = pages;
        this.api = api;
        this.dashboard = dashboard;
    }

    public void register(RoutesConfig r, DashboardAuth admin) {
        r.post("/dbconnections/change_password", this::changePassword);
        r.get("/u/reset-password", pages::requestPage);
        r.post("/u/reset-password", pages::requestSubmit);
        r.get("/u/reset-password/change", pages::changePage);
        r.post("/u/reset-password/change", pages::changeSubmit);
        r.get("/u/email-verification", pages::verify);

        r.get("/api/v2/email-templates/{templateName}", api::getTemplate);
        r.patch("/api/v2/email-templates/{templateName}", api::patchTemplate);
        r.put("/api/v2/email-templates/{templateName}", api::putTemplate);
        r.post("/api/v2/email-templates", api::createTemplate);
        r.post("/api/v2/tickets/password-change", api::passwordChangeTicket);
        r.post("/api/v2/tickets/email-verification", api::emailVerificationTicket);
        r.post("/api/v2/jobs/verification-email", api::verificationEmailJob);

        r.get("/dashboard/outbox", admin.admin(dashboard::outbox));
        r.get("/dashboard/outbox/{id}", admin.admin(dashboard::message));
        r.get("/dashboard/email-templates", admin.admin(dashboard::templates));
        r.get("/dashboard/email-templates/{name}", admin.admin(dashboard::template));
        r.post("/dashboard/email-templates/{name}/preview", admin.admin(dashboard::preview));
        r.post("/dashboard/email-templates/{name}/save", admin.admin(dashboard::save));
    }

    /**
     * {@code POST /dbconnections/change_password}: the same 200 answer whether or not the account
     * exists; errors that concern only the application or connection use the OAuth shape.
     */
    void changePassword(Context ctx) {
        OAuthRequest request = OAuthHttp.request(ctx);
        String clientId = request.required("client_id");
        String email = request.required("email");
        String connection = request.required("connection");
        try {
            emails.requestPasswordReset(new AccountEmails.ResetRequest(clientId, connection, email, ctx.ip(),
                    request.param("organization"), Optional.empty()));
        } catch (InvalidRequestException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        } catch (AccountEmails.ThirdParty e) {
            throw new OAuthException(403, OAuthError.UNAUTHORIZED_CLIENT, e.getMessage());
        } catch (AccountEmails.RateLimited e) {
            ctx.header("Retry-After", String.valueOf(AccountEmails.WINDOW.toSeconds()));
            throw new OAuthException(429, OAuthError.TOO_MANY_REQUESTS, e.getMessage());
        }
        ctx.status(200).header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(AccountEmails.RESET_SENT);
    }
}
