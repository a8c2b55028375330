package dev.atrium.web.dashboard;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.web.ui.Templates;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One dashboard request of a signed-in administrator: reading the form, rendering a page with the
 * navigation and the flash message, the post/redirect/get step with a success message, the
 * confirmation step before anything destructive, and the re-rendering of a refused form with the
 * typed values and each error beside its field.
 */
public final class DashboardRequest {
    static final int PER_PAGE = 20;
    private static final List<String[]> NAV = List.of(
            new String[]{"home", "Overview", "/dashboard"},
            new String[]{"applications", "Applications", "/dashboard/applications"},
            new String[]{"apis", "APIs", "/dashboard/apis"},
            new String[]{"connections", "Connections", "/dashboard/connections"},
            new String[]{"users", "Users", "/dashboard/users"},
            new String[]{"roles", "Roles", "/dashboard/roles"},
            new String[]{"organizations", "Organizations", "/dashboard/organizations"},
            new String[]{"outbox", "Outbox", "/dashboard/outbox"},
            new String[]{"emails", "Email templates", "/dashboard/email-templates"},
            new String[]{"settings", "Tenant settings", "/dashboard/settings"},
            new String[]{"keys", "Signing keys", "/dashboard/keys"},
            new String[]{"import", "Import from Auth0", "/dashboard/import"});

    /** The model of the stand-alone message page (sign-in problems, 403, 404). */
    public record Message(String title, String text, String href, String linkLabel) {
    }

    /** A refused form: what was typed, and the errors by field name. */
    public record FormState(String formId, Map<String, List<String>> values, Map<String, String> errors) {
        List<Ui.Block> apply(List<Ui.Block> blocks) {
            return blocks.stream().map(b -> b instanceof Ui.Form f && f.id().equals(formId)
                    ? (Ui.Block) f.withState(values, errors) : b).toList();
        }
    }

    /** One page of a list. */
    public record Slice<T>(List<T> items, Ui.Pager pager) {
    }

    private final Context ctx;
    private final Ui.Admin admin;
    private final String csrf;
    private final DashboardAuth auth;
    private final Templates templates;

    DashboardRequest(Context ctx, Ui.Admin admin, String csrf, DashboardAuth auth, Templates templates) {
        this.ctx = ctx;
        this.admin = admin;
        this.csrf = csrf;
        this.auth = auth;
        this.templates = templates;
    }

    public Context ctx() {
        return ctx;
    }

    public Ui.Admin admin() {
        return admin;
    }

    public String path(String name) {
        return ctx.pathParam(name);
    }

    /** A form or query value, trimmed; empty when absent. */
    public String param(String name) {
        String v = ctx.formParam(name);
        if (v == null) {
            v = ctx.queryParam(name);
        }
        return v == null ? "" : v.trim();
    }

    public Optional<String> optional(String name) {
        String v = param(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public List<String> params(String name) {
        return ctx.formParams(name);
    }

    public boolean checked(String name) {
        return !ctx.formParams(name).isEmpty();
    }

    /** A textarea of URLs or values: one per line (commas also separate). */
    public List<String> lines(String name) {
        return Arrays.stream(param(name).split("[\\r\\n,]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A whole number typed in a field; a refusal naming the field otherwise. */
    public long number(String name, String label) {
        try {
            return Long.parseLong(param(name));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, label + " must be a whole number.");
        }
    }

    /** Cuts a list to the page named by {@code ?page=} (1-based), with links that keep the search. */
    public <T> Slice<T> slice(List<T> all) {
        int pages = Math.max(1, (all.size() + PER_PAGE - 1) / PER_PAGE);
        int page = page(pages);
        List<T> items = all.subList(Math.min(all.size(), (page - 1) * PER_PAGE), Math.min(all.size(), page * PER_PAGE));
        return new Slice<>(items, pager(page, pages, all.size()));
    }

    /** The current 1-based page, clamped to {@code pages}. */
    public int page(int pages) {
        int page;
        try {
            page = Integer.parseInt(param("page"));
        } catch (NumberFormatException e) {
            page = 1;
        }
        return Math.max(1, Math.min(page, pages));
    }

    public Ui.Pager pager(int page, int pages, long total) {
        String q = param("q");
        String base = ctx.path() + "?" + (q.isEmpty() ? "" : "q=" + DashboardAuth.enc(q) + "&") + "page=";
        return new Ui.Pager(page, pages, total, page > 1 ? base + (page - 1) : null, page < pages ? base + (page + 1) : null);
    }

    /** Renders a page of the console. */
    public void render(int status, String title, String subtitle, String nav, List<Ui.Crumb> crumbs, List<Ui.Link> actions,
                       List<Ui.Block> blocks, FormState state) {
        List<Ui.Nav> items = NAV.stream().map(n -> new Ui.Nav(n[0], n[1], n[2], n[0].equals(nav))).toList();
        List<Ui.Crumb> trail = new ArrayList<>();
        if (nav.equals("home")) {
            trail.add(new Ui.Crumb("Dashboard", null));
        } else {
            trail.add(new Ui.Crumb("Dashboard", "/dashboard"));
            trail.addAll(crumbs);
            trail.add(new Ui.Crumb(title, null));
        }
        Ui.Page page = new Ui.Page(title, subtitle, trail, auth.takeFlash(ctx), actions,
                state == null ? blocks : state.apply(blocks), items, admin, csrf, auth.tenantName());
        templates.send(ctx, state == null ? status : 400, "dashboard/page.jte", page);
    }

    /** Post/redirect/get with a success message. */
    public void done(String href, String message) {
        auth.flash(ctx, new Ui.Flash("success", message));
        ctx.redirect(href, HttpStatus.SEE_OTHER);
    }

    /** Post/redirect/get with an error message (an action refused outside any form). */
    public void refused(String href, String message) {
        auth.flash(ctx, new Ui.Flash("error", message));
        ctx.redirect(href, HttpStatus.SEE_OTHER);
    }

    /**
     * Runs a change; when a domain rule refuses it, hands the form back (typed values, error beside the field)
     * to {@code again}, which re-renders the page.
     */
    public void attempt(String formId, Runnable change, Consumer<FormState> again) {
        try {
            change.run();
        } catch (InvalidRequestException e) {
            again.accept(failed(formId, e.field(), e.getMessage()));
        } catch (AlreadyExistsException e) {
            again.accept(failed(formId, null, e.getMessage()));
        }
    }

    public FormState failed(String formId, String field, String message) {
        Map<String, List<String>> values = new LinkedHashMap<>(ctx.formParamMap());
        values.remove("_csrf");
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(field, message);
        return new FormState(formId, values, errors);
    }

    /**
     * The confirmation step: true when the post already carries the confirmation; otherwise shows a
     * page that repeats the post (same fields) with the confirmation, and returns false.
     */
    public boolean confirmed(String title, String text, String submit, String cancel, List<Ui.Crumb> crumbs, String nav) {
        if ("yes".equals(ctx.formParam("confirmed"))) {
            return true;
        }
        List<Ui.Field> fields = new ArrayList<>();
        ctx.formParamMap().forEach((k, vs) -> {
            if (!k.equals("_csrf") && !k.equals("confirmed")) {
                vs.forEach(v -> fields.add(Ui.Field.hidden(k, v)));
            }
        });
        fields.add(Ui.Field.hidden("confirmed", "yes"));
        Ui.Form form = new Ui.Form("confirm", null, text, ctx.path(), submit, fields, null, "danger", cancel);
        render(200, title, null, nav, crumbs, List.of(), List.of(form), null);
        return false;
    }
}
