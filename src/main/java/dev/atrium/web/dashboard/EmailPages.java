package dev.atrium.web.dashboard;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.email.AccountEmails;
import dev.atrium.email.EmailTemplates;
import dev.atrium.email.OutboxMessage;
import dev.atrium.email.RenderedEmail;
import tools.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dashboard → Outbox and Email templates (issue 13). The outbox lists every message, sent or kept;
 * one message shows its links as links (without SMTP this is how a verification or reset reaches
 * anyone), its HTML in a sandboxed frame and its text part. A template is edited, previewed with
 * sample values, then saved through the same rules as {@code PATCH /api/v2/email-templates/{name}}.
 */
public final class EmailPages {
    static final String OUTBOX = "/dashboard/outbox";
    static final String TEMPLATES = "/dashboard/email-templates";
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"')]+");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_INSTANT;

    private final AccountEmails emails;

    public EmailPages(AccountEmails emails) {
        this.emails = emails;
    }

    // ---- outbox

    public void outbox(DashboardRequest r) {
        long total = emails.outbox().store().count();
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        List<Ui.Row> rows = new ArrayList<>();
        for (OutboxMessage m : emails.outbox().store().recent((page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE)) {
            rows.add(new Ui.Row(List.of(
                    Ui.Cell.mono(WHEN.format(m.createdAt().truncatedTo(ChronoUnit.SECONDS))),
                    Ui.Cell.text(m.recipient()),
                    Ui.Cell.link(m.subject(), OUTBOX + "/" + m.id()),
                    Ui.Cell.mono(m.template()),
                    Ui.Cell.badges(List.of(badge(m.status()))),
                    Ui.Cell.text(String.valueOf(m.attempts())))));
        }
        Ui.Note note = emails.outbox().delivers()
                ? new Ui.Note("info", "Messages are delivered through the configured SMTP server (ATRIUM_SMTP_URL). "
                        + "Failed deliveries are retried with growing delays, then marked failed.")
                : new Ui.Note("warn", "No SMTP server is configured (ATRIUM_SMTP_URL), so no e-mail is sent: every message is kept "
                        + "here, marked held. Open one to follow its links.");
        Ui.Table table = new Ui.Table("Messages", null, null, null, List.of("Queued", "To", "Subject", "Template", "Status", "Attempts"),
                rows, r.pager(page, pages, total), "No message yet. Invitations, verifications and password resets appear here.", null);
        r.render(200, "Outbox", "Every e-mail Atrium has queued, newest first.", "outbox", List.of(), List.of(), List.of(note, table), null);
    }

    public void message(DashboardRequest r) {
        OutboxMessage m = emails.outbox().store().find(r.path("id")).orElse(null);
        if (m == null) {
            r.refused(OUTBOX, "That message does not exist.");
            return;
        }
        List<Ui.Fact> facts = new ArrayList<>();
        facts.add(new Ui.Fact("To", m.recipient()));
        facts.add(new Ui.Fact("Subject", m.subject()));
        facts.add(new Ui.Fact("Template", m.template(), true, List.of()));
        facts.add(new Ui.Fact("Status", "", false, List.of(badge(m.status()))));
        facts.add(new Ui.Fact("Attempts", String.valueOf(m.attempts())));
        facts.add(new Ui.Fact("Queued", WHEN.format(m.createdAt()), true, List.of()));
        m.sentAt().ifPresent(s -> facts.add(new Ui.Fact("Sent", WHEN.format(s), true, List.of())));
        m.lastError().ifPresent(e -> facts.add(new Ui.Fact("Last error", e, true, List.of())));
        List<Ui.Row> links = links(m.textBody() + "\n" + m.htmlBody()).stream()
                .map(l -> new Ui.Row(List.of(Ui.Cell.link(l, l)))).toList();
        List<Ui.Block> blocks = List.of(new Ui.Facts("Message", facts),
                new Ui.Table("Links in this message", null, null, null, List.of("Link"), links, null, "This message has no links.", null),
                new Ui.Frame("As the recipient sees it", m.htmlBody(), m.textBody()));
        r.render(200, m.subject(), "To " + m.recipient(), "outbox", List.of(new Ui.Crumb("Outbox", OUTBOX)), List.of(), blocks, null);
    }

    /** The distinct http(s) links of a message, in order, with HTML's {@code &amp;} undone. */
    static List<String> links(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            out.add(m.group().replace("&amp;", "&"));
        }
        return List.copyOf(out);
    }

    private static Ui.Badge badge(String status) {
        return switch (status) {
            case OutboxMessage.SENT -> new Ui.Badge("sent", "success");
            case OutboxMessage.FAILED -> new Ui.Badge("failed", "danger");
            case OutboxMessage.HELD -> new Ui.Badge("held (no SMTP)", "warn");
            default -> new Ui.Badge("pending", "info");
        };
    }

    // ---- templates

    public void templates(DashboardRequest r) {
        List<Ui.Row> rows = new ArrayList<>();
        for (String name : EmailTemplates.NAMES) {
            ObjectNode doc = emails.templates().document(name);
            rows.add(new Ui.Row(List.of(Ui.Cell.link(name, TEMPLATES + "/" + name), Ui.Cell.text(Json.text(doc, "subject", "")),
                    Ui.Cell.badges(List.of(Json.bool(doc, "enabled", false) ? new Ui.Badge("enabled", "success") : new Ui.Badge("disabled", "warn"),
                            emails.templates().customised(name) ? new Ui.Badge("customised", "info") : new Ui.Badge("default", "info"))))));
        }
        r.render(200, "Email templates", "The messages Atrium sends, with Auth0's template names and variables.", "emails", List.of(),
                List.of(), List.of(new Ui.Table("Templates", null, null, null, List.of("Template", "Subject", "State"), rows, null, "", null)),
                null);
    }

    public void template(DashboardRequest r) {
        String name = r.path("name");
        if (!EmailTemplates.known(name)) {
            r.refused(TEMPLATES, "There is no template " + name + ".");
            return;
        }
        ObjectNode doc = emails.templates().document(name);
        show(r, name, doc, null, 200);
    }

    /** Renders the typed (unsaved) version with sample values, and offers to save it. */
    public void preview(DashboardRequest r) {
        String name = r.path("name");
        if (!EmailTemplates.known(name)) {
            r.refused(TEMPLATES, "There is no template " + name + ".");
            return;
        }
        ObjectNode typed = typed(r);
        show(r, name, typed, null, 200);
    }

    public void save(DashboardRequest r) {
        String name = r.path("name");
        if (!EmailTemplates.known(name)) {
            r.refused(TEMPLATES, "There is no template " + name + ".");
            return;
        }
        ObjectNode typed = typed(r);
        try {
            emails.templates().update(name, typed, false);
        } catch (InvalidRequestException e) {
            show(r, name, typed, e.getMessage(), 400);
            return;
        }
        r.done(TEMPLATES + "/" + name, "Template " + name + " saved.");
    }

    private ObjectNode typed(DashboardRequest r) {
        ObjectNode o = Json.object();
        o.put("subject", r.optional("subject").orElse(""));
        o.put("body", r.optional("body").orElse(""));
        o.put("enabled", r.checked("enabled"));
        o.put("resultUrl", r.optional("resultUrl").orElse(""));
        String life = r.optional("urlLifetimeInSeconds").orElse("0").trim();
        try {
            o.put("urlLifetimeInSeconds", Long.parseLong(life.isEmpty() ? "0" : life));
        } catch (NumberFormatException e) {
            o.put("urlLifetimeInSeconds", -1);
        }
        return o;
    }

    private void show(DashboardRequest r, String name, ObjectNode doc, String error, int status) {
        ObjectNode full = emails.templates().document(name);
        full.setAll(doc);
        RenderedEmail preview = emails.templates().preview(full, emails.sampleVariables(name));
        List<Ui.Field> fields = List.of(
                Ui.Field.text("subject", "Subject", Json.text(full, "subject", "")).mandatory(),
                Ui.Field.of("textarea", "body", "Message (HTML, Liquid variables such as {{ user.name }} and {{ url }})",
                        Json.text(full, "body", "")).mandatory(),
                Ui.Field.checkbox("enabled", "Send this message", Json.bool(full, "enabled", false)),
                Ui.Field.text("resultUrl", "Redirect to after the link (optional)", Json.text(full, "resultUrl", "")),
                Ui.Field.of("number", "urlLifetimeInSeconds", "Link lifetime in seconds (0: the default)",
                        String.valueOf(Json.number(full, "urlLifetimeInSeconds", 0))));
        Ui.Form edit = new Ui.Form("template", "Edit", "Preview first, then save. Variables use Auth0's names.",
                TEMPLATES + "/" + name + "/preview", "Preview", fields, error, null, null);
        List<Ui.Field> hidden = new ArrayList<>();
        for (Map.Entry<String, String> e : Map.of("subject", Json.text(full, "subject", ""), "body", Json.text(full, "body", ""),
                "resultUrl", Json.text(full, "resultUrl", ""),
                "urlLifetimeInSeconds", String.valueOf(Json.number(full, "urlLifetimeInSeconds", 0))).entrySet()) {
            hidden.add(Ui.Field.hidden(e.getKey(), e.getValue()));
        }
        if (Json.bool(full, "enabled", false)) {
            hidden.add(Ui.Field.hidden("enabled", "on"));
        }
        Ui.Form save = new Ui.Form("save", null, "Save the version shown in the preview.", TEMPLATES + "/" + name + "/save",
                "Save template", hidden, null, "secondary", null);
        r.render(status, name, "Subject: " + preview.subject(), "emails", List.of(new Ui.Crumb("Email templates", TEMPLATES)),
                List.of(), List.of(edit, new Ui.Frame("Preview with sample values", preview.html(), preview.text()), save), null);
    }
}
