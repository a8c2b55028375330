package dev.atrium.web.dashboard;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientService;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.users.User;
import dev.atrium.users.Administrator;
import dev.atrium.users.Administrators;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserProfile;
import dev.atrium.users.UserService;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Users: search, create, profile, block and unblock, password reset, roles, the consents the user gave
 * to applications (with revoke), delete. Changes go through {@link UserService}, {@link RoleService}
 * and the consent store, as the Management API's do.
 *
 * <p>Specifications: third-party-apps.md §1.6 and §4 (Authorized Applications tab).
 */
public final class UsersPages {
    /** Blocks from the tenant log (issue 19) shown on a user's page; none until wiring supplies them. */
    private java.util.function.Function<String, List<Ui.Block>> activity = id -> List.of();

    /** Shows {@code blocks(id)} (recent events, activity) on each page; set once, at wiring. Returns this. */
    public UsersPages showingActivity(java.util.function.Function<String, List<Ui.Block>> blocks) {
        this.activity = blocks;
        return this;
    }
    /** MFA (issue 12): the blocks of a user's second factors (with a reset); none until wiring supplies them. */
    private java.util.function.Function<String, List<Ui.Block>> factors = id -> List.of();

    /** Shows {@code blocks(id)} (the user's second factors) on each user's page; set once, at wiring. Returns this. */
    public UsersPages showingFactors(java.util.function.Function<String, List<Ui.Block>> blocks) {
        this.factors = blocks;
        return this;
    }
    static final String BASE = "/dashboard/users";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Users", BASE));

    private final UserService users;
    private final ConnectionService connections;
    private final RoleService roles;
    private final ConsentStore consents;
    private final ClientService clients;

    private final java.time.Clock clock;
    private final OrganizationService organizations;
    private final Administrators administrators;

    public UsersPages(UserService users, ConnectionService connections, RoleService roles, ConsentStore consents, ClientService clients,
                      java.time.Clock clock, OrganizationService organizations, Administrators administrators) {
        this.administrators = administrators;
        this.clock = clock;
        this.organizations = organizations;
        this.users = users;
        this.connections = connections;
        this.roles = roles;
        this.consents = consents;
        this.clients = clients;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        UserService.Page first;
        try {
            first = users.search(q, Optional.empty(), 0, 0);
        } catch (InvalidRequestException e) {
            r.refused(BASE, "The search could not be read: " + e.getMessage());
            return;
        }
        int pages = (int) Math.max(1, (first.total() + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        UserService.Page found = users.search(q, Optional.empty(), (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE);
        List<Ui.Row> rows = found.users().stream().map(u -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(u.name(), BASE + "/" + enc(u.userId()), badges(u)),
                Ui.Cell.text(u.email().orElse("—")),
                Ui.Cell.text(connections.find(u.connectionId()).map(Connection::name).orElse("—")),
                Ui.Cell.text(Forms.date(Json.text(u.doc(), "created_at", "")))))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search by email or name", List.of("Name", "Email", "Connection", "Created"), rows,
                r.pager(page, pages, found.total()), q.isEmpty() ? "No users yet." : "No user matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create user", BASE + "/new") : null);
        r.render(200, "Users", "The people who sign in to your applications.", "users", List.of(),
                List.of(new Ui.Link("Create user", BASE + "/new")), List.of(table), null);
    }

    private List<Ui.Badge> badges(User u) {
        List<Ui.Badge> b = new ArrayList<>();
        if (u.blocked()) {
            b.add(badge("Blocked", "danger"));
        }
        if (administrators.find(u.userId()).isPresent()) {
            b.add(badge("Administrator", "info"));
        }
        return b;
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        List<String[]> dbs = connections.list().stream().filter(Connection::isDatabase).map(c -> pair(c.name(), c.name())).toList();
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create user", List.of(
                Ui.Field.select("connection", "Connection", options(dbs, List.of())),
                Ui.Field.of("email", "email", "Email", "").mandatory(),
                Ui.Field.text("username", "Username", "").hint("Only for connections that require a username."),
                Ui.Field.of("password", "password", "Password", "").mandatory()), null, null, BASE);
        r.render(200, "Create user", null, "users", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            NewUser request = NewUser.of(r.param("connection"), r.param("email"),
                    r.ctx().formParam("password") == null ? "" : r.ctx().formParam("password"));
            if (r.optional("username").isPresent()) {
                request = request.withUsername(r.optional("username").get());
            }
            User u = users.createByAdministrator(request);
            r.done(BASE + "/" + enc(u.userId()), "User " + u.email().orElse(u.userId()) + " created.");
        }, st -> renderNew(r, st));
    }

    public void show(DashboardRequest r) {
        detail(r, find(r), null);
    }

    private User find(DashboardRequest r) {
        return users.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no user " + r.path("id") + "."));
    }

    /** The organizations the user is a member of; memberships are managed on the organization's Members tab. */
    private Ui.Table organizationsTable(User u) {
        List<Ui.Row> rows = organizations.organizationsOf(u.userId(), 0, 100).stream().map(o -> new Ui.Row(List.of(
                Ui.Cell.link(o.displayName().orElse(o.name()), OrganizationsPages.BASE + "/" + o.id()),
                Ui.Cell.mono(o.name())))).toList();
        return new Ui.Table("Organizations", null, null, null, List.of("Organization", "Name"), rows, null,
                "Not a member of any organization.", null);
    }

    private void detail(DashboardRequest r, User u, DashboardRequest.FormState state) {
        String self = BASE + "/" + enc(u.userId());
        ObjectNode doc = u.doc();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Facts(null, List.of(new Ui.Fact("User ID", u.userId(), true, List.of()),
                new Ui.Fact("Email", u.email().orElse("—"), false, u.emailVerified() ? List.of(badge("Verified", "success")) : List.of()),
                new Ui.Fact("Connection", connections.find(u.connectionId()).map(Connection::name).orElse("—")),
                new Ui.Fact("Status", u.blocked() ? "Blocked" : "Active", false, badges(u)),
                new Ui.Fact("Logins", String.valueOf(Json.number(doc, "logins_count", 0))),
                new Ui.Fact("Created", Forms.date(Json.text(doc, "created_at", ""))))));
        blocks.add(new Ui.Form("profile", "Profile", null, self + "/profile", "Save profile", List.of(
                Ui.Field.text("name", "Name", Json.text(doc, "name", "")),
                Ui.Field.text("given_name", "Given name", Json.text(doc, "given_name", "")),
                Ui.Field.text("family_name", "Family name", Json.text(doc, "family_name", "")),
                Ui.Field.of("email", "email", "Email", u.email().orElse("")),
                Ui.Field.checkbox("email_verified", "Email verified", u.emailVerified())), null, null, null));
        blocks.add(new Ui.Form("password", "Reset password", "The password must satisfy the connection's password policy.",
                self + "/password", "Set password", List.of(Ui.Field.of("password", "password", "New password", "").mandatory()),
                null, null, null));
        blocks.add(new Ui.Form("block", u.blocked() ? "Unblock" : "Block",
                u.blocked() ? "The user can sign in again." : "A blocked user cannot sign in.",
                self + "/block", u.blocked() ? "Unblock user" : "Block user",
                List.of(Ui.Field.hidden("blocked", u.blocked() ? "false" : "true")), null, "secondary", null));
        blocks.add(administratorForm(u, self));
        blocks.addAll(rolesBlocks(u, self));
        blocks.add(organizationsTable(u));
        blocks.add(consentsTable(u, self));
        blocks.addAll(factors.apply(u.userId())); // MFA (issue 12)
        blocks.addAll(activity.apply(u.userId()));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the user removes their profile; they can no longer sign in.",
                self + "/delete", "Delete user", List.of(), null, "danger", null));
        r.render(200, u.name(), u.email().filter(e -> !e.equals(u.name())).orElse(null), "users", CRUMBS, List.of(), blocks, state);
    }

    private List<Ui.Block> rolesBlocks(User u, String self) {
        List<Role> assigned = roles.rolesOf(u.userId(), 0, 1000);
        List<Ui.Row> rows = assigned.stream().map(role -> new Ui.Row(List.of(
                Ui.Cell.link(role.name(), RolesPages.BASE + "/" + role.id()), Ui.Cell.text(role.description().orElse("")),
                Ui.Cell.button(new Ui.Button("Remove", self + "/roles/remove", Forms.hidden("role_id", role.id()), "danger",
                        "Remove role " + role.name()))))).toList();
        Ui.Table table = new Ui.Table("Roles", null, null, null, List.of("Role", "Description", ""), rows, null,
                "No roles assigned.", null);
        List<String[]> choices = roles.list(new RoleQuery(Optional.empty(), Optional.of(Role.TENANT), Optional.empty()), 0, 1000).stream()
                .filter(role -> assigned.stream().noneMatch(a -> a.id().equals(role.id())))
                .map(role -> pair(role.id(), role.name())).toList();
        if (choices.isEmpty()) {
            return List.of(table);
        }
        return List.of(table, new Ui.Form("roles", "Assign a role", null, self + "/roles", "Assign role",
                List.of(Ui.Field.select("role_id", "Role", options(choices, List.of()))), null, null, null));
    }

    private Ui.Table consentsTable(User u, String self) {
        List<Ui.Row> rows = new ArrayList<>();
        for (ConsentGrant g : consents.list(Optional.of(u.userId()), Optional.empty(), Optional.empty())) {
            String app = clients.find(g.clientId()).map(Client::name).orElse(g.clientId());
            rows.add(new Ui.Row(List.of(Ui.Cell.link(app, ApplicationsPages.BASE + "/" + g.clientId()), Ui.Cell.mono(g.audience()),
                    Ui.Cell.mono(String.join(" ", g.scope())), Ui.Cell.text(g.organizationId().orElse("—")),
                    Ui.Cell.button(new Ui.Button("Revoke", self + "/consents/revoke", Forms.hidden("consent_id", g.id()), "danger",
                            "Revoke consent to " + app)))));
        }
        return new Ui.Table("Authorized applications", null, null, null, List.of("Application", "API", "Scopes", "Organization", ""),
                rows, null, "This user has not consented to any application.", null);
    }

    public void updateProfile(DashboardRequest r) {
        User u = find(r);
        r.attempt("profile", () -> {
            UserPatch patch = UserPatch.none().withProfile(UserProfile.none().withName(textOrRemove(r.param("name")))
                    .withGivenName(textOrRemove(r.param("given_name"))).withFamilyName(textOrRemove(r.param("family_name"))));
            if (!r.param("email").equals(u.email().orElse(""))) {
                patch = patch.withEmail(textOrRemove(r.param("email")));
            }
            users.update(u.userId(), patch.withEmailVerified(r.checked("email_verified")));
            r.done(BASE + "/" + enc(u.userId()), "Profile saved.");
        }, st -> detail(r, u, st));
    }

    public void setPassword(DashboardRequest r) {
        User u = find(r);
        r.attempt("password", () -> {
            String password = Optional.ofNullable(r.ctx().formParam("password")).orElse("");
            if (password.isEmpty()) {
                throw new InvalidRequestException("password", "Enter the new password.");
            }
            users.update(u.userId(), UserPatch.password(password));
            r.done(BASE + "/" + enc(u.userId()), "Password changed.");
        }, st -> detail(r, u, st));
    }

    public void block(DashboardRequest r) {
        User u = find(r);
        boolean block = "true".equals(r.param("blocked"));
        if (block && u.userId().equals(r.admin().userId())) {
            r.refused(BASE + "/" + enc(u.userId()), "You cannot block yourself.");
            return;
        }
        users.update(u.userId(), UserPatch.none().withBlocked(block));
        r.done(BASE + "/" + enc(u.userId()), block ? "User blocked." : "User unblocked.");
    }

    /** Dashboard administrator status: its own record (never app_metadata), granted and revoked here with a confirmation. */
    private Ui.Form administratorForm(User u, String self) {
        Optional<Administrator> a = administrators.find(u.userId());
        String text = a.map(x -> "Administrator since " + x.grantedAt() + ", granted by " + x.grantedBy() + ".")
                .orElse("Administrators can sign in to this dashboard and change everything in the tenant.");
        return new Ui.Form("administrator", "Dashboard administrator", text, self + "/administrator",
                a.isPresent() ? "Remove administrator" : "Make administrator",
                List.of(Ui.Field.hidden("grant", a.isPresent() ? "false" : "true")), null, a.isPresent() ? "danger" : "secondary", null);
    }

    public void setAdministrator(DashboardRequest r) {
        User u = find(r);
        String self = BASE + "/" + enc(u.userId());
        boolean grant = "true".equals(r.param("grant"));
        if (!grant && u.userId().equals(r.admin().userId())) {
            r.refused(self, "You cannot remove your own administrator status.");
            return;
        }
        if (grant && !r.confirmed("Make " + u.name() + " an administrator?", u.name() + " will be able to change everything "
                + "in this tenant. They are signed out everywhere and sign in again.", "Make administrator", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(u.name(), self)), "users")) {
            return;
        }
        if (!grant && !r.confirmed("Remove " + u.name() + " as administrator?", u.name() + " loses access to this dashboard.",
                "Remove administrator", self, List.of(CRUMBS.get(0), new Ui.Crumb(u.name(), self)), "users")) {
            return;
        }
        if (grant) {
            administrators.grant(u.userId(), "user:" + r.admin().userId());
            r.done(self, u.name() + " is now an administrator.");
        } else {
            administrators.revoke(u.userId());
            r.done(self, u.name() + " is no longer an administrator.");
        }
    }

    public void assignRole(DashboardRequest r) {
        User u = find(r);
        r.attempt("roles", () -> {
            roles.assignRoles(u.userId(), List.of(r.param("role_id")));
            r.done(BASE + "/" + enc(u.userId()), "Role assigned.");
        }, st -> detail(r, u, st));
    }

    public void removeRole(DashboardRequest r) {
        User u = find(r);
        String self = BASE + "/" + enc(u.userId());
        Optional<Role> role = roles.find(r.param("role_id"));
        if (role.isEmpty()) {
            r.refused(self, "That role no longer exists.");
            return;
        }
        if (!r.confirmed("Remove role “" + role.get().name() + "”?", u.name() + " loses the permissions this role grants.",
                "Remove role", self, List.of(CRUMBS.get(0), new Ui.Crumb(u.name(), self)), "users")) {
            return;
        }
        roles.unassignRoles(u.userId(), List.of(role.get().id()));
        r.done(self, "Role removed.");
    }

    public void revokeConsent(DashboardRequest r) {
        User u = find(r);
        String self = BASE + "/" + enc(u.userId());
        Optional<ConsentGrant> g = consents.findById(r.param("consent_id")).filter(x -> x.userId().equals(u.userId()));
        if (g.isEmpty()) {
            r.refused(self, "That consent no longer exists.");
            return;
        }
        String app = clients.find(g.get().clientId()).map(Client::name).orElse(g.get().clientId());
        if (!r.confirmed("Revoke consent to “" + app + "”?", "The application will have to ask " + u.name()
                + " again before it gets tokens for " + g.get().audience() + ".", "Revoke consent", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(u.name(), self)), "users")) {
            return;
        }
        consents.delete(g.get().id(), clock.instant());
        r.done(self, "Consent revoked.");
    }

    public void delete(DashboardRequest r) {
        User u = find(r);
        String self = BASE + "/" + enc(u.userId());
        if (u.userId().equals(r.admin().userId())) {
            r.refused(self, "You cannot delete yourself.");
            return;
        }
        if (!r.confirmed("Delete " + u.name() + "?", "This cannot be undone. The user can no longer sign in.", "Delete user", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(u.name(), self)), "users")) {
            return;
        }
        users.delete(u.userId());
        r.done(BASE, "User " + u.name() + " deleted.");
    }

    /** A form field: empty removes the property. */
    private static Change<String> textOrRemove(String value) {
        return value == null || value.isEmpty() ? Change.clear() : Change.to(value);
    }

    static String enc(String s) {
        return DashboardAuth.enc(s).replace("+", "%20");
    }
}
