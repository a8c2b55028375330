package dev.atrium.web.dashboard;

import dev.atrium.common.Json;
import dev.atrium.logs.LogActivity;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogIds;
import dev.atrium.logs.LogQuery;
import dev.atrium.logs.LogQueryParser;
import dev.atrium.logs.LogStore;
import dev.atrium.logs.LogStream;
import dev.atrium.logs.LogStreamPatch;
import dev.atrium.logs.LogStreamService;
import dev.atrium.logs.LogTypes;
import dev.atrium.logs.Reasons;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.oauth.AccessCheck;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant logs in the console (issue 19): the Logs page (filtered with the log API's query syntax), one
 * event with its explanation, the log streams with their health, and the blocks other pages show — a
 * user's or an organization's recent events, and the 30-day activity chart.
 */
public final class LogsPages {
    static final String BASE = "/dashboard/logs";
    static final String STREAMS = "/dashboard/log-streams";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Logs", BASE));
    private static final Map<String, String> TONES = Map.of("Sign-ins", "signins", "Sign-ups", "signups",
            "Failed sign-ins", "failed", "Tokens issued", "tokens");

    private final LogStore store;
    private final LogStreamService streams;
    private final LogActivity activity;
    private final AccessCheck check;

    public LogsPages(LogStore store, LogStreamService streams, LogActivity activity, AccessCheck check) {
        this.store = store;
        this.streams = streams;
        this.activity = activity;
        this.check = check;
    }

    /** {@code GET /dashboard/access-check}: the what-if form. */
    public void accessCheckForm(DashboardRequest r) {
        r.render(200, "Access check", "May this user sign in to this application, in this organization, through this connection, "
                + "for this API? Answered by the same rules as a real sign-in; nothing is recorded.", "logs", CRUMBS, List.of(),
                List.of(accessForm("", "", "", "", "")), null);
    }

    /** {@code POST /dashboard/access-check}: the answer, with the form filled in again. */
    public void accessCheck(DashboardRequest r) {
        String client = r.param("client_id");
        String user = r.param("user_id");
        String connection = r.param("connection");
        String organization = r.param("organization");
        String audience = r.param("audience");
        List<Ui.Block> blocks = new ArrayList<>();
        try {
            ObjectNode a = check.check(client, user, connection, organization, audience);
            List<Ui.Fact> facts = new ArrayList<>();
            boolean allowed = a.path("allowed").asBoolean();
            facts.add(new Ui.Fact("Answer", a.path("decision").asString(), true,
                    List.of(new Ui.Badge(allowed ? "allowed" : "refused", allowed ? "success" : "danger"))));
            if (a.has("reason")) {
                facts.add(new Ui.Fact("Reason", a.get("reason").asString(), true, List.of()));
                facts.add(new Ui.Fact("Rule", a.get("explanation").asString(), false, List.of()));
                facts.add(new Ui.Fact("Error the application would get", a.get("error").asString() + ": "
                        + a.get("error_description").asString(), false, List.of()));
            }
            if (a.hasNonNull("organization_id")) {
                facts.add(new Ui.Fact("Organization", a.get("organization_id").asString(), true, List.of()));
            }
            for (String name : a.get("inputs").propertyNames()) {
                var v = a.get("inputs").get(name);
                facts.add(new Ui.Fact(name.replace('_', ' '), v.isString() ? v.asString() : v.toString(), true, List.of()));
            }
            blocks.add(new Ui.Facts("Answer", facts));
        } catch (InvalidRequestException e) {
            blocks.add(new Ui.Note("error", e.getMessage()));
        }
        blocks.add(0, accessForm(client, user, connection, organization, audience));
        r.render(200, "Access check", null, "logs", CRUMBS, List.of(), blocks, null);
    }

    private static Ui.Form accessForm(String client, String user, String connection, String organization, String audience) {
        return new Ui.Form("access-check", "Ask", null, "/dashboard/access-check", "Check", List.of(
                Ui.Field.text("client_id", "Application (client ID)", client).mandatory(),
                Ui.Field.text("user_id", "User (user ID)", user).mandatory(),
                Ui.Field.text("connection", "Connection (name or ID; empty: the user's own)", connection),
                Ui.Field.text("organization", "Organization (ID or name; optional)", organization),
                Ui.Field.text("audience", "API (identifier; optional)", audience)), null, null, null);
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        LogQuery query;
        String error = null;
        try {
            query = LogQueryParser.parse(q, false);
        } catch (LogQueryParser.InvalidQuery e) {
            query = LogQuery.all().and("log_id", "none");
            error = e.getMessage();
        }
        long total = store.count(query);
        int pages = (int) Math.max(1, Math.min(50, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE));
        int page = r.page(pages);
        List<Ui.Row> rows = rows(store.search(query, (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE));
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Tabs("Quick filters", List.of(
                new Ui.Tab("all", "All", BASE, q.isEmpty()),
                new Ui.Tab("failed", "Failed sign-ins", BASE + "?q=" + DashboardAuth.enc("type:(f OR fp OR fu OR limit_wc)"),
                        q.equals("type:(f OR fp OR fu OR limit_wc)")),
                new Ui.Tab("signins", "Sign-ins", BASE + "?q=type:s", q.equals("type:s")),
                new Ui.Tab("tokens", "Token exchanges", BASE + "?q=" + DashboardAuth.enc("type:(seccft OR seacft OR sertft)"),
                        q.equals("type:(seccft OR seacft OR sertft)")),
                new Ui.Tab("management", "Management API", BASE + "?q=" + DashboardAuth.enc("type:(sapi OR fapi)"),
                        q.equals("type:(sapi OR fapi)")))));
        if (error != null) {
            blocks.add(new Ui.Note("error", "The filter was not understood: " + error));
        }
        blocks.add(new Ui.Table(null, BASE, q, "Filter, e.g. type:fp AND date:[2026-01-01 TO *], or user_id:, client_id:, "
                + "organization_id:, connection:, ip:", List.of("Date", "Event", "Description", "User", "Application", "Organization"),
                rows, r.pager(page, pages, total), q.isEmpty() ? "Nothing has been logged yet." : "No event matches “" + q + "”.", null));
        r.render(200, "Logs", "What happened in this tenant, newest first; events are kept " + "for the configured retention period.",
                "logs", List.of(), List.of(new Ui.Link("Access check", "/dashboard/access-check"), new Ui.Link("Log streams", STREAMS)),
                blocks, null);
    }

    public void show(DashboardRequest r) {
        String id = r.path("id");
        LogEvent e = (LogIds.valid(id) ? store.find(id) : Optional.<LogEvent>empty())
                .orElseThrow(() -> new DashboardAuth.NotFound("There is no log event " + id + "."));
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.addAll(explanation(e));
        List<Ui.Fact> facts = new ArrayList<>();
        fact(facts, "Date", e.date().toString(), false);
        fact(facts, "Type", e.type() + " (" + LogTypes.category(e.type()) + ")", true);
        fact(facts, "Description", e.description(), false);
        fact(facts, "Application", join(e.clientName(), e.clientId()), false);
        fact(facts, "Connection", join(e.connection(), e.connectionId()), false);
        fact(facts, "User", join(e.userName(), e.userId()), false);
        fact(facts, "Organization", join(e.organizationName(), e.organizationId()), false);
        fact(facts, "Audience", e.audience(), true);
        fact(facts, "Scope", e.scope(), true);
        fact(facts, "IP address", e.ip(), true);
        fact(facts, "User agent", e.userAgent(), false);
        fact(facts, "Host", e.hostname(), false);
        fact(facts, "Log ID", e.logId(), true);
        blocks.add(new Ui.Facts("Event", facts));
        blocks.add(new Ui.Pre("Details", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e.details())));
        r.render(200, e.description() == null ? e.type() : e.description(), e.type() + " · " + e.date(), "logs", CRUMBS,
                List.of(), blocks, null);
    }

    /** A refusal's reason in words, and the inputs the decision saw. */
    static List<Ui.Block> explanation(LogEvent e) {
        String reason = e.details().path("reason").asString(null);
        if (reason == null) {
            return List.of();
        }
        List<Ui.Fact> facts = new ArrayList<>();
        facts.add(new Ui.Fact("Reason", reason, true, List.of(new Ui.Badge("refused", "danger"))));
        facts.add(new Ui.Fact("Rule", Reasons.explain(reason), false, List.of()));
        var inputs = e.details().path("inputs");
        if (inputs.isObject()) {
            for (String name : inputs.propertyNames()) {
                facts.add(new Ui.Fact(name.replace('_', ' '), inputs.get(name).isString() ? inputs.get(name).asString()
                        : inputs.get(name).toString(), true, List.of()));
            }
        }
        return List.of(new Ui.Facts("Why", facts));
    }

    public void streams(DashboardRequest r) {
        List<Ui.Row> rows = new ArrayList<>();
        for (LogStream s : streams.list()) {
            String tone = s.status().equals(LogStream.ACTIVE) ? (s.failures() > 0 ? "warning" : "success")
                    : s.status().equals(LogStream.SUSPENDED) ? "danger" : "neutral";
            List<Ui.Cell> cells = new ArrayList<>(List.of(Ui.Cell.text(s.name()), Ui.Cell.mono(s.endpoint()),
                    Ui.Cell.badges(List.of(new Ui.Badge(s.status(), tone))),
                    Ui.Cell.text(s.failures() + (s.lastError().map(x -> " · " + x).orElse(""))),
                    Ui.Cell.text(s.lastDeliveredAt().map(Object::toString).orElse("never")),
                    Ui.Cell.text(s.categories().isEmpty() ? "all events" : String.join(", ", s.categories()))));
            cells.add(s.status().equals(LogStream.ACTIVE) ? Ui.Cell.text("")
                    : Ui.Cell.button(new Ui.Button("Resume", STREAMS + "/" + s.id() + "/resume", Map.of(), null,
                    "Resume " + s.name())));
            rows.add(new Ui.Row(cells));
        }
        r.render(200, "Log streams", "Where events are sent as they happen; manage them with the Management API's /api/v2/log-streams.",
                "logs", CRUMBS, List.of(), List.of(new Ui.Table(null, null, null, null,
                        List.of("Name", "Endpoint", "Status", "Consecutive failures", "Last delivery", "Filters", ""), rows, null,
                        "No log stream yet.", null)), null);
    }

    public void resume(DashboardRequest r) {
        String id = r.path("id");
        streams.update(id, LogStreamPatch.status(LogStream.ACTIVE))
                .orElseThrow(() -> new DashboardAuth.NotFound("There is no log stream " + id + "."));
        r.done(STREAMS, "The log stream is active again; it resumes from its last delivered event.");
    }

    /** The 30-day activity chart of the tenant, or of one organization. */
    public Ui.Chart chart(Optional<String> organizationId) {
        LogActivity.Daily daily = activity.last30Days(organizationId);
        long max = 1;
        for (long[] v : daily.series().values()) {
            for (long n : v) {
                max = Math.max(max, n);
            }
        }
        List<Ui.Series> series = new ArrayList<>();
        int n = daily.days().size();
        for (var entry : daily.series().entrySet()) {
            long[] v = entry.getValue();
            StringBuilder points = new StringBuilder();
            long total = 0;
            List<Long> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long x = Math.round((double) i * Ui.Chart.WIDTH / (n - 1));
                long y = Ui.Chart.HEIGHT - Math.round((double) v[i] * (Ui.Chart.HEIGHT - 20) / max);
                points.append(i == 0 ? "" : " ").append(x).append(',').append(y);
                total += v[i];
                values.add(v[i]);
            }
            series.add(new Ui.Series(entry.getKey(), TONES.get(entry.getKey()), points.toString(), total, values));
        }
        return new Ui.Chart("Activity, last 30 days", "Per day (UTC), from the tenant log.",
                daily.days().stream().map(Object::toString).toList(), max, series);
    }

    /** The latest events of one user or one organization, for their pages. */
    public Ui.Table recent(String field, String value) {
        LogQuery q = LogQuery.all().and(field, value);
        List<Ui.Row> rows = rows(store.search(q, 0, 10));
        return new Ui.Table("Recent events", null, null, null,
                List.of("Date", "Event", "Description", "User", "Application", "Organization"), rows, null, "No events yet.",
                new Ui.Link("All events", BASE + "?q=" + DashboardAuth.enc(field + ":\"" + value + "\"")));
    }

    private static List<Ui.Row> rows(List<LogEvent> events) {
        return events.stream().map(e -> new Ui.Row(List.of(Ui.Cell.link(e.date().toString(), BASE + "/" + e.logId()),
                Ui.Cell.badges(List.of(new Ui.Badge(e.type(), LogTypes.category(e.type()).endsWith("fail") ? "danger" : "neutral"))),
                Ui.Cell.text(e.description() == null ? "" : e.description()),
                Ui.Cell.text(join(e.userName(), e.userId())), Ui.Cell.text(join(e.clientName(), e.clientId())),
                Ui.Cell.text(join(e.organizationName(), e.organizationId()))))).toList();
    }

    private static void fact(List<Ui.Fact> facts, String label, String value, boolean mono) {
        if (value != null && !value.isEmpty()) {
            facts.add(new Ui.Fact(label, value, mono, List.of()));
        }
    }

    private static String join(String name, String id) {
        if (name == null && id == null) {
            return "";
        }
        if (name == null || id == null || name.equals(id)) {
            return name != null ? name : id;
        }
        return name + " (" + id + ")";
    }
}
