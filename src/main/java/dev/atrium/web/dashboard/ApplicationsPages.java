package dev.atrium.web.dashboard;

import dev.atrium.clients.AppType;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrantPatch;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RedirectionPolicy;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.SubjectType;
import dev.atrium.clients.ThirdPartyRules;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.tenant.TenantStore;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Applications: list with the "Third-party" badge, create first- or third-party (choosing the security
 * mode), settings, callbacks and origins, grant types, credentials and secret rotation, organization
 * usage and login flow, API access (client grants), delete. Every change goes through
 * {@link ClientService} and {@link ClientGrantService}, as the Management API's do.
 *
 * <p>Specifications: third-party-apps.md §4 (Applications); organizations.md §5.10.
 */
public final class ApplicationsPages {
    static final String BASE = "/dashboard/applications";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Applications", BASE));
    private static final List<String[]> TYPES = List.of(pair(AppType.REGULAR_WEB.wire(), "Regular web application"),
            pair(AppType.SPA.wire(), "Single-page application"), pair(AppType.NATIVE.wire(), "Native application"),
            pair(AppType.NON_INTERACTIVE.wire(), "Machine-to-machine application"));
    private static final List<String[]> FIRST_PARTY_GRANTS = List.of(pair("authorization_code", "Authorization Code"),
            pair("implicit", "Implicit"), pair("refresh_token", "Refresh Token"), pair("client_credentials", "Client Credentials"),
            pair("password", "Password"));
    private static final List<String[]> THIRD_PARTY_GRANTS = List.of(pair("authorization_code", "Authorization Code"),
            pair("refresh_token", "Refresh Token"), pair("client_credentials", "Client Credentials"));

    private final ClientService clients;
    private final ClientGrantService grants;
    private final ResourceServerService apis;
    private final TenantStore tenant;

    public ApplicationsPages(ClientService clients, ClientGrantService grants, ResourceServerService apis, TenantStore tenant) {
        this.clients = clients;
        this.grants = grants;
        this.apis = apis;
        this.tenant = tenant;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        List<Client> all = clients.list().stream().filter(c -> Forms.matches(q, c.name(), c.clientId()))
                .sorted(Comparator.comparing(c -> c.name().toLowerCase())).toList();
        DashboardRequest.Slice<Client> slice = r.slice(all);
        List<Ui.Row> rows = slice.items().stream().map(c -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(c.name(), BASE + "/" + c.clientId(), badges(c)),
                Ui.Cell.text(typeLabel(c.appType().orElse(""))),
                Ui.Cell.mono(c.clientId())))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search by name or client ID", List.of("Name", "Type", "Client ID"), rows,
                slice.pager(), q.isEmpty() ? "No applications yet." : "No application matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create application", BASE + "/new") : null);
        r.render(200, "Applications", "Web, single-page, native and machine-to-machine applications, first- and third-party.",
                "applications", List.of(), List.of(new Ui.Link("Create application", BASE + "/new")), List.of(table), null);
    }

    private static List<Ui.Badge> badges(Client c) {
        List<Ui.Badge> b = new ArrayList<>();
        if (c.isThirdParty()) {
            b.add(badge("Third-party", "warn"));
            c.thirdPartySecurityMode().filter(ThirdPartySecurityMode.PERMISSIVE::is).ifPresent(m -> b.add(badge("Permissive", "danger")));
        }
        if (c.doc().has(ClientService.CLIENT_ID_METADATA_DOCUMENT)) {
            b.add(badge("Metadata document", "info"));
        }
        return b;
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        boolean permissive = tenant.get().flag("create_permissive_third_party_clients_by_default");
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create application", List.of(
                Ui.Field.text("name", "Name", "").mandatory().hint("Shown to users on the login and consent pages."),
                Ui.Field.radio("app_type", "Application type", options(TYPES, "regular_web")),
                Ui.Field.checkbox("third_party", "This application is owned by a third party", false)
                        .hint("A third-party application is always asked for the user's consent, can only use domain-level "
                                + "connections, and can never become first-party."),
                Ui.Field.select("third_party_security_mode", "Third-party security mode", options(List.of(
                        pair(ThirdPartySecurityMode.STRICT.wire(), "Strict (recommended)"),
                        pair(ThirdPartySecurityMode.PERMISSIVE.wire(), "Permissive (legacy)")),
                        (permissive ? ThirdPartySecurityMode.PERMISSIVE : ThirdPartySecurityMode.STRICT).wire()))
                        .hint("Only for third-party applications; cannot be changed later.")), null, null, BASE);
        r.render(200, "Create application", null, "applications", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            String chosen = r.param("app_type");
            AppType type = AppType.parse(chosen).filter(t -> TYPES.stream().anyMatch(o -> o[0].equals(chosen)))
                    .orElseThrow(() -> new InvalidRequestException("app_type", "Choose an application type."));
            ClientPatch fields = ClientPatch.none().withAppType(type);
            if (type.isPublicByDefault()) {
                fields = fields.withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.NONE));
            }
            if (type == AppType.NON_INTERACTIVE) {
                fields = fields.withGrantTypes(List.of("client_credentials"));
            }
            if (r.checked("third_party")) {
                fields = fields.withFirstParty(false).withThirdPartySecurityMode(
                        ThirdPartySecurityMode.PERMISSIVE.is(r.param("third_party_security_mode"))
                                ? ThirdPartySecurityMode.PERMISSIVE : ThirdPartySecurityMode.STRICT);
                if (type == AppType.NON_INTERACTIVE) {
                    throw new InvalidRequestException("app_type", "A third-party application signs users in; choose a web, "
                            + "single-page or native application.");
                }
            }
            ClientService.Created created = clients.create(new NewClient(r.param("name"), fields),
                    ClientService.TenantModes.of(tenant.get()));
            if (created.secret().isPresent()) {
                detail(r, created.client(), null, new Ui.Secret("Application created", "Client secret", created.secret().get(),
                        "Copy the client secret now: Atrium stores only a hash of it and will not show it again."));
            } else {
                r.done(BASE + "/" + created.client().clientId(), "Application “" + created.client().name() + "” created.");
            }
        }, st -> renderNew(r, st));
    }

    public void show(DashboardRequest r) {
        detail(r, find(r), null, null);
    }

    private Client find(DashboardRequest r) {
        return clients.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no application " + r.path("id") + "."));
    }

    private void detail(DashboardRequest r, Client c, DashboardRequest.FormState state, Ui.Secret secret) {
        String self = BASE + "/" + c.clientId();
        List<Ui.Block> blocks = new ArrayList<>();
        if (secret != null) {
            blocks.add(secret);
        }
        ObjectNode doc = c.doc();
        blocks.add(new Ui.Facts(null, List.of(
                new Ui.Fact("Client ID", c.clientId(), true, List.of()),
                new Ui.Fact("Type", typeLabel(c.appType().orElse(""))),
                new Ui.Fact("Ownership", c.isThirdParty() ? "Third-party" : "First-party", false, badges(c)),
                new Ui.Fact("Security mode", c.thirdPartySecurityMode().map(m -> m.substring(0, 1).toUpperCase() + m.substring(1))
                        .orElse("Not applicable (first-party)")),
                new Ui.Fact("Authentication", c.tokenEndpointAuthMethod().map(ApplicationsPages::authLabel).orElse("Private key JWT")),
                new Ui.Fact("Created", Forms.date(Json.text(doc, "created_at", ""))))));
        String metadataUrl = Json.text(doc, ClientService.CLIENT_ID_METADATA_DOCUMENT, null);
        if (metadataUrl != null) {
            // issue 14: who described this application, and where; the name is the client's own claim, the host is not
            blocks.add(new Ui.Facts("Client ID Metadata Document", List.of(
                    new Ui.Fact("Host", java.net.URI.create(metadataUrl).getHost(), true, List.of()),
                    new Ui.Fact("Document (its client_id)", metadataUrl, true, List.of()),
                    new Ui.Fact("Last fetched", Forms.date(Json.text(doc, "client_id_metadata_fetched_at", ""))))));
        }
        List<Ui.Field> settings = new ArrayList<>(List.of(
                Ui.Field.text("name", "Name", c.name()).mandatory(),
                Ui.Field.text("description", "Description", Json.text(doc, "description", "")),
                Ui.Field.of("url", "logo_uri", "Logo URL", Json.text(doc, "logo_uri", "")),
                Ui.Field.of("textarea", "callbacks", "Allowed callback URLs", Forms.lines(c.callbacks()))
                        .hint("One URL per line. Where the login may return with a code or tokens."),
                Ui.Field.of("textarea", "allowed_logout_urls", "Allowed logout URLs", Forms.lines(c.allowedLogoutUrls()))
                        .hint("One URL per line. Where /v2/logout may return."),
                Ui.Field.of("textarea", "web_origins", "Allowed web origins", Forms.lines(c.webOrigins()))
                        .hint("One origin per line, e.g. https://app.example.com."),
                Ui.Field.of("textarea", "allowed_origins", "Allowed origins (CORS)", Forms.lines(c.allowedOrigins())),
                Ui.Field.of("url", "initiate_login_uri", "Application login URI", Json.text(doc, "initiate_login_uri", ""))
                        .hint("An https URL of the application that starts a login.")));
        if (c.isStrictThirdParty()) {
            // offer only what a strict third-party application can take (the curated set); the rest would be dropped
            settings.removeIf(f -> !ThirdPartyRules.settableOnStrict(f.name()));
            settings.add(Ui.Field.checkbox("open_redirect_protection", "Open redirect protection",
                    !RedirectionPolicy.ALLOW_ALWAYS.wire().equals(Json.text(doc, "redirection_policy", null)))
                    .hint("Show a page instead of redirecting errors to a callback when the user has not consented yet."));
        }
        blocks.add(new Ui.Form("settings", "Settings", null, self + "/settings", "Save settings", settings, null, null, null));
        blocks.add(new Ui.Form("grant-types", "Grant types", "Which OAuth flows this application may use.", self + "/grant-types",
                "Save grant types", List.of(Ui.Field.checkboxes("grant_types", "Allowed grant types",
                        options(c.isThirdParty() ? THIRD_PARTY_GRANTS : FIRST_PARTY_GRANTS, c.grantTypes()))), null, null, null));
        List<Ui.Field> credentials = List.of(Ui.Field.select("token_endpoint_auth_method", "Authentication method", options(List.of(
                pair(TokenEndpointAuthMethod.CLIENT_SECRET_POST.wire(), "Client secret (POST)"),
                pair(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC.wire(), "Client secret (Basic)"),
                pair(TokenEndpointAuthMethod.NONE.wire(), "None (public application)")), c.tokenEndpointAuthMethod().orElse(""))));
        blocks.add(new Ui.Form("credentials", "Credentials", "How the application authenticates at the token endpoint.",
                self + "/credentials", "Save credentials", credentials, null, null, null));
        if (!c.isPublic()) {
            blocks.add(new Ui.Form("rotate", "Rotate secret", "Issue a new client secret. The current secret stops working at once.",
                    self + "/rotate-secret", "Rotate secret", List.of(), null, "secondary", null));
        }
        blocks.add(new Ui.Form("organizations", "Organizations", "Who signs in to this application, and how the organization is chosen.",
                self + "/organizations", "Save organization settings", List.of(
                Ui.Field.radio("organization_usage", "Type of users", options(List.of(pair(OrganizationUsage.DENY.wire(), "Individuals"),
                        pair(OrganizationUsage.REQUIRE.wire(), "Business users"), pair(OrganizationUsage.ALLOW.wire(), "Both")),
                        c.usage().wire())),
                Ui.Field.select("organization_require_behavior", "Login flow", options(List.of(
                        pair(RequireBehavior.NO_PROMPT.wire(), "No prompt"),
                        pair(RequireBehavior.PRE_LOGIN_PROMPT.wire(), "Prompt for organization"),
                        pair(RequireBehavior.POST_LOGIN_PROMPT.wire(), "Prompt for credentials")), c.requireBehavior().wire()))
                        .hint(c.isThirdParty() ? "No prompt is unreliable for third-party applications: they cannot be "
                                + "trusted to send the organization themselves." : "Applies to business users."),
                Ui.Field.checkboxes("organization_discovery_methods", "Organization discovery", options(List.of(
                        pair("email", "Email address (verified domains)"), pair("organization_name", "Organization name")),
                        c.organizationDiscoveryMethods()))
                        .hint("How the organization prompt finds the organization; applies to Prompt for organization.")),
                null, null, null));
        blocks.addAll(apiAccess(c, self));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the application ends its logins; its client ID stops working.",
                self + "/delete", "Delete application", List.of(), null, "danger", null));
        r.render(200, c.name(), null, "applications", CRUMBS, List.of(), blocks, state);
    }

    private List<Ui.Block> apiAccess(Client c, String self) {
        List<ResourceServer> all = apis.list();
        List<Ui.Row> rows = new ArrayList<>();
        for (ClientGrant g : grants.list()) {
            if (!g.clientId().map(c.clientId()::equals).orElse(false)) {
                continue;
            }
            String name = all.stream().filter(a -> a.identifier().equals(g.audience())).map(ResourceServer::name).findFirst().orElse(g.audience());
            rows.add(new Ui.Row(List.of(Ui.Cell.text(name), Ui.Cell.text(SubjectType.USER.is(g.subjectType()) ? "User-delegated" : "Client"),
                    Ui.Cell.mono(g.allowAllScopes() ? "all scopes" : String.join(" ", g.scope())),
                    g.isSystem() ? Ui.Cell.text("") : Ui.Cell.button(new Ui.Button("Remove", self + "/access/remove",
                            Forms.hidden("grant_id", g.id()), "danger", "Remove access to " + name)))));
        }
        Ui.Table table = new Ui.Table("API access", null, null, null, List.of("API", "Access", "Scopes", ""), rows, null,
                "This application may not call any API yet.", null);
        List<String[]> choices = all.stream().filter(a -> !(a.isSystem() && c.isThirdParty()))
                .map(a -> pair(a.identifier(), a.name())).toList();
        List<Ui.Field> fields = new ArrayList<>(List.of(
                Ui.Field.select("audience", "API", options(choices, List.of())),
                Ui.Field.select("subject_type", "Access type", options(List.of(pair(SubjectType.USER.wire(), "User-delegated access"),
                        pair(SubjectType.CLIENT.wire(), "Client access (machine-to-machine)")), SubjectType.USER.wire())),
                Ui.Field.text("scope", "Scopes", "").hint("Space-separated scopes of the API."),
                Ui.Field.checkbox("allow_all_scopes", "Always grant all permissions", false),
                Ui.Field.select("organization_usage", "Organization support", options(List.of(pair(OrganizationUsage.DENY.wire(), "None"),
                        pair(OrganizationUsage.ALLOW.wire(), "Optional"), pair(OrganizationUsage.REQUIRE.wire(), "Required")),
                        OrganizationUsage.DENY.wire()))
                        .hint("Client access only: whether tokens may, or must, be issued for an organization.")));
        if (!c.isThirdParty()) {
            fields.add(Ui.Field.checkbox("allow_any_organization", "Allow machine-to-machine access to any organization", false));
        }
        Ui.Form add = new Ui.Form("access", "Grant API access", null, self + "/access", "Grant access", fields, null, null, null);
        return List.of(table, add);
    }

    public void updateSettings(DashboardRequest r) {
        Client c = find(r);
        r.attempt("settings", () -> {
            ClientPatch patch = ClientPatch.none().withName(r.param("name"))
                    .withDescription(textOrRemove(r, "description")).withLogoUri(textOrRemove(r, "logo_uri"))
                    .withCallbacks(r.lines("callbacks")).withWebOrigins(r.lines("web_origins"))
                    .withAllowedOrigins(r.lines("allowed_origins"));
            if (c.isStrictThirdParty()) {
                // the form shows every setting; a strict third-party application takes only the curated ones (T10),
                // which leave out the logout URLs and the login URI
                patch = patch.withRedirectionPolicy(r.checked("open_redirect_protection")
                        ? RedirectionPolicy.OPEN_REDIRECT_PROTECTION : RedirectionPolicy.ALLOW_ALWAYS);
            } else {
                patch = patch.withInitiateLoginUri(textOrRemove(r, "initiate_login_uri"))
                        .withAllowedLogoutUrls(r.lines("allowed_logout_urls"));
            }
            clients.update(c.clientId(), patch, Optional.empty());
            r.done(BASE + "/" + c.clientId(), "Settings saved.");
        }, st -> detail(r, c, st, null));
    }

    public void updateGrantTypes(DashboardRequest r) {
        Client c = find(r);
        r.attempt("grant-types", () -> {
            List<String> allowed = Arrays.stream((c.isThirdParty() ? THIRD_PARTY_GRANTS : FIRST_PARTY_GRANTS).toArray(String[][]::new))
                    .map(p -> p[0]).toList();
            List<String> chosen = r.params("grant_types").stream().filter(allowed::contains).toList();
            if (chosen.contains("client_credentials") && c.isPublic()) {
                throw new InvalidRequestException("grant_types", "A public application cannot use Client Credentials.");
            }
            clients.update(c.clientId(), ClientPatch.none().withGrantTypes(chosen), Optional.empty());
            r.done(BASE + "/" + c.clientId(), "Grant types saved.");
        }, st -> detail(r, c, st, null));
    }

    public void updateCredentials(DashboardRequest r) {
        Client c = find(r);
        r.attempt("credentials", () -> {
            TokenEndpointAuthMethod method = TokenEndpointAuthMethod.parse(r.param("token_endpoint_auth_method"))
                    .orElseThrow(() -> new InvalidRequestException("token_endpoint_auth_method", "Choose an authentication method."));
            ClientPatch patch = ClientPatch.none().withTokenEndpointAuthMethod(Change.to(method))
                    .withClientAuthenticationMethods(Change.clear());
            boolean needsSecret = c.isPublic() && method != TokenEndpointAuthMethod.NONE;
            clients.update(c.clientId(), patch, Optional.empty());
            if (needsSecret) {
                // a public application had no secret: issue one now, shown once
                ClientService.Created rotated = clients.rotateSecret(c.clientId()).orElseThrow();
                detail(r, rotated.client(), null, new Ui.Secret("Credentials saved", "Client secret", rotated.secret().orElseThrow(),
                        "The application now authenticates with a secret. Copy it now; it will not be shown again."));
            } else {
                r.done(BASE + "/" + c.clientId(), "Credentials saved.");
            }
        }, st -> detail(r, c, st, null));
    }

    public void rotateSecret(DashboardRequest r) {
        Client c = find(r);
        if (!r.confirmed("Rotate the secret of “" + c.name() + "”?", "The current client secret stops working at once. "
                + "Every server that uses it must be given the new secret.", "Rotate secret", BASE + "/" + c.clientId(),
                List.of(CRUMBS.get(0), new Ui.Crumb(c.name(), BASE + "/" + c.clientId())), "applications")) {
            return;
        }
        ClientService.Created rotated = clients.rotateSecret(c.clientId()).orElseThrow();
        detail(r, rotated.client(), null, new Ui.Secret("Secret rotated", "New client secret", rotated.secret().orElseThrow(),
                "Copy the new client secret now: it will not be shown again. The previous secret no longer works."));
    }

    public void updateOrganizations(DashboardRequest r) {
        Client c = find(r);
        r.attempt("organizations", () -> {
            OrganizationUsage usage = choice(r.param("organization_usage"), "organization_usage", OrganizationUsage::parse);
            RequireBehavior behavior = choice(r.param("organization_require_behavior"), "organization_require_behavior",
                    RequireBehavior::parse);
            List<String> methods = r.params("organization_discovery_methods");
            for (String m : methods) {
                oneOf(m, "organization_discovery_methods", "email", "organization_name");
            }
            if (methods.isEmpty()) {
                throw new InvalidRequestException("organization_discovery_methods", "Choose at least one discovery method.");
            }
            clients.update(c.clientId(), ClientPatch.none().withOrganizationUsage(Change.to(usage))
                    .withOrganizationRequireBehavior(Change.to(behavior))
                    .withOrganizationDiscoveryMethods(Change.to(methods)), Optional.empty());
            r.done(BASE + "/" + c.clientId(), "Organization settings saved.");
        }, st -> detail(r, c, st, null));
    }

    public void addAccess(DashboardRequest r) {
        Client c = find(r);
        r.attempt("access", () -> {
            SubjectType subject = SubjectType.parse(oneOf(r.param("subject_type"), "subject_type",
                    SubjectType.USER.wire(), SubjectType.CLIENT.wire())).orElseThrow();
            ClientGrantPatch fields = ClientGrantPatch.none()
                    .withScope(r.param("scope").isEmpty() ? List.of() : List.of(r.param("scope").split("\\s+")));
            if (r.checked("allow_all_scopes")) {
                fields = fields.withAllowAllScopes(true);
            }
            if (subject == SubjectType.CLIENT) {
                fields = fields.withOrganizationUsage(Change.to(r.param("organization_usage").isEmpty() ? OrganizationUsage.DENY
                        : choice(r.param("organization_usage"), "organization_usage", OrganizationUsage::parse)));
                if (r.checked("allow_any_organization")) {
                    fields = fields.withAllowAnyOrganization(Change.to(true));
                }
            }
            grants.create(NewClientGrant.forClient(c.clientId(), r.param("audience"), subject).with(fields));
            r.done(BASE + "/" + c.clientId(), "API access granted.");
        }, st -> detail(r, c, st, null));
    }

    public void removeAccess(DashboardRequest r) {
        Client c = find(r);
        String self = BASE + "/" + c.clientId();
        Optional<ClientGrant> g = grants.find(r.param("grant_id")).filter(x -> x.clientId().map(c.clientId()::equals).orElse(false));
        if (g.isEmpty()) {
            r.refused(self, "That API access no longer exists.");
            return;
        }
        if (!r.confirmed("Remove API access?", "“" + c.name() + "” will no longer get tokens for " + g.get().audience()
                + " through this grant.", "Remove access", self, List.of(CRUMBS.get(0), new Ui.Crumb(c.name(), self)), "applications")) {
            return;
        }
        try {
            grants.delete(g.get().id());
            r.done(self, "API access removed.");
        } catch (InvalidRequestException e) {
            r.refused(self, e.getMessage());
        }
    }

    public void delete(DashboardRequest r) {
        Client c = find(r);
        String self = BASE + "/" + c.clientId();
        if (!r.confirmed("Delete “" + c.name() + "”?", "This cannot be undone. The application's client ID and secret stop "
                + "working and its users can no longer sign in to it.", "Delete application", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(c.name(), self)), "applications")) {
            return;
        }
        clients.delete(c.clientId());
        r.done(BASE, "Application “" + c.name() + "” deleted.");
    }

    static String oneOf(String value, String field, String... allowed) {
        if (!Arrays.asList(allowed).contains(value)) {
            throw new InvalidRequestException(field, "Choose one of the options.");
        }
        return value;
    }

    /** The option chosen in {@code field}, read by {@code parse}; a refusal naming the field otherwise. */
    static <T> T choice(String value, String field, java.util.function.Function<String, Optional<T>> parse) {
        return parse.apply(value).orElseThrow(() -> new InvalidRequestException(field, "Choose one of the options."));
    }

    /** A text field: its value, or removal when it is left empty. */
    private static Change<String> textOrRemove(DashboardRequest r, String name) {
        return r.optional(name).map(Change::to).orElseGet(Change::clear);
    }

    static String typeLabel(String type) {
        return TYPES.stream().filter(t -> t[0].equals(type)).map(t -> t[1]).findFirst().orElse(type.isEmpty() ? "—" : type);
    }

    private static String authLabel(String method) {
        return switch (method) {
            case "none" -> "None (public)";
            case "client_secret_basic" -> "Client secret (Basic)";
            default -> "Client secret (POST)";
        };
    }
}
