package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.oauth.OrganizationDirectory;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The organization pages of sign-in: the pre-login prompt ({@code /u/organization}) and the post-login
 * picker ({@code /u/organization-picker}). They only find which organization the person means; whether it
 * may be entered, and whether the transaction may still change organization, is the flow's answer
 * ({@link dev.atrium.oauth.OrganizationChoices}).
 */
final class OrganizationPages {
    private final HostedPages pages;
    private final AuthorizeEndpoint authorize;
    private final ClientStore clients;
    private final UserStore users;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;

    OrganizationPages(HostedPages pages, AuthorizeEndpoint authorize, ClientStore clients, UserStore users, Templates templates,
                      Cookies cookies, Csrf csrf) {
        this.pages = pages;
        this.authorize = authorize;
        this.clients = clients;
        this.users = users;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    void promptPage(Context ctx) {
        Optional<AuthTransaction> tx = pages.transaction(ctx);
        if (tx.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        renderPrompt(ctx, 200, tx.get(), "", null, List.of());
    }

    void promptSubmit(Context ctx) {
        Optional<AuthTransaction> found = pages.transaction(ctx);
        if (found.isEmpty() || !pages.csrfOk(ctx, "flow")) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Client client = clients.find(tx.request().clientId()).orElseThrow();
        if (personal(ctx, tx, client)) {
            return;
        }
        String input = Optional.ofNullable(ctx.formParam("organization")).orElse("").trim();
        List<String> methods = client.organizationDiscoveryMethods();
        OrganizationDirectory dir = authorize.organizations();
        if (input.contains("@") && methods.contains("email")) {
            String domain = input.substring(input.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            List<OrganizationDirectory.Org> matches = dir.discover(domain).stream().map(id -> dir.resolve(id, false))
                    .flatMap(Optional::stream).toList();
            String chosenId = ctx.formParam("organization_id");
            if (chosenId != null && !chosenId.isEmpty()) {
                // O39: the choice among the organizations sharing the domain, and only one of those
                matches = matches.stream().filter(o -> o.id().equals(chosenId)).toList();
                if (matches.isEmpty()) {
                    renderPrompt(ctx, 400, tx, input, "The organization you entered is invalid", List.of());
                    return;
                }
            }
            if (matches.size() == 1) {
                pages.send(ctx, authorize.organizationChoices().promptChose(tx, matches.get(0)));
            } else if (matches.isEmpty()) {
                renderPrompt(ctx, 400, tx, input, "We could not find an organization for this email address.", List.of());
            } else {
                renderPrompt(ctx, 200, tx, input, null, matches);
            }
            return;
        }
        // O38: an exact organization name (or id) when the application discovers organizations by name
        Optional<OrganizationDirectory.Org> org = methods.contains("organization_name")
                ? dir.resolve(input, true).filter(o -> o.name().equals(input) || o.id().equals(input)) : Optional.empty();
        if (org.isEmpty()) {
            renderPrompt(ctx, 400, tx, input, "The organization you entered is invalid", List.of());
            return;
        }
        pages.send(ctx, authorize.organizationChoices().promptChose(tx, org.get()));
    }

    private void renderPrompt(Context ctx, int status, AuthTransaction tx, String value, String error,
                              List<OrganizationDirectory.Org> choices) {
        Client client = clients.find(tx.request().clientId()).orElseThrow();
        List<String> methods = client.organizationDiscoveryMethods();
        String label = methods.contains("email") && methods.contains("organization_name") ? "Work email or organization name"
                : methods.contains("organization_name") ? "Organization name" : "Work email";
        templates.send(ctx, status, "organization_selection.jte", new Views.OrganizationPrompt(
                pages.chrome("organization-selection", "Sign in with your organization", client), tx.id(),
                csrf.token(cookies.device(ctx), "flow"), label, methods.contains("email") && !methods.contains("organization_name"),
                value, error, client.usage() == dev.atrium.clients.OrganizationUsage.ALLOW,
                choices.stream().map(o -> new Views.OrgChoice(o.id(), o.label())).toList()));
    }

    void pickerPage(Context ctx) {
        Optional<AuthTransaction> tx = pages.transaction(ctx);
        if (tx.isEmpty() || !tx.get().authenticated()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        Client client = clients.find(tx.get().request().clientId()).orElseThrow();
        List<Views.OrgChoice> choices = authorize.pickerChoices(tx.get()).stream()
                .map(o -> new Views.OrgChoice(o.id(), o.label())).toList();
        String userName = users.find(tx.get().userId()).map(User::name).orElse("");
        templates.send(ctx, 200, "organization_picker.jte", new Views.OrganizationPicker(
                pages.chrome("organization-picker", "Choose an organization", client), tx.get().id(),
                csrf.token(cookies.device(ctx), "flow"), userName, choices, client.usage() == dev.atrium.clients.OrganizationUsage.ALLOW));
    }

    void pickerSubmit(Context ctx) {
        Optional<AuthTransaction> found = pages.transaction(ctx);
        if (found.isEmpty() || !pages.csrfOk(ctx, "flow") || !found.get().authenticated()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        if (personal(ctx, tx, clients.find(tx.request().clientId()).orElseThrow())) {
            return;
        }
        pages.send(ctx, authorize.organizationChoices().pickerChose(tx, Optional.ofNullable(ctx.formParam("organization")).orElse("")));
    }

    /** "Continue with a personal account" (O42, O48), offered to applications that allow individuals; true when taken. */
    private boolean personal(Context ctx, AuthTransaction tx, Client client) {
        if (!"personal".equals(ctx.formParam("action")) || client.usage() != dev.atrium.clients.OrganizationUsage.ALLOW) {
            return false;
        }
        pages.send(ctx, authorize.organizationChoices().personalChosen(tx));
        return true;
    }
}
