package dev.atrium.web.dashboard;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.roles.DescribedPermission;
import dev.atrium.roles.Permission;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleMember;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.users.User;
import dev.atrium.users.UserService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Roles: list, create, name and description, permissions (scopes of APIs), users holding the role,
 * delete. Changes go through {@link RoleService}.
 *
 * <p>Specifications: Auth0 "Role-Based Access Control"; Management API "Roles".
 */
public final class RolesPages {
    static final String BASE = "/dashboard/roles";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Roles", BASE));

    private final RoleService roles;
    private final ResourceServerService apis;
    private final UserService users;

    public RolesPages(RoleService roles, ResourceServerService apis, UserService users) {
        this.roles = roles;
        this.apis = apis;
        this.users = users;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        RoleQuery query = new RoleQuery(q.isEmpty() ? Optional.empty() : Optional.of(q), Optional.of(Role.TENANT), Optional.empty());
        long total = roles.count(query);
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        List<Ui.Row> rows = roles.list(query, (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE).stream()
                .map(role -> new Ui.Row(List.of(Ui.Cell.link(role.name(), BASE + "/" + role.id()),
                        Ui.Cell.text(role.description().orElse("")), Ui.Cell.mono(role.id())))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search by name", List.of("Name", "Description", "ID"), rows,
                r.pager(page, pages, total), q.isEmpty() ? "No roles yet." : "No role matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create role", BASE + "/new") : null);
        r.render(200, "Roles", "Sets of API permissions assigned to users.", "roles", List.of(),
                List.of(new Ui.Link("Create role", BASE + "/new")), List.of(table), null);
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create role", List.of(
                Ui.Field.text("name", "Name", "").mandatory(),
                Ui.Field.text("description", "Description", "")), null, null, BASE);
        r.render(200, "Create role", null, "roles", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            Role role = roles.create(r.param("name"), r.optional("description"), Optional.empty(), Optional.empty());
            r.done(BASE + "/" + role.id(), "Role “" + role.name() + "” created.");
        }, st -> renderNew(r, st));
    }

    public void show(DashboardRequest r) {
        detail(r, find(r), null);
    }

    private Role find(DashboardRequest r) {
        return roles.find(r.path("id")).orElseThrow(() -> new DashboardAuth.NotFound("There is no role " + r.path("id") + "."));
    }

    private void detail(DashboardRequest r, Role role, DashboardRequest.FormState state) {
        String self = BASE + "/" + role.id();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("settings", "Settings", null, self + "/settings", "Save settings", List.of(
                Ui.Field.text("name", "Name", role.name()).mandatory(),
                Ui.Field.text("description", "Description", role.description().orElse(""))), null, null, null));
        List<DescribedPermission> held = roles.permissions(role);
        List<Ui.Row> rows = held.stream().map(p -> new Ui.Row(List.of(Ui.Cell.mono(p.permission().permissionName()),
                Ui.Cell.text(p.resourceServerName()), Ui.Cell.text(p.description().orElse("")),
                Ui.Cell.button(new Ui.Button("Remove", self + "/permissions/remove",
                        Forms.hidden("permission", key(p.permission())), "danger",
                        "Remove permission " + p.permission().permissionName()))))).toList();
        blocks.add(new Ui.Table("Permissions", null, null, null, List.of("Permission", "API", "Description", ""), rows, null,
                "This role grants no permissions yet.", null));
        List<String[]> choices = new ArrayList<>();
        for (ResourceServer api : apis.list()) {
            if (api.isSystem()) {
                continue;
            }
            for (String scope : api.scopes()) {
                Permission p = new Permission(api.identifier(), scope);
                if (held.stream().noneMatch(h -> h.permission().equals(p))) {
                    choices.add(pair(key(p), api.name() + " — " + scope));
                }
            }
        }
        if (!choices.isEmpty()) {
            blocks.add(new Ui.Form("permissions", "Add permissions", null, self + "/permissions", "Add permissions",
                    List.of(Ui.Field.checkboxes("permission", "Permissions", options(choices, List.of()))), null, null, null));
        }
        List<RoleMember> members = roles.members(role, 0, 100);
        blocks.add(new Ui.Table("Users", null, null, null, List.of("User", "Email", ""), members.stream().map(m -> new Ui.Row(List.of(
                Ui.Cell.link(m.name().orElse(m.userId()), UsersPages.BASE + "/" + UsersPages.enc(m.userId())),
                Ui.Cell.text(m.email().orElse("")),
                Ui.Cell.button(new Ui.Button("Remove", self + "/users/remove", Forms.hidden("user_id", m.userId()), "danger",
                        "Remove " + m.email().orElse(m.userId()) + " from the role"))))).toList(), null,
                "No user holds this role.", null));
        blocks.add(new Ui.Form("users", "Assign to a user", null, self + "/users", "Assign role",
                List.of(Ui.Field.of("email", "email", "User's email", "").hint("The user must already exist.")), null, null, null));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the role takes its permissions from every user holding it.",
                self + "/delete", "Delete role", List.of(), null, "danger", null));
        r.render(200, role.name(), role.description().orElse(null), "roles", CRUMBS, List.of(), blocks, state);
    }

    /** A permission as one form value: the API identifier and the scope, separated by a space (never part of either). */
    private static String key(Permission p) {
        return p.resourceServerIdentifier() + " " + p.permissionName();
    }

    private static Permission permission(String key) {
        int space = key.lastIndexOf(' ');
        if (space <= 0) {
            throw new InvalidRequestException("permission", "Choose a permission.");
        }
        return new Permission(key.substring(0, space), key.substring(space + 1));
    }

    public void updateSettings(DashboardRequest r) {
        Role role = find(r);
        r.attempt("settings", () -> {
            roles.update(role.id(), Optional.of(r.param("name")), Optional.of(r.param("description")));
            r.done(BASE + "/" + role.id(), "Settings saved.");
        }, st -> detail(r, role, st));
    }

    public void addPermissions(DashboardRequest r) {
        Role role = find(r);
        r.attempt("permissions", () -> {
            List<Permission> chosen = r.params("permission").stream().map(RolesPages::permission).toList();
            if (chosen.isEmpty()) {
                throw new InvalidRequestException("permission", "Choose at least one permission.");
            }
            roles.addPermissions(role, chosen);
            r.done(BASE + "/" + role.id(), chosen.size() == 1 ? "Permission added." : chosen.size() + " permissions added.");
        }, st -> detail(r, role, st));
    }

    public void removePermission(DashboardRequest r) {
        Role role = find(r);
        String self = BASE + "/" + role.id();
        Permission p;
        try {
            p = permission(r.param("permission"));
        } catch (InvalidRequestException e) {
            r.refused(self, e.getMessage());
            return;
        }
        if (!r.confirmed("Remove permission " + p.permissionName() + "?", "Users holding “" + role.name()
                + "” lose it unless another role grants it.", "Remove permission", self,
                List.of(CRUMBS.get(0), new Ui.Crumb(role.name(), self)), "roles")) {
            return;
        }
        roles.removePermissions(role, List.of(p));
        r.done(self, "Permission removed.");
    }

    public void addUser(DashboardRequest r) {
        Role role = find(r);
        r.attempt("users", () -> {
            List<User> found = users.byEmail(r.param("email"));
            if (found.isEmpty()) {
                throw new InvalidRequestException("email", "No user has this email address.");
            }
            roles.addMembers(role, found.stream().map(User::userId).toList());
            r.done(BASE + "/" + role.id(), "Role assigned to " + r.param("email") + ".");
        }, st -> detail(r, role, st));
    }

    public void removeUser(DashboardRequest r) {
        Role role = find(r);
        String self = BASE + "/" + role.id();
        String userId = r.param("user_id");
        if (!r.confirmed("Remove the role from this user?", "The user loses the permissions of “" + role.name() + "”.",
                "Remove", self, List.of(CRUMBS.get(0), new Ui.Crumb(role.name(), self)), "roles")) {
            return;
        }
        roles.unassignRoles(userId, List.of(role.id()));
        r.done(self, "User removed from the role.");
    }

    public void delete(DashboardRequest r) {
        Role role = find(r);
        String self = BASE + "/" + role.id();
        if (!r.confirmed("Delete “" + role.name() + "”?", "This cannot be undone. Every user holding it loses its permissions.",
                "Delete role", self, List.of(CRUMBS.get(0), new Ui.Crumb(role.name(), self)), "roles")) {
            return;
        }
        roles.delete(role.id());
        r.done(BASE, "Role “" + role.name() + "” deleted.");
    }
}
