package dev.atrium.web.dashboard;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientService;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.ConnectionService;
import dev.atrium.connections.DatabaseOptions;
import dev.atrium.connections.NewConnection;
import dev.atrium.connections.PasswordPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Connections: database connections with their password policy and sign-up switches, the
 * applications enabled for each, and the "Promote connection to domain level" switch that makes a
 * connection usable by every third-party application. Changes go through {@link ConnectionService}.
 *
 * <p>Specifications: third-party-apps.md §1.4, §4 (Authentication → connection → Advanced).
 */
public final class ConnectionsPages {
    static final String BASE = "/dashboard/connections";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Connections", BASE));
    private static final List<String[]> POLICIES = List.of(pair("none", "None"), pair("low", "Low: at least 6 characters"),
            pair("fair", "Fair: 8 characters, lower, upper case and a number"),
            pair("good", "Good: 8 characters, 3 of lower, upper, number, special"),
            pair("excellent", "Excellent: 10 characters, 3 of 4 kinds, no 3 identical in a row"));

    private final ConnectionService connections;
    private final ClientService clients;
    private EnterpriseConnectionsPages enterprise; // issue 11

    public ConnectionsPages(ConnectionService connections, ClientService clients) {
        this.connections = connections;
        this.clients = clients;
    }

    /** issue 11: enterprise connections: create links, and their blocks on the connection page. */
    public ConnectionsPages withEnterprise(EnterpriseConnectionsPages enterprise) {
        this.enterprise = enterprise;
        return this;
    }

    public EnterpriseConnectionsPages enterprise() {
        return enterprise;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        List<Connection> all = connections.list().stream().filter(c -> Forms.matches(q, c.name()))
                .sorted(Comparator.comparing(c -> c.name().toLowerCase())).toList();
        DashboardRequest.Slice<Connection> slice = r.slice(all);
        List<Ui.Row> rows = slice.items().stream().map(c -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(c.name(), BASE + "/" + c.id(), c.isDomainConnection() ? List.of(badge("Domain-level", "info")) : List.of()),
                Ui.Cell.text(c.isDatabase() ? "Database" : c.strategy()),
                Ui.Cell.text(c.isDatabase() ? c.passwordPolicy() : "—"),
                Ui.Cell.text(String.valueOf(connections.enabledClients(c.id()).size()))))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search by name", List.of("Name", "Type", "Password policy", "Applications"),
                rows, slice.pager(), q.isEmpty() ? "No connections yet." : "No connection matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create database connection", BASE + "/new") : null);
        r.render(200, "Connections", "Where users sign in: database connections and their password rules.", "connections",
                List.of(), enterprise == null ? List.of(new Ui.Link("Create database connection", BASE + "/new"))
                        : List.of(new Ui.Link("Create database connection", BASE + "/new"),
                        new Ui.Link("Create OpenID Connect connection", BASE + "/new-enterprise?strategy=oidc"),
                        new Ui.Link("Create SAML connection", BASE + "/new-enterprise?strategy=samlp")), List.of(table), null);
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create connection", List.of(
                Ui.Field.text("name", "Name", "").mandatory().hint("Letters, digits and '-'; it cannot be changed later."),
                Ui.Field.select("passwordPolicy", "Password policy", options(POLICIES, "good"))), null, null, BASE);
        r.render(200, "Create database connection", null, "connections", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            if (connections.findByName(r.param("name")).isPresent()) {
                throw new InvalidRequestException("name", "A connection with this name already exists.");
            }
            NewConnection request = NewConnection.of(r.param("name"), Connection.DATABASE)
                    .with(ConnectionChange.none().withOptions(DatabaseOptions.none().withPasswordPolicy(policy(r))));
            Connection c;
            try {
                c = connections.create(request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "A connection with this name already exists.");
            }
            r.done(BASE + "/" + c.id(), "Connection “" + c.name() + "” created.");
        }, st -> renderNew(r, st));
    }

    public void show(DashboardRequest r) {
        detail(r, find(r), null);
    }

    private Connection find(DashboardRequest r) {
        return connections.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no connection " + r.path("id") + "."));
    }

    private void detail(DashboardRequest r, Connection c, DashboardRequest.FormState state) {
        String self = BASE + "/" + c.id();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Facts(null, List.of(new Ui.Fact("ID", c.id(), true, List.of()),
                new Ui.Fact("Strategy", c.isDatabase() ? "Database (auth0)" : c.strategy()),
                new Ui.Fact("Scope", c.isDomainConnection() ? "Domain-level" : "Enabled applications only", false,
                        c.isDomainConnection() ? List.of(badge("Domain-level", "info")) : List.of()))));
        if (c.isDatabase()) {
            blocks.add(new Ui.Form("settings", "Settings", null, self + "/settings", "Save settings", List.of(
                    Ui.Field.select("passwordPolicy", "Password policy", options(POLICIES, c.passwordPolicy())),
                    Ui.Field.checkbox("requires_username", "Require a username", c.requiresUsername()),
                    Ui.Field.checkbox("disable_signup", "Disable sign-ups", !c.signupAllowed())
                            .hint("Users can then only be created here or through the Management API."),
                    Ui.Field.checkbox("brute_force_protection", "Brute-force protection", c.bruteForceProtection())),
                    null, null, null));
        }
        if (c.isEnterprise() && enterprise != null) {
            blocks.addAll(enterprise.blocks(c));
        }
        blocks.add(new Ui.Form("domain", "Advanced", null, self + "/domain", "Save", List.of(
                Ui.Field.checkbox("is_domain_connection", "Promote connection to domain level", c.isDomainConnection())
                        .hint("Third-party applications can only sign users in with domain-level connections; first-party "
                                + "applications still need the connection enabled below.")), null, null, null));
        List<String> enabled = connections.enabledClients(c.id());
        List<Ui.Option> apps = new ArrayList<>();
        for (Client app : clients.list().stream().sorted(Comparator.comparing(x -> x.name().toLowerCase())).toList()) {
            apps.add(new Ui.Option(app.clientId(), app.name() + (app.isThirdParty() ? " (third-party)" : ""), enabled.contains(app.clientId())));
        }
        blocks.add(new Ui.Form("clients", "Applications", "The applications whose users sign in with this connection.",
                self + "/clients", "Save applications", List.of(Ui.Field.checkboxes("enabled_clients", "Enabled applications", apps)),
                null, null, null));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the connection deletes every user in it.", self + "/delete",
                "Delete connection", List.of(), null, "danger", null));
        r.render(200, c.name(), null, "connections", CRUMBS, List.of(), blocks, state);
    }

    public void updateSettings(DashboardRequest r) {
        Connection c = find(r);
        r.attempt("settings", () -> {
            // options are replaced wholesale (Auth0's PATCH semantics): start from the stored ones
            if (!(c.settings() instanceof DatabaseOptions stored)) {
                throw new InvalidRequestException("passwordPolicy", "Only database connections have these settings.");
            }
            DatabaseOptions options = stored.withPasswordPolicy(policy(r))
                    .withRequiresUsername(r.checked("requires_username"))
                    .withDisableSignup(r.checked("disable_signup"))
                    .withBruteForceProtection(r.checked("brute_force_protection"));
            connections.update(c.id(), ConnectionChange.none().withOptions(options));
            r.done(BASE + "/" + c.id(), "Settings saved.");
        }, st -> detail(r, c, st));
    }

    public void updateDomain(DashboardRequest r) {
        Connection c = find(r);
        boolean on = r.checked("is_domain_connection");
        r.attempt("domain", () -> {
            connections.update(c.id(), ConnectionChange.none().withDomainConnection(on));
            r.done(BASE + "/" + c.id(), on ? "The connection is now domain-level." : "The connection is no longer domain-level.");
        }, st -> detail(r, c, st));
    }

    public void updateClients(DashboardRequest r) {
        Connection c = find(r);
        r.attempt("clients", () -> {
            connections.update(c.id(), ConnectionChange.none().withEnabledClients(r.params("enabled_clients")));
            r.done(BASE + "/" + c.id(), "Enabled applications saved.");
        }, st -> detail(r, c, st));
    }

    public void delete(DashboardRequest r) {
        Connection c = find(r);
        String self = BASE + "/" + c.id();
        if (!r.confirmed("Delete “" + c.name() + "”?", "This cannot be undone. Every user of this connection is deleted with it.",
                "Delete connection", self, List.of(CRUMBS.get(0), new Ui.Crumb(c.name(), self)), "connections")) {
            return;
        }
        connections.delete(c.id());
        r.done(BASE, "Connection “" + c.name() + "” deleted.");
    }

    private static PasswordPolicy policy(DashboardRequest r) {
        return PasswordPolicy.named(r.param("passwordPolicy"))
                .orElseThrow(() -> new InvalidRequestException("passwordPolicy", "Choose one of the options."));
    }
}
