package dev.atrium.web.ui;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.connections.Connection;
import dev.atrium.email.AccountEmails;
import dev.atrium.email.AccountTicket;
import dev.atrium.common.Json;
import dev.atrium.organizations.Organization;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The hosted account pages of issue 13: "Forgot password?" from the login page
 * ({@code /u/reset-password?state=…}), the page a reset link opens ({@code /u/reset-password/change}),
 * and the verification link ({@code /u/email-verification}). They never say whether an account
 * exists: the request page answers the same for every address, and a dead link reads the same
 * whatever made it dead. Opening a reset link does not use it up; setting the password does.
 */
public final class AccountPages {
    static final String SENT = AccountEmails.RESET_SENT;
    static final String DEAD_LINK = "This link is invalid or has expired. Ask for a new one from the login page.";

    private final AccountEmails emails;
    private final AuthorizeEndpoint authorize;
    private final ClientStore clients;
    private final HostedPages pages;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;

    public AccountPages(AccountEmails emails, AuthorizeEndpoint authorize, ClientStore clients, HostedPages pages,
                        Templates templates, Cookies cookies, Csrf csrf) {
        this.emails = emails;
        this.authorize = authorize;
        this.clients = clients;
        this.pages = pages;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    // ---- asking for a link

    public void requestPage(Context ctx) {
        Optional<AuthTransaction> tx = transaction(ctx);
        if (tx.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        renderRequest(ctx, 200, tx.get(), "", null, tx.get().request().connection());
    }

    public void requestSubmit(Context ctx) {
        Optional<AuthTransaction> found = transaction(ctx);
        if (found.isEmpty() || !csrfOk(ctx, "reset")) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        // identifier first, as on the login page (issue 17 point 5): the named connection, else the shown one holding
        // an account with this address, else the first; the page answers the same whichever it is
        String connection = pages.loginConnections().forLogin(tx, ctx.formParam("connection"), email.toLowerCase(java.util.Locale.ROOT))
                .map(Connection::name).orElse("");
        try {
            emails.requestPasswordReset(new AccountEmails.ResetRequest(tx.request().clientId(), connection, email, ctx.ip(),
                    Optional.ofNullable(tx.organizationId()), Optional.of(loginUrl(tx))));
        } catch (InvalidRequestException e) {
            renderRequest(ctx, 400, tx, email, "email".equals(e.field()) ? "Enter a valid email address." : e.getMessage(), connection);
            return;
        } catch (AccountEmails.RateLimited e) {
            renderRequest(ctx, 429, tx, email, e.getMessage(), connection);
            return;
        } catch (AccountEmails.ThirdParty e) {
            pages.error(ctx, 403, OAuthError.UNAUTHORIZED_CLIENT.code(), e.getMessage());
            return;
        }
        message(ctx, 200, chrome("reset-password-sent", "Check your email", tx), "sent", SENT, loginUrl(tx), "Back to log in");
    }

    private void renderRequest(Context ctx, int status, AuthTransaction tx, String email, String error, String selected) {
        templates.send(ctx, status, "account_reset_request.jte", new AccountViews.ResetRequest(
                chrome("reset-password-request", "Forgot your password?", tx), tx.id(),
                csrf.token(cookies.device(ctx), "reset"), email, error, loginUrl(tx)));
    }

    // ---- following a reset link

    public void changePage(Context ctx) {
        String ticket = ctx.queryParam("ticket");
        Optional<AccountTicket> t = emails.usableReset(ticket);
        if (t.isEmpty()) {
            message(ctx, 400, pages.chrome("reset-password-invalid", "Reset your password", null), "invalid", DEAD_LINK, null, null);
            return;
        }
        renderChange(ctx, 200, ticket, t.get(), null);
    }

    public void changeSubmit(Context ctx) {
        String ticket = Optional.ofNullable(ctx.formParam("ticket")).orElse("");
        Optional<AccountTicket> t = emails.usableReset(ticket);
        if (t.isEmpty()) {
            message(ctx, 400, pages.chrome("reset-password-invalid", "Reset your password", null), "invalid", DEAD_LINK, null, null);
            return;
        }
        if (!csrfOk(ctx, "reset-change")) {
            renderChange(ctx, 400, ticket, t.get(), "The form expired. Try again.");
            return;
        }
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!password.equals(ctx.formParam("confirm"))) {
            renderChange(ctx, 400, ticket, t.get(), "The two passwords are not the same.");
            return;
        }
        AccountEmails.Reset reset = emails.resetPassword(ticket, password);
        switch (reset.outcome()) {
            case WEAK_PASSWORD -> renderChange(ctx, 400, ticket, t.get(), "This password is too weak. " + rule(t.get()));
            case INVALID_LINK -> message(ctx, 400, pages.chrome("reset-password-invalid", "Reset your password", null), "invalid",
                    DEAD_LINK, null, null);
            case DONE -> {
                Optional<String> next = reset.resultUrl();
                if (next.isPresent() && next.get().startsWith("http")) {
                    ctx.header("Cache-Control", "no-store");
                    ctx.redirect(withParams(next.get(), reset.email(), true, "Your password has been changed.", reset.organization()),
                            HttpStatus.FOUND);
                    return;
                }
                message(ctx, 200, chrome(t.get(), "reset-password-done", "Password changed"), "done",
                        "Your password has been changed. Every device that was signed in has been signed out.",
                        next.orElse(null), next.isPresent() ? "Continue to log in" : null);
            }
        }
    }

    private void renderChange(Context ctx, int status, String ticket, AccountTicket t, String error) {
        templates.send(ctx, status, "account_reset_password.jte", new AccountViews.ResetPassword(
                chrome(t, "reset-password", "Choose a new password"), ticket, csrf.token(cookies.device(ctx), "reset-change"),
                rule(t), error));
    }

    private String rule(AccountTicket t) {
        String policy = emails.connectionOf(t).map(Connection::passwordPolicy).orElse("good");
        return switch (policy) {
            case "none" -> "Any password.";
            case "low" -> "Use at least 6 characters.";
            case "fair" -> "Use at least 8 characters, with lower-case and upper-case letters and a number.";
            case "excellent" -> "Use at least 10 characters with 3 of: lower-case, upper-case, numbers, special characters; "
                    + "no more than 2 identical characters in a row.";
            default -> "Use at least 8 characters with 3 of: lower-case, upper-case, numbers, special characters.";
        };
    }

    // ---- following a verification link

    public void verify(Context ctx) {
        AccountEmails.Verification v = emails.verifyEmail(ctx.queryParam("ticket"));
        if (v.resultUrl().isPresent() && v.resultUrl().get().startsWith("http")) {
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(withParams(v.resultUrl().get(), v.email(), v.outcome().success, v.outcome().message, v.organization()),
                    HttpStatus.FOUND);
            return;
        }
        message(ctx, v.outcome().success ? 200 : 400, pages.chrome("email-verification", "Email verification", null),
                v.outcome().success ? "verified" : "not-verified", v.outcome().message, null, null);
    }

    // ---- helpers

    private void message(Context ctx, int status, Chrome chrome, String kind, String text, String href, String label) {
        templates.send(ctx, status, "account_message.jte", new AccountViews.Message(chrome, kind, text, href, label));
    }

    private Chrome chrome(String screen, String title, AuthTransaction tx) {
        return pages.chrome(screen, title, clients.find(tx.request().clientId()).orElse(null));
    }

    /** The application's chrome, with the organization's logo, colours and name over it for a link made in one. */
    private Chrome chrome(AccountTicket t, String screen, String title) {
        Client client = t.clientId().flatMap(clients::find).orElse(null);
        Chrome base = pages.chrome(screen, title, client);
        Optional<Organization> org = emails.organizationOf(t);
        if (org.isEmpty()) {
            return base;
        }
        Organization o = org.get();
        var branding = o.doc().path("branding");
        String logo = Json.text(branding, "logo_url", null);
        String primary = Json.text(branding.path("colors"), "primary", null);
        String background = Json.text(branding.path("colors"), "page_background", null);
        return new Chrome(screen, title, base.appName() + " · " + o.displayName().orElse(o.name()), base.tenantName(),
                logo != null ? logo : base.logoUrl(), primary != null ? primary : base.primaryColor(),
                background != null ? background : base.pageBackground());
    }

    private Optional<AuthTransaction> transaction(Context ctx) {
        String state = ctx.queryParam("state");
        if (state == null) {
            state = ctx.formParam("state");
        }
        String s = state;
        return s == null ? Optional.empty() : cookies.existingDevice(ctx).flatMap(d -> authorize.transaction(s, d));
    }

    private boolean csrfOk(Context ctx, String purpose) {
        return cookies.existingDevice(ctx).map(d -> csrf.valid(d, purpose, ctx.formParam("_csrf"))).orElse(false);
    }

    private static String loginUrl(AuthTransaction tx) {
        return "/u/login?state=" + enc(tx.id());
    }

    /**
     * Auth0's redirect parameters: the address first when the link was made to include it
     * ({@code includeEmailInRedirect}); for a link made in an organization, its id and name too.
     */
    private static String withParams(String url, Optional<String> email, boolean success, String message, Optional<Organization> org) {
        return url + (url.contains("?") ? "&" : "?") + email.map(e -> "email=" + enc(e) + "&").orElse("") + "success=" + success + "&message=" + enc(message)
                + org.map(o -> "&organization_id=" + enc(o.id()) + "&organization_name=" + enc(o.name())).orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
