package dev.atrium.migration;

import dev.atrium.common.Json;
import dev.atrium.email.Outbox;
import dev.atrium.email.RenderedEmail;
import dev.atrium.email.TemplateRenderer;
import dev.atrium.users.Administrator;
import dev.atrium.users.Administrators;
import dev.atrium.users.User;
import dev.atrium.users.UserService;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The message a users import job sends when it ends, with {@code send_completion_email} (Auth0's default
 * is {@code true}). Auth0 writes to "all tenant owners", the people who administer the tenant, and not to
 * whoever called the API (a machine-to-machine token has no person behind it); Atrium's tenant owners
 * are its dashboard administrators, so each administrator who is not blocked and has an e-mail address
 * gets one message through the {@link Outbox} (kept there, readable on the dashboard, when no SMTP server
 * is configured). A tenant without administrators gets none. The message says how the job ended and where
 * its errors are; it carries no user data.
 */
public final class CompletionEmail {
    /** The outbox's template column for these messages; not one of the tenant's editable templates. */
    public static final String TEMPLATE = "users_import_completed";

    private final Outbox outbox;
    private final Administrators administrators;
    private final UserService users;
    private final String issuer;

    public CompletionEmail(Outbox outbox, Administrators administrators, UserService users, String issuer) {
        this.outbox = outbox;
        this.administrators = administrators;
        this.users = users;
        this.issuer = issuer;
    }

    /** Queues the message for every administrator; returns how many were queued. */
    public int send(Job job) {
        Set<String> recipients = new LinkedHashSet<>();
        for (Administrator a : administrators.list()) {
            users.find(a.userId()).filter(u -> !u.blocked()).flatMap(User::email).filter(e -> !e.isBlank())
                    .ifPresent(recipients::add);
        }
        RenderedEmail email = render(job);
        recipients.forEach(r -> outbox.enqueue(r, TEMPLATE, email));
        return recipients.size();
    }

    RenderedEmail render(Job job) {
        boolean ok = job.status().equals(Job.COMPLETED);
        String connection = Json.text(job.doc(), "connection", job.connectionId().orElse(""));
        String subject = "Users import " + job.id() + (ok ? " completed" : " failed");
        String page = issuer + "dashboard/import/jobs/" + job.id();
        StringBuilder text = new StringBuilder();
        text.append("The users import ").append(job.id()).append(" into the connection ").append(connection)
                .append(ok ? " has completed." : " has failed.").append("\n\n");
        text.append("Users read: ").append(job.processed()).append('\n');
        text.append("Inserted: ").append(job.inserted()).append('\n');
        text.append("Updated: ").append(job.updated()).append('\n');
        text.append("Failed: ").append(job.failed()).append('\n');
        job.error().ifPresent(e -> text.append("\nReason: ").append(e).append('\n'));
        Optional<String> externalId = Optional.ofNullable(Json.text(job.doc(), "external_id", null));
        externalId.ifPresent(x -> text.append("External id: ").append(x).append('\n'));
        text.append("\nProgress and errors: ").append(page).append('\n');
        text.append("Errors through the Management API: GET ").append(issuer).append("api/v2/jobs/").append(job.id())
                .append("/errors\n");
        String html = "<p>" + TemplateRenderer.escape(text.toString().strip()).replace("\n\n", "</p><p>").replace("\n", "<br>")
                + "</p>";
        return new RenderedEmail(subject, text.toString(), html);
    }
}
