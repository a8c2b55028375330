package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.email.AccountEmails;
import dev.atrium.email.EmailTemplates;
import dev.atrium.migration.Job;
import dev.atrium.migration.JobStore;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Management API of issue 13: {@code /api/v2/email-templates/{templateName}} (Auth0's names and
 * document), {@code POST /api/v2/tickets/password-change}, {@code POST /api/v2/tickets/email-verification}
 * and {@code POST /api/v2/jobs/verification-email}.
 *
 * <p>Reading a template the tenant never changed answers the repository's version, so there is always
 * something to edit; {@code POST} of a template the tenant already changed is a 409, as on Auth0.
 *
 * <p>Specifications: Auth0 Management API "Email Templates", "Tickets", "Jobs".
 */
public final class EmailApi {
    static final Schema PASSWORD_TICKET = Schema.of()
            .string("result_url", false, 1, 2048)
            .string("user_id", false, 1, 255)
            .string("client_id", false, 1, 64)
            .string("organization_id", false, 1, 64)
            .string("connection_id", false, 1, 64)
            .string("email", false, 1, 320)
            .integer("ttl_sec", 0, 2_592_000)
            .bool("mark_email_as_verified")
            .bool("includeEmailInRedirect");
    static final Schema VERIFICATION_TICKET = Schema.of()
            .string("result_url", false, 1, 2048)
            .string("user_id", true, 1, 255)
            .string("client_id", false, 1, 64)
            .string("organization_id", false, 1, 64)
            .integer("ttl_sec", 0, 2_592_000)
            .bool("includeEmailInRedirect")
            .object("identity", false);
    static final Schema VERIFICATION_JOB = Schema.of()
            .string("user_id", true, 1, 255)
            .string("client_id", false, 1, 64)
            .string("organization_id", false, 1, 64)
            .object("identity", false);

    private final AccountEmails emails;
    private final JobStore jobs;
    private final Clock clock;

    public EmailApi(AccountEmails emails, JobStore jobs, Clock clock) {
        this.emails = emails;
        this.jobs = jobs;
        this.clock = clock;
    }

    public void getTemplate(Context ctx) {
        ManagementApi.require(ctx, "read:email_templates");
        ManagementApi.json(ctx, 200, emails.templates().document(name(ctx)));
    }

    public void createTemplate(Context ctx) {
        ManagementApi.require(ctx, "create:email_templates");
        ObjectNode body = ManagementApi.body(ctx);
        String name = Json.text(body, "template", "");
        if (EmailTemplates.auth0Only(name)) {
            throw notSent(name);
        }
        ManagementApi.json(ctx, 201, call(() -> emails.templates().create(body)));
    }

    public void patchTemplate(Context ctx) {
        ManagementApi.require(ctx, "update:email_templates");
        String name = name(ctx);
        ObjectNode body = ManagementApi.body(ctx);
        ManagementApi.json(ctx, 200, call(() -> emails.templates().update(name, body, false)));
    }

    public void putTemplate(Context ctx) {
        ManagementApi.require(ctx, "update:email_templates");
        String name = name(ctx);
        ObjectNode body = ManagementApi.body(ctx);
        ManagementApi.json(ctx, 200, call(() -> emails.templates().update(name, body, true)));
    }

    public void passwordChangeTicket(Context ctx) {
        ManagementApi.require(ctx, "create:user_tickets");
        ObjectNode body = ManagementApi.body(ctx);
        PASSWORD_TICKET.validate(body);
        String url = call(() -> emails.passwordChangeTicket(body));
        ManagementApi.json(ctx, 201, Json.object().put("ticket", url));
    }

    public void emailVerificationTicket(Context ctx) {
        ManagementApi.require(ctx, "create:user_tickets");
        ObjectNode body = ManagementApi.body(ctx);
        VERIFICATION_TICKET.validate(body);
        String url = call(() -> emails.verificationTicket(body));
        ManagementApi.json(ctx, 201, Json.object().put("ticket", url));
    }

    /**
     * Queues the message at once, so the job is already complete when it is answered; the job is
     * stored, so {@code GET /api/v2/jobs/{id}} answers it afterwards like any other job.
     */
    public void verificationEmailJob(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        ObjectNode body = ManagementApi.body(ctx);
        VERIFICATION_JOB.validate(body);
        try {
            call(() -> {
                emails.verificationJob(body, ctx.ip());
                return null;
            });
        } catch (AccountEmails.RateLimited e) {
            ctx.header("Retry-After", String.valueOf(AccountEmails.WINDOW.toSeconds()));
            throw new ApiException(429, e.getMessage(), dev.atrium.common.OAuthError.TOO_MANY_REQUESTS.code());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Job job = new Job("job_" + Ids.alnum(16), Job.VERIFICATION_EMAIL, Job.COMPLETED, Optional.empty(), Json.object(),
                Optional.empty(), 0, 0, 0, 0, 0, 0, Optional.empty(), now, now);
        jobs.create(job);
        ObjectNode out = Json.object();
        out.put("status", job.status());
        out.put("type", job.type());
        out.put("created_at", DateTimeFormatter.ISO_INSTANT.format(now));
        out.put("id", job.id());
        ManagementApi.json(ctx, 201, out);
    }

    private static String name(Context ctx) {
        String name = ManagementApi.path(ctx, "templateName");
        if (EmailTemplates.auth0Only(name)) {
            throw notSent(name);
        }
        if (!EmailTemplates.known(name)) {
            throw ApiException.badRequest("Path validation error: 'No enum match for: \"" + name + "\"' on property templateName.");
        }
        return name;
    }

    private static ApiException notSent(String name) {
        return ApiException.notFound("Atrium does not send the " + name + " email; its templates are "
                + String.join(", ", EmailTemplates.NAMES) + ".", "inexistent_email_template");
    }

    private static <T> T call(Supplier<T> s) {
        try {
            return s.get();
        } catch (InvalidRequestException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (EmailTemplates.Conflict e) {
            throw ApiException.conflict(e.getMessage(), "email_template_conflict");
        } catch (AccountEmails.UnknownUser e) {
            throw ApiException.notFound("The user does not exist.", "inexistent_user");
        }
    }
}
