package dev.atrium.web.dashboard;

import dev.atrium.clients.ClientService;
import dev.atrium.connections.ConnectionService;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.users.UserService;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The self-hosted console at {@code /dashboard} (issue 6): sign-in, the overview, the sections, and its
 * stylesheet and script served from the jar (no external assets).
 */
public final class Dashboard {
    private final DashboardAuth auth;
    private final ApplicationsPages applications;
    private final ApisPages apis;
    private final ConnectionsPages connections;
    private final UsersPages users;
    private final RolesPages roles;
    private final SettingsPages settings;
    private final ClientService clientService;
    private final ResourceServerService apiService;
    private final ConnectionService connectionService;
    private final UserService userService;
    private final RoleService roleService;
    private final OrganizationsPages organizations;
    private final OrganizationService organizationService;
    private final byte[] css = resource("/dashboard/dashboard.css");
    /** Blocks from the tenant log (issue 19) shown on the overview; none until wiring supplies them. */
    private java.util.function.Supplier<List<Ui.Block>> overview = List::of;

    /** Shows {@code blocks} (the activity chart) on the overview; set once, at wiring. Returns this. */
    public Dashboard showingActivity(java.util.function.Supplier<List<Ui.Block>> blocks) {
        this.overview = blocks;
        return this;
    }
    private final byte[] js = resource("/dashboard/dashboard.js");

    public Dashboard(DashboardAuth auth, ApplicationsPages applications, ApisPages apis, ConnectionsPages connections,
                     UsersPages users, RolesPages roles, SettingsPages settings, ClientService clientService,
                     ResourceServerService apiService, ConnectionService connectionService, UserService userService,
                     RoleService roleService, OrganizationsPages organizations, OrganizationService organizationService) {
        this.auth = auth;
        this.applications = applications;
        this.apis = apis;
        this.connections = connections;
        this.users = users;
        this.roles = roles;
        this.settings = settings;
        this.clientService = clientService;
        this.apiService = apiService;
        this.connectionService = connectionService;
        this.userService = userService;
        this.roleService = roleService;
        this.organizations = organizations;
        this.organizationService = organizationService;
    }

    public DashboardAuth auth() {
        return auth;
    }

    public ApplicationsPages applications() {
        return applications;
    }

    public ApisPages apis() {
        return apis;
    }

    public ConnectionsPages connections() {
        return connections;
    }

    public UsersPages users() {
        return users;
    }

    public RolesPages roles() {
        return roles;
    }

    public OrganizationsPages organizations() {
        return organizations;
    }

    public SettingsPages settings() {
        return settings;
    }

    /** {@code GET /dashboard}: counters that lead into each section. */
    public void home(DashboardRequest r) {
        long thirdParty = clientService.list().stream().filter(c -> c.isThirdParty()).count();
        Ui.Cards cards = new Ui.Cards(List.of(
                new Ui.Card("Applications", String.valueOf(clientService.list().size()), ApplicationsPages.BASE,
                        thirdParty + " third-party"),
                new Ui.Card("APIs", String.valueOf(apiService.list().size()), ApisPages.BASE, "Including the Management API"),
                new Ui.Card("Connections", String.valueOf(connectionService.list().size()), ConnectionsPages.BASE,
                        connectionService.list().stream().filter(c -> c.isDomainConnection()).count() + " domain-level"),
                new Ui.Card("Users", String.valueOf(userService.search(null, Optional.empty(), 0, 0).total()), UsersPages.BASE,
                        "In all connections"),
                new Ui.Card("Roles", String.valueOf(roleService.count(RoleQuery.all())), RolesPages.BASE, "Tenant and organization"),
                new Ui.Card("Organizations", String.valueOf(organizationService.count()), OrganizationsPages.BASE,
                        "Business customers and teams")));
        r.render(200, "Overview", "Manage the applications, APIs, connections, users and organizations of this tenant.", "home", List.of(),
                List.of(new Ui.Link("Create application", ApplicationsPages.BASE + "/new")),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(cards, new Ui.Note("info", "Signed in as " + r.admin().email()
                        + ". Every change made here goes through the same rules as the Management API.")),
                        overview.get().stream()).toList(), null);
    }

    public void css(Context ctx) {
        asset(ctx, "text/css; charset=utf-8", css);
    }

    public void js(Context ctx) {
        asset(ctx, "text/javascript; charset=utf-8", js);
    }

    private static void asset(Context ctx, String type, byte[] body) {
        ctx.header("Cache-Control", "public, max-age=300").header("X-Content-Type-Options", "nosniff")
                .contentType(type).result(body);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Dashboard.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
