package dev.atrium.web.dashboard;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.resourceservers.ResourceServerService;
import dev.atrium.roles.Role;
import dev.atrium.roles.RoleQuery;
import dev.atrium.roles.RoleService;
import dev.atrium.tenant.TenantStore;
import dev.atrium.users.User;
import dev.atrium.users.UserService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Organizations: list with search and paging, create, delete, and an organization's tabs: settings and
 * branding with a live login preview, connections and their flags, members and their roles,
 * invitations, discovery domains with DNS verification, applications (third-party access and
 * per-application access) and machine-to-machine access. Every change goes through
 * {@link OrganizationService}, as the Management API's do.
 *
 * <p>Specifications: organizations.md §5.1–§5.9; third-party-apps.md §4 (Organizations → Applications).
 */
public final class OrganizationsPages {
    /** Blocks from the tenant log (issue 19) shown on an organization's page; none until wiring supplies them. */
    private java.util.function.Function<String, List<Ui.Block>> activity = id -> List.of();

    /** Shows {@code blocks(id)} (recent events, activity) on each page; set once, at wiring. Returns this. */
    public OrganizationsPages showingActivity(java.util.function.Function<String, List<Ui.Block>> blocks) {
        this.activity = blocks;
        return this;
    }
    static final String BASE = "/dashboard/organizations";
    private static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Organizations", BASE));
    private static final List<String[]> TABS = List.of(pair("settings", "Settings"), pair("connections", "Connections"),
            pair("members", "Members"), pair("invitations", "Invitations"), pair("domains", "Domains"),
            pair("applications", "Applications"), pair("m2m", "Machine-to-machine access"));
    /** The colours the hosted pages fall back to (web/ui/Chrome), shown when neither organization nor tenant sets one. */
    private static final String DEFAULT_PRIMARY = "#4f46e5";
    private static final String DEFAULT_BACKGROUND = "#f5f5f7";

    private final OrganizationService organizations;
    private final ConnectionService connections;
    private final UserService users;
    private final RoleService roles;
    private final ClientService clients;
    private final ClientGrantService grants;
    private final ResourceServerService apis;
    private final TenantStore tenant;
    private final Clock clock;

    public OrganizationsPages(OrganizationService organizations, ConnectionService connections, UserService users,
                              RoleService roles, ClientService clients, ClientGrantService grants, ResourceServerService apis,
                              TenantStore tenant, Clock clock) {
        this.organizations = organizations;
        this.connections = connections;
        this.users = users;
        this.roles = roles;
        this.clients = clients;
        this.grants = grants;
        this.apis = apis;
        this.tenant = tenant;
        this.clock = clock;
    }

    // ---- list, create

    public void list(DashboardRequest r) {
        String q = r.param("q");
        List<Organization> all = organizations.list(OrganizationStore.Sort.NAME, true, 0, (int) Math.min(Integer.MAX_VALUE,
                organizations.count())).stream().filter(o -> Forms.matches(q, o.name(), o.displayName().orElse(null))).toList();
        DashboardRequest.Slice<Organization> slice = r.slice(all);
        List<Ui.Row> rows = slice.items().stream().map(o -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(o.displayName().orElse(o.name()), BASE + "/" + o.id(),
                        Organization.ALLOW.equals(o.thirdPartyClientAccess()) ? List.of(badge("Third-party access", "warn")) : List.of()),
                Ui.Cell.mono(o.name()), Ui.Cell.mono(o.id()), Ui.Cell.text(Forms.date(o.createdAt().toString()))))).toList();
        Ui.Table table = new Ui.Table(null, BASE, q, "Search organizations", List.of("Display name", "Name", "ID", "Created"),
                rows, slice.pager(), q.isEmpty() ? "No organizations yet." : "No organization matches “" + q + "”.",
                q.isEmpty() ? new Ui.Link("Create organization", BASE + "/new") : null);
        r.render(200, "Organizations", "The companies and teams whose members sign in to your applications.", "organizations",
                List.of(), List.of(new Ui.Link("Create organization", BASE + "/new")), List.of(table), null);
    }

    public void newForm(DashboardRequest r) {
        renderNew(r, null);
    }

    private void renderNew(DashboardRequest r, DashboardRequest.FormState state) {
        Ui.Form form = new Ui.Form("create", null, null, BASE + "/new", "Create organization", List.of(
                Ui.Field.text("name", "Name", "").mandatory()
                        .hint("Lowercase letters, digits, '_' and '-', at most 50. Users may type it at login."),
                Ui.Field.text("display_name", "Display name", "").hint("Shown on the login pages, e.g. Acme Corporation.")),
                null, null, BASE);
        r.render(200, "Create organization", null, "organizations", CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            ObjectNode doc = Json.object().put("name", r.param("name"));
            r.optional("display_name").ifPresent(d -> doc.put("display_name", d));
            Organization org;
            try {
                org = organizations.create(doc);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "An organization with this name already exists.");
            }
            r.done(BASE + "/" + org.id(), "Organization “" + label(org) + "” created.");
        }, st -> renderNew(r, st));
    }

    public void delete(DashboardRequest r) {
        Organization org = find(r);
        String self = BASE + "/" + org.id();
        if (!r.confirmed("Delete “" + label(org) + "”?", "This cannot be undone. Its members lose their membership and "
                + "roles in it, its invitations stop working; the users themselves are kept.", "Delete organization", self,
                trail(org), "organizations")) {
            return;
        }
        organizations.delete(org.id());
        r.done(BASE, "Organization “" + label(org) + "” deleted.");
    }

    // ---- the tabs

    /** {@code GET /dashboard/organizations/{id}} and {@code …/{id}/{tab}}. */
    public void show(DashboardRequest r) {
        Organization org = find(r);
        String tab = r.ctx().pathParamMap().getOrDefault("tab", "settings");
        switch (tab) {
            case "settings" -> settings(r, org, null);
            case "connections" -> connectionsTab(r, org, null);
            case "members" -> membersTab(r, org, null);
            case "invitations" -> invitationsTab(r, org, null, null);
            case "domains" -> domainsTab(r, org, null);
            case "applications" -> applicationsTab(r, org, null);
            case "m2m" -> m2mTab(r, org, null);
            default -> throw new DashboardAuth.NotFound("There is no such page.");
        }
    }

    private void page(DashboardRequest r, Organization org, String tab, List<Ui.Block> blocks, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<Ui.Tab> tabs = TABS.stream().map(t -> new Ui.Tab(t[0], t[1], t[0].equals("settings") ? self : self + "/" + t[0],
                t[0].equals(tab))).toList();
        List<Ui.Block> all = new ArrayList<>();
        all.add(new Ui.Tabs("Organization", tabs));
        all.addAll(blocks);
        if (tab.equals("settings")) {
            all.addAll(activity.apply(org.id()));
        }
        r.render(200, label(org), org.name() + " · " + org.id(), "organizations", CRUMBS, List.of(), all, state);
    }

    // settings and branding

    private void settings(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        ObjectNode doc = org.doc();
        JsonNode colors = doc.path("branding").path("colors");
        JsonNode tenantColors = tenant.get().doc().path("branding").path("colors");
        String primary = Json.text(colors, "primary", Json.text(tenantColors, "primary", DEFAULT_PRIMARY));
        String background = Json.text(colors, "page_background", Json.text(tenantColors, "page_background", DEFAULT_BACKGROUND));
        String logo = Json.text(doc.path("branding"), "logo_url", null);
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("settings", "Settings & branding", "What members see when they log in through this organization.",
                self + "/settings", "Save settings", List.of(
                Ui.Field.text("name", "Name", org.name()).mandatory()
                        .hint("Renaming does not change tokens already issued: they keep the old org_name until they expire."),
                Ui.Field.text("display_name", "Display name", org.displayName().orElse("")),
                Ui.Field.of("url", "branding.logo_url", "Logo URL", logo).hint("An https URL; at least 200×200 pixels looks best."),
                Ui.Field.of("color", "branding.colors.primary", "Primary colour", expand(primary)),
                Ui.Field.of("color", "branding.colors.page_background", "Page background colour", expand(background)),
                Ui.Field.of("textarea", "metadata", "Metadata", metadataText(doc.path("metadata")))
                        .hint("One key=value per line; at most " + OrganizationService.MAX_METADATA + " pairs of 255 characters.")),
                null, null, null));
        blocks.add(new Ui.Preview("settings", label(org), tenant.get().friendlyName(), logo, primary, background));
        blocks.add(new Ui.Facts("Details", List.of(new Ui.Fact("Organization ID", org.id(), true, List.of()),
                new Ui.Fact("Created", Forms.date(org.createdAt().toString())))));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the organization removes its memberships and invitations; "
                + "users are kept.", self + "/delete", "Delete organization", List.of(), null, "danger", null));
        page(r, org, "settings", blocks, state);
    }

    public void updateSettings(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("settings", () -> {
            ObjectNode patch = Json.object().put("name", r.param("name"));
            Forms.textOrRemove(patch, "display_name", r.param("display_name"));
            ObjectNode branding = Json.object();
            r.optional("branding.logo_url").ifPresent(u -> branding.put("logo_url", u));
            branding.set("colors", Json.object().put("primary", r.param("branding.colors.primary"))
                    .put("page_background", r.param("branding.colors.page_background")));
            patch.set("branding", branding);
            patch.set("metadata", metadata(r.param("metadata")));
            try {
                organizations.update(org.id(), patch);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "An organization with this name already exists.");
            }
            r.done(BASE + "/" + org.id(), "Settings saved.");
        }, st -> settings(r, org, st));
    }

    /** The metadata editor's text: {@code key=value} per line; a line without '=' is refused beside the field. */
    private static ObjectNode metadata(String text) {
        ObjectNode m = Json.object();
        for (String line : text.split("\\r?\\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("metadata", "Write each entry as key=value: “" + line.trim() + "”.");
            }
            m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }

    private static String metadataText(JsonNode metadata) {
        List<String> lines = new ArrayList<>();
        for (String key : metadata.propertyNames()) {
            lines.add(key + "=" + metadata.get(key).asString());
        }
        return String.join("\n", lines);
    }

    /** {@code <input type=color>} takes only {@code #rrggbb}. */
    private static String expand(String color) {
        return color.length() == 4 ? "#" + color.charAt(1) + color.charAt(1) + color.charAt(2) + color.charAt(2)
                + color.charAt(3) + color.charAt(3) : color;
    }

    // connections

    private void connectionsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<OrganizationConnection> enabled = organizations.connections(org);
        List<Ui.Block> blocks = new ArrayList<>();
        List<Ui.Row> rows = enabled.stream().map(c -> new Ui.Row(List.of(
                Ui.Cell.link(c.connectionName(), ConnectionsPages.BASE + "/" + c.connectionId()),
                Ui.Cell.text(c.strategy().equals("auth0") ? "Database" : c.strategy()),
                Ui.Cell.badges(flagBadges(c)),
                Ui.Cell.button(new Ui.Button("Disable", self + "/connections/remove", Forms.hidden("connection_id", c.connectionId()),
                        "danger", "Disable " + c.connectionName() + " for this organization"))))).toList();
        blocks.add(new Ui.Table("Enabled connections", null, null, null, List.of("Connection", "Type", "Options", ""), rows, null,
                "No connection is enabled yet: members cannot log in through this organization.", null));
        for (OrganizationConnection c : enabled) {
            blocks.add(new Ui.Form("connection-" + c.connectionId(), c.connectionName(), "How members log in with this connection.",
                    self + "/connections/update", "Save " + c.connectionName(), List.of(
                    Ui.Field.hidden("connection_id", c.connectionId()),
                    membershipField(c.assignMembershipOnLogin()),
                    signupField(c.isSignupEnabled()),
                    buttonField(c.showAsButton())), null, null, null));
        }
        Set<String> taken = enabled.stream().map(OrganizationConnection::connectionId).collect(Collectors.toSet());
        List<String[]> choices = connections.list().stream().filter(c -> !taken.contains(c.id()))
                .sorted(Comparator.comparing(c -> c.name().toLowerCase())).map(c -> pair(c.id(), c.name()
                        + (c.isDatabase() ? " (database)" : "") + (c.isDomainConnection() ? " · domain-level" : ""))).toList();
        if (enabled.size() < OrganizationService.MAX_CONNECTIONS && !choices.isEmpty()) {
            blocks.add(new Ui.Form("add-connection", "Enable a connection", "At most " + OrganizationService.MAX_CONNECTIONS
                    + " connections per organization.", self + "/connections", "Enable connection", List.of(
                    Ui.Field.select("connection_id", "Connection", options(choices, List.of())),
                    membershipField(false), signupField(false), buttonField(true)), null, null, null));
        }
        page(r, org, "connections", blocks, state);
    }

    private static List<Ui.Badge> flagBadges(OrganizationConnection c) {
        List<Ui.Badge> b = new ArrayList<>();
        if (c.assignMembershipOnLogin()) {
            b.add(badge("Auto-membership", "info"));
        }
        if (c.isSignupEnabled()) {
            b.add(badge("Sign-up", "success"));
        }
        b.add(c.showAsButton() ? badge("Button", "neutral") : badge("Hidden", "neutral"));
        return b;
    }

    private static Ui.Field membershipField(boolean on) {
        return Ui.Field.checkbox("assign_membership_on_login", "Membership on authentication", on)
                .hint("Users who log in with this connection become members automatically.");
    }

    private static Ui.Field signupField(boolean on) {
        return Ui.Field.checkbox("is_signup_enabled", "Organization sign-up", on)
                .hint("Database connections only; needs membership on authentication.");
    }

    private static Ui.Field buttonField(boolean on) {
        return Ui.Field.checkbox("show_as_button", "Display connection as a button", on);
    }

    private ObjectNode flags(DashboardRequest r) {
        return Json.object().put("assign_membership_on_login", r.checked("assign_membership_on_login"))
                .put("is_signup_enabled", r.checked("is_signup_enabled"))
                .put("show_as_button", r.checked("show_as_button"));
    }

    public void addConnection(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("add-connection", () -> {
            if (r.param("connection_id").isEmpty()) {
                throw new InvalidRequestException("connection_id", "Choose a connection.");
            }
            ObjectNode request = flags(r).put("connection_id", r.param("connection_id"));
            OrganizationConnection c;
            try {
                c = organizations.addConnection(org, request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("connection_id", "This connection is already enabled.");
            }
            r.done(BASE + "/" + org.id() + "/connections", "Connection “" + c.connectionName() + "” enabled.");
        }, st -> connectionsTab(r, org, st));
    }

    public void updateConnection(DashboardRequest r) {
        Organization org = find(r);
        String id = r.param("connection_id");
        r.attempt("connection-" + id, () -> {
            Optional<OrganizationConnection> c = organizations.updateConnection(org, id, flags(r));
            if (c.isEmpty()) {
                throw new InvalidRequestException(null, "This connection is no longer enabled for the organization.");
            }
            r.done(BASE + "/" + org.id() + "/connections", "Connection “" + c.get().connectionName() + "” saved.");
        }, st -> connectionsTab(r, org, st));
    }

    public void removeConnection(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/connections";
        Optional<OrganizationConnection> c = organizations.connection(org.id(), r.param("connection_id"));
        if (c.isEmpty()) {
            r.refused(back, "That connection is not enabled for the organization.");
            return;
        }
        if (!r.confirmed("Disable “" + c.get().connectionName() + "” for " + label(org) + "?", "Members can no longer log in "
                + "to the organization with this connection; their memberships are kept.", "Disable connection", back,
                trail(org), "organizations")) {
            return;
        }
        organizations.removeConnection(org, c.get().connectionId());
        r.done(back, "Connection “" + c.get().connectionName() + "” disabled.");
    }

    // members

    private void membersTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        long total = organizations.countMembers(org);
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        List<Member> members = organizations.members(org, (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE);
        Map<String, List<Role>> memberRoles = organizations.memberRoles(org, members.stream().map(Member::userId).toList());
        List<Ui.Row> rows = members.stream().map(m -> new Ui.Row(List.of(
                Ui.Cell.link(m.email().orElse(m.userId()), self + "/members/" + DashboardAuth.enc(m.userId())),
                Ui.Cell.text(m.name().orElse("")),
                roleCell(memberRoles.getOrDefault(m.userId(), List.of()), self + "/members/" + DashboardAuth.enc(m.userId())),
                Ui.Cell.button(new Ui.Button("Remove", self + "/members/remove", Forms.hidden("user_id", m.userId()), "danger",
                        "Remove " + m.email().orElse(m.userId()) + " from the organization"))))).toList();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("add-member", "Add a member", "An existing user of this tenant, by email address.",
                self + "/members", "Add member", List.of(Ui.Field.of("email", "email", "Email address", "").mandatory()),
                null, null, null));
        blocks.add(new Ui.Table("Members", null, null, null, List.of("Member", "Name", "Roles", ""), rows,
                r.pager(page, pages, total), "No members yet.", null));
        page(r, org, "members", blocks, state);
    }

    private static Ui.Cell roleCell(List<Role> held, String memberHref) {
        return held.isEmpty() ? Ui.Cell.link("Assign roles", memberHref)
                : Ui.Cell.badges(held.stream().map(x -> badge(x.name(), "info")).toList());
    }

    public void addMember(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("add-member", () -> {
            List<User> found = users.byEmail(r.param("email"));
            if (found.isEmpty()) {
                throw new InvalidRequestException("email", "No user has this email address.");
            }
            organizations.addMembers(org, found.stream().map(User::userId).toList());
            r.done(BASE + "/" + org.id() + "/members", r.param("email") + " is now a member.");
        }, st -> membersTab(r, org, st));
    }

    public void removeMember(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/members";
        String userId = r.param("user_id");
        String who = users.find(userId).flatMap(User::email).orElse(userId);
        if (!r.confirmed("Remove " + who + " from " + label(org) + "?", "The user loses the membership and the roles in this "
                + "organization; tokens already issued stay valid until they expire.", "Remove member", back, trail(org),
                "organizations")) {
            return;
        }
        organizations.removeMembers(org, List.of(userId));
        r.done(back, who + " removed from the organization.");
    }

    /** {@code GET /dashboard/organizations/{id}/members/{userId}}: a member's roles in the organization. */
    public void member(DashboardRequest r) {
        Organization org = find(r);
        memberPage(r, org, member(r, org), null);
    }

    private User member(DashboardRequest r, Organization org) {
        String userId = r.path("userId");
        if (!organizations.isMember(org.id(), userId)) {
            throw new DashboardAuth.NotFound("This user is not a member of " + label(org) + ".");
        }
        return users.find(userId).orElseThrow(() -> new DashboardAuth.NotFound("There is no user " + userId + "."));
    }

    private void memberPage(DashboardRequest r, Organization org, User u, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        List<Role> current = organizations.memberRoles(org.id(), u.userId());
        List<Ui.Row> rows = current.stream().map(x -> new Ui.Row(List.of(
                Ui.Cell.link(x.name(), RolesPages.BASE + "/" + x.id()),
                Ui.Cell.text(x.isTenantRole() ? "Tenant role" : "Organization role"),
                Ui.Cell.button(new Ui.Button("Remove", self + "/roles/remove", Forms.hidden("role_id", x.id()), "danger",
                        "Remove the role " + x.name()))))).toList();
        Set<String> held = current.stream().map(Role::id).collect(Collectors.toSet());
        List<String[]> choices = assignableRoles(org).stream().filter(x -> !held.contains(x.id()))
                .map(x -> pair(x.id(), x.name())).toList();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Facts(null, List.of(new Ui.Fact("User ID", u.userId(), true, List.of()),
                new Ui.Fact("Email", u.email().orElse("—")), new Ui.Fact("Organization", label(org)))));
        blocks.add(new Ui.Table("Roles in " + label(org), null, null, null, List.of("Role", "Kind", ""), rows, null,
                "No roles in this organization.", null));
        blocks.add(new Ui.Form("assign-role", "Assign roles", "Tenant roles, or roles of this organization; at most "
                + OrganizationService.MAX_MEMBER_ROLES + " per member.", self + "/roles", "Assign roles",
                List.of(Ui.Field.checkboxes("role_id", "Roles", options(choices, List.of()))), null, null, null));
        r.render(200, u.email().orElse(u.userId()), "Member of " + label(org), "organizations",
                List.of(CRUMBS.get(0), new Ui.Crumb(label(org), BASE + "/" + org.id()),
                        new Ui.Crumb("Members", BASE + "/" + org.id() + "/members")), List.of(), blocks, state);
    }

    private List<Role> assignableRoles(Organization org) {
        return roles.list(RoleQuery.all(), 0, 1000).stream()
                .filter(x -> x.isTenantRole() || x.ownerId().map(org.id()::equals).orElse(false))
                .sorted(Comparator.comparing(x -> x.name().toLowerCase())).toList();
    }

    public void assignMemberRoles(DashboardRequest r) {
        Organization org = find(r);
        User u = member(r, org);
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        r.attempt("assign-role", () -> {
            if (r.params("role_id").isEmpty()) {
                throw new InvalidRequestException("role_id", "Choose at least one role.");
            }
            try {
                organizations.assignMemberRoles(org, u.userId(), r.params("role_id"));
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("role_id", e.getMessage());
            }
            r.done(self, "Roles assigned.");
        }, st -> memberPage(r, org, u, st));
    }

    public void removeMemberRole(DashboardRequest r) {
        Organization org = find(r);
        User u = member(r, org);
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        String roleName = roles.find(r.param("role_id")).map(Role::name).orElse("this role");
        if (!r.confirmed("Remove “" + roleName + "”?", u.email().orElse(u.userId()) + " loses the role in " + label(org) + ".",
                "Remove role", self, trail(org), "organizations")) {
            return;
        }
        organizations.removeMemberRoles(org, u.userId(), List.of(r.param("role_id")));
        r.done(self, "Role “" + roleName + "” removed.");
    }

    // invitations

    private void invitationsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state, Ui.Secret created) {
        String self = BASE + "/" + org.id();
        List<Ui.Block> blocks = new ArrayList<>();
        if (created != null) {
            blocks.add(created);
        }
        Map<String, String> appNames = clients.list().stream().collect(Collectors.toMap(Client::clientId, Client::name));
        List<String[]> apps = new ArrayList<>();
        apps.add(pair("", "Choose an application"));
        clients.list().stream().filter(c -> !c.appType().map("non_interactive"::equals).orElse(false))
                .sorted(Comparator.comparing(c -> c.name().toLowerCase()))
                .forEach(c -> apps.add(pair(c.clientId(), c.name() + (c.isThirdParty() ? " (third-party)" : ""))));
        List<String[]> conns = new ArrayList<>();
        conns.add(pair("", "Any connection of the organization"));
        organizations.connections(org).forEach(c -> conns.add(pair(c.connectionId(), c.connectionName())));
        blocks.add(new Ui.Form("invite", "Invite a member", "The invitation link takes the person to the application's login, "
                + "in this organization. Atrium sends no email: pass the link on yourself.", self + "/invitations",
                "Create invitation", List.of(
                Ui.Field.of("email", "invitee.email", "Invitee email", "").mandatory(),
                Ui.Field.text("inviter.name", "Inviter name", "").mandatory().hint("Shown to the invitee, e.g. your name or team."),
                Ui.Field.select("client_id", "Application", options(apps, "")).mandatory()
                        .hint("Its Application Login URI (or the tenant's login URL) receives the invitation."),
                Ui.Field.select("connection_id", "Connection", options(conns, "")),
                Ui.Field.checkboxes("roles", "Roles", options(assignableRoles(org).stream().map(x -> pair(x.id(), x.name())).toList(),
                        List.of())).hint("Given to the member when the invitation is accepted."),
                Ui.Field.of("number", "ttl_sec", "Valid for (seconds)", String.valueOf(OrganizationService.DEFAULT_INVITATION_TTL))
                        .hint("604800 is 7 days; at most " + OrganizationService.MAX_INVITATION_TTL + " (30 days).")),
                null, null, null));
        long total = organizations.countInvitations(org);
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        Instant now = clock.instant();
        List<Ui.Row> rows = organizations.invitations(org, false, (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE)
                .stream().map(i -> new Ui.Row(List.of(
                        Ui.Cell.text(i.inviteeEmail()),
                        Ui.Cell.text(appNames.getOrDefault(i.clientId(), i.clientId())),
                        Ui.Cell.text(Forms.date(i.createdAt().toString())),
                        Ui.Cell.badges(List.of(i.isExpired(now) ? badge("Expired", "danger")
                                : badge("Expires " + Forms.date(i.expiresAt().toString()), "neutral"))),
                        Ui.Cell.button(new Ui.Button("Delete", self + "/invitations/delete", Forms.hidden("invitation_id", i.id()),
                                "danger", "Delete the invitation of " + i.inviteeEmail()))))).toList();
        blocks.add(new Ui.Table("Pending invitations", null, null, null, List.of("Invitee", "Application", "Created", "Status", ""),
                rows, r.pager(page, pages, total), "No pending invitations.", null));
        page(r, org, "invitations", blocks, state);
    }

    public void invite(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("invite", () -> {
            if (r.param("client_id").isEmpty()) {
                throw new InvalidRequestException("client_id", "Choose the application the invitee will log in to.");
            }
            ObjectNode request = Json.object();
            request.set("invitee", Json.object().put("email", r.param("invitee.email")));
            request.set("inviter", Json.object().put("name", r.param("inviter.name")));
            request.put("client_id", r.param("client_id"));
            r.optional("connection_id").ifPresent(c -> request.put("connection_id", c));
            if (!r.params("roles").isEmpty()) {
                request.set("roles", Json.strings(r.params("roles")));
            }
            request.put("ttl_sec", r.number("ttl_sec", "Valid for"));
            Invitation i = organizations.createInvitation(org, request);
            invitationsTab(r, org, null, new Ui.Secret("Invitation created", "Invitation link for " + i.inviteeEmail(),
                    Json.text(i.doc(), "invitation_url", ""), "Send this link to the invitee. It works once, until "
                    + Forms.date(i.expiresAt().toString()) + "."));
        }, st -> invitationsTab(r, org, st, null));
    }

    public void deleteInvitation(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/invitations";
        Optional<Invitation> i = organizations.invitation(org, r.param("invitation_id"));
        if (i.isEmpty()) {
            r.refused(back, "That invitation no longer exists.");
            return;
        }
        if (!r.confirmed("Delete the invitation of " + i.get().inviteeEmail() + "?", "Its link stops working at once.",
                "Delete invitation", back, trail(org), "organizations")) {
            return;
        }
        organizations.deleteInvitation(org, i.get().id());
        r.done(back, "Invitation of " + i.get().inviteeEmail() + " deleted.");
    }

    // discovery domains

    private void domainsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<DiscoveryDomain> domains = organizations.domains(org, 0, OrganizationService.MAX_DOMAINS);
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("add-domain", "Add a domain", "Users whose email address is at a verified domain are routed to "
                + "this organization when they type their email at the organization prompt.", self + "/domains", "Add domain",
                List.of(Ui.Field.text("domain", "Domain", "").mandatory().hint("e.g. acme.com"),
                        Ui.Field.checkbox("use_for_organization_discovery", "Use for organization discovery", true)),
                null, null, null));
        List<Ui.Row> rows = domains.stream().map(d -> new Ui.Row(List.of(
                Ui.Cell.mono(d.domain()),
                Ui.Cell.badges(List.of(d.isVerified() ? badge("Verified", "success") : badge("Pending", "warn"),
                        d.useForOrganizationDiscovery() ? badge("Discovery", "info") : badge("Not for discovery", "neutral"))),
                d.isVerified() ? Ui.Cell.text("") : Ui.Cell.button(new Ui.Button("Verify", self + "/domains/verify",
                        Forms.hidden("domain_id", d.id()), "", "Verify " + d.domain())),
                Ui.Cell.button(new Ui.Button(d.useForOrganizationDiscovery() ? "Stop discovery" : "Use for discovery",
                        self + "/domains/discovery", Forms.hidden("domain_id", d.id(), "use_for_organization_discovery",
                        String.valueOf(!d.useForOrganizationDiscovery())), "", "Change discovery for " + d.domain())),
                Ui.Cell.button(new Ui.Button("Delete", self + "/domains/delete", Forms.hidden("domain_id", d.id()), "danger",
                        "Delete " + d.domain()))))).toList();
        blocks.add(new Ui.Table("Domains", null, null, null, List.of("Domain", "Status", "", "", ""), rows, null,
                "No domains yet.", null));
        List<Ui.Row> records = domains.stream().filter(d -> !d.isVerified()).map(d -> new Ui.Row(List.of(
                Ui.Cell.text(d.domain()), Ui.Cell.mono("TXT"), Ui.Cell.mono(d.verificationHost()),
                Ui.Cell.mono(d.verificationTxt())))).toList();
        if (!records.isEmpty()) {
            blocks.add(new Ui.Note("info", "To verify a domain, publish this TXT record in its DNS zone, then press Verify. "
                    + "Until then the domain stays pending and routes nobody."));
            blocks.add(new Ui.Table("DNS records to publish", null, null, null, List.of("Domain", "Type", "Host", "Value"),
                    records, null, "", null));
        }
        page(r, org, "domains", blocks, state);
    }

    public void addDomain(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("add-domain", () -> {
            ObjectNode request = Json.object().put("domain", r.param("domain"))
                    .put("use_for_organization_discovery", r.checked("use_for_organization_discovery"));
            DiscoveryDomain d;
            try {
                d = organizations.createDomain(org, request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("domain", "This domain is already added.");
            }
            r.done(BASE + "/" + org.id() + "/domains", "Domain " + d.domain() + " added. Publish its TXT record, then verify it.");
        }, st -> domainsTab(r, org, st));
    }

    public void verifyDomain(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/domains";
        Optional<DiscoveryDomain> d = organizations.verifyDomain(org, r.param("domain_id"));
        if (d.isEmpty()) {
            r.refused(back, "That domain no longer exists.");
        } else if (d.get().isVerified()) {
            r.done(back, "Domain " + d.get().domain() + " verified.");
        } else {
            r.refused(back, "No TXT record “" + d.get().verificationTxt() + "” was found at " + d.get().verificationHost()
                    + ". DNS changes can take a while to appear; try again later.");
        }
    }

    public void updateDomainDiscovery(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/domains";
        boolean on = Boolean.parseBoolean(r.param("use_for_organization_discovery"));
        Optional<DiscoveryDomain> d = organizations.updateDomain(org, r.param("domain_id"),
                Json.object().put("use_for_organization_discovery", on));
        if (d.isEmpty()) {
            r.refused(back, "That domain no longer exists.");
        } else {
            r.done(back, on ? d.get().domain() + " is used for organization discovery."
                    : d.get().domain() + " is no longer used for organization discovery.");
        }
    }

    public void deleteDomain(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/domains";
        Optional<DiscoveryDomain> d = organizations.domain(org, r.param("domain_id"));
        if (d.isEmpty()) {
            r.refused(back, "That domain no longer exists.");
            return;
        }
        if (!r.confirmed("Delete " + d.get().domain() + "?", "Users of this domain are no longer routed to the organization. "
                + "Adding it again needs a new verification.", "Delete domain", back, trail(org), "organizations")) {
            return;
        }
        organizations.deleteDomain(org, d.get().id());
        r.done(back, "Domain " + d.get().domain() + " deleted.");
    }

    // applications

    private void applicationsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("third-party", "Third-Party Application Access", "Whether members may log in to third-party "
                + "applications through this organization.", self + "/applications/third-party", "Save", List.of(
                Ui.Field.radio("third_party_client_access", "Third-party applications", options(List.of(
                        pair(Organization.BLOCK, "Block: members cannot use third-party applications (default)"),
                        pair(Organization.ALLOW, "Allow: members may log in to third-party applications and consent to them")),
                        org.thirdPartyClientAccess()))), null, null, null));
        blocks.add(new Ui.Form("entitlement", "Per-application access", "Limit member logins to the applications listed below.",
                self + "/applications/entitlement", "Save", List.of(
                Ui.Field.checkbox("is_app_entitlement_active", "Only the listed applications with member access", org.isAppEntitlementActive())
                        .hint("Off: members may log in to every application that allows organizations.")), null, null, null));
        Map<String, Client> byId = clients.list().stream().collect(Collectors.toMap(Client::clientId, Function.identity()));
        List<OrganizationClient> associated = organizations.clients(org, 0, OrganizationService.MAX_CLIENTS);
        List<Ui.Row> rows = new ArrayList<>();
        for (OrganizationClient a : associated) {
            Client c = byId.get(a.clientId());
            String name = c == null ? a.clientId() : c.name();
            boolean interactive = c != null && c.grantTypes().stream().anyMatch(g -> g.equals("authorization_code") || g.equals("implicit"));
            rows.add(new Ui.Row(List.of(
                    Ui.Cell.linkWithBadges(name, ApplicationsPages.BASE + "/" + a.clientId(),
                            c != null && c.isThirdParty() ? List.of(badge("Third-party", "warn")) : List.of()),
                    interactive ? Ui.Cell.badges(List.of(a.useForMemberAccess() ? badge("Member access", "success")
                            : badge("No member access", "neutral"))) : Ui.Cell.text("Not applicable"),
                    interactive ? Ui.Cell.button(new Ui.Button(a.useForMemberAccess() ? "Turn off" : "Turn on",
                            self + "/applications/member-access", Forms.hidden("client_id", a.clientId(), "use_for_member_access",
                            String.valueOf(!a.useForMemberAccess())), "", "Change member access of " + name)) : Ui.Cell.text(""),
                    Ui.Cell.button(new Ui.Button("Remove", self + "/applications/remove", Forms.hidden("client_id", a.clientId()),
                            "danger", "Remove " + name + " from the organization")))));
        }
        blocks.add(new Ui.Table("Applications", null, null, null, List.of("Application", "Member access", "", ""), rows, null,
                "No application is associated with this organization.", null));
        Set<String> taken = associated.stream().map(OrganizationClient::clientId).collect(Collectors.toSet());
        List<String[]> choices = clients.list().stream().filter(c -> !taken.contains(c.clientId()))
                .sorted(Comparator.comparing(c -> c.name().toLowerCase()))
                .map(c -> pair(c.clientId(), c.name() + (c.isThirdParty() ? " (third-party)" : ""))).toList();
        if (!choices.isEmpty()) {
            blocks.add(new Ui.Form("add-application", "Add an application", null, self + "/applications", "Add application", List.of(
                    Ui.Field.select("client_id", "Application", options(choices, List.of())),
                    Ui.Field.checkbox("use_for_member_access", "Member access", true)
                            .hint("Members may log in to it while per-application access is on.")), null, null, null));
        }
        page(r, org, "applications", blocks, state);
    }

    public void updateThirdPartyAccess(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("third-party", () -> {
            String v = ApplicationsPages.oneOf(r.param("third_party_client_access"), "third_party_client_access",
                    Organization.ALLOW, Organization.BLOCK);
            organizations.update(org.id(), Json.object().put("third_party_client_access", v));
            r.done(BASE + "/" + org.id() + "/applications", v.equals(Organization.ALLOW)
                    ? "Third-party applications are allowed." : "Third-party applications are blocked.");
        }, st -> applicationsTab(r, org, st));
    }

    public void updateEntitlement(DashboardRequest r) {
        Organization org = find(r);
        boolean on = r.checked("is_app_entitlement_active");
        organizations.update(org.id(), Json.object().put("is_app_entitlement_active", on));
        r.done(BASE + "/" + org.id() + "/applications", on ? "Per-application access is on." : "Per-application access is off.");
    }

    public void addApplication(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("add-application", () -> {
            String clientId = r.param("client_id");
            if (clientId.isEmpty()) {
                throw new InvalidRequestException("client_id", "Choose an application.");
            }
            try {
                organizations.addClients(org, List.of(new OrganizationClient(org.id(), clientId, r.checked("use_for_member_access"))));
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("client_id", "This application is already associated.");
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("client_id", e.getMessage());
            }
            r.done(BASE + "/" + org.id() + "/applications", "Application added.");
        }, st -> applicationsTab(r, org, st));
    }

    public void updateMemberAccess(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/applications";
        boolean on = Boolean.parseBoolean(r.param("use_for_member_access"));
        if (organizations.updateClient(org, r.param("client_id"), on).isEmpty()) {
            r.refused(back, "That application is no longer associated.");
        } else {
            r.done(back, on ? "Member access turned on." : "Member access turned off.");
        }
    }

    public void removeApplication(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/applications";
        String clientId = r.param("client_id");
        String name = clients.find(clientId).map(Client::name).orElse(clientId);
        if (!r.confirmed("Remove “" + name + "” from " + label(org) + "?", "Under per-application access members can no longer "
                + "log in to it through this organization.", "Remove application", back, trail(org), "organizations")) {
            return;
        }
        organizations.removeClients(org, List.of(clientId));
        r.done(back, "Application “" + name + "” removed.");
    }

    // machine-to-machine access

    private void m2mTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        Map<String, String> appNames = clients.list().stream().collect(Collectors.toMap(Client::clientId, Client::name));
        Map<String, String> apiNames = new LinkedHashMap<>();
        for (ResourceServer a : apis.list()) {
            apiNames.put(a.identifier(), a.name());
        }
        Function<ClientGrant, String> app = g -> g.clientId().map(id -> appNames.getOrDefault(id, id)).orElse("Default grant");
        Function<ClientGrant, String> api = g -> apiNames.getOrDefault(g.audience(), g.audience());
        List<ClientGrant> associated = organizations.clientGrants(org);
        List<Ui.Row> rows = associated.stream().map(g -> new Ui.Row(List.of(
                Ui.Cell.text(app.apply(g)), Ui.Cell.text(api.apply(g)),
                Ui.Cell.badges(List.of(badge(usageLabel(g.organizationUsage()), "info"))),
                Ui.Cell.mono(g.allowAllScopes() ? "all scopes" : String.join(" ", g.scope())),
                Ui.Cell.button(new Ui.Button("Remove", self + "/m2m/remove", Forms.hidden("grant_id", g.id()), "danger",
                        "Remove access of " + app.apply(g) + " to " + api.apply(g)))))).toList();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Table("Authorized applications", null, null, null, List.of("Application", "API", "Organization support",
                "Scopes", ""), rows, null, "No application may get tokens for this organization yet.", null));
        Set<String> taken = associated.stream().map(ClientGrant::id).collect(Collectors.toSet());
        List<ClientGrant> eligible = grants.list().stream().filter(g -> g.subjectType().equals("client")
                && Set.of("allow", "require").contains(g.organizationUsage()) && g.clientId().isPresent()).toList();
        List<String[]> choices = eligible.stream().filter(g -> !taken.contains(g.id()))
                .map(g -> pair(g.id(), app.apply(g) + " → " + api.apply(g) + " (" + usageLabel(g.organizationUsage()) + ")")).toList();
        if (choices.isEmpty()) {
            blocks.add(new Ui.Note("info", "No other API access can be used with organizations. On an application's page, grant "
                    + "it client access to an API with Organization support Optional or Required; it can then be added here."));
        } else {
            blocks.add(new Ui.Form("add-grant", "Add access", "Lets the application get client-credentials tokens for this "
                    + "organization.", self + "/m2m", "Add access", List.of(
                    Ui.Field.select("grant_id", "Application and API", options(choices, List.of()))
                            .hint("Client access whose organization support is Optional or Required.")), null, null, null));
        }
        List<Ui.Row> any = eligible.stream().filter(ClientGrant::allowAnyOrganization).map(g -> new Ui.Row(List.of(
                Ui.Cell.text(app.apply(g)), Ui.Cell.text(api.apply(g)),
                Ui.Cell.badges(List.of(badge("Any organization", "warn")))))).toList();
        blocks.add(new Ui.Table("Access to any organization", null, null, null, List.of("Application", "API", ""), any, null,
                "No application may get tokens for every organization.", null));
        page(r, org, "m2m", blocks, state);
    }

    private static String usageLabel(String usage) {
        return switch (usage) {
            case "require" -> "Required";
            case "allow" -> "Optional";
            default -> "None";
        };
    }

    public void addGrant(DashboardRequest r) {
        Organization org = find(r);
        r.attempt("add-grant", () -> {
            String grantId = r.param("grant_id");
            if (grantId.isEmpty()) {
                throw new InvalidRequestException("grant_id", "Choose an application and API.");
            }
            if (organizations.addClientGrant(org, grantId).isEmpty()) {
                throw new InvalidRequestException("grant_id", "That API access no longer exists.");
            }
            r.done(BASE + "/" + org.id() + "/m2m", "Machine-to-machine access added.");
        }, st -> m2mTab(r, org, st));
    }

    public void removeGrant(DashboardRequest r) {
        Organization org = find(r);
        String back = BASE + "/" + org.id() + "/m2m";
        if (!r.confirmed("Remove machine-to-machine access?", "The application can no longer get tokens for " + label(org)
                + " through this API access.", "Remove access", back, trail(org), "organizations")) {
            return;
        }
        if (organizations.removeClientGrant(org, r.param("grant_id"))) {
            r.done(back, "Machine-to-machine access removed.");
        } else {
            r.refused(back, "That access was already removed.");
        }
    }

    // ---- helpers

    private Organization find(DashboardRequest r) {
        return organizations.find(r.path("id"))
                .orElseThrow(() -> new DashboardAuth.NotFound("There is no organization " + r.path("id") + "."));
    }

    private static String label(Organization org) {
        return org.displayName().orElse(org.name());
    }

    private static List<Ui.Crumb> trail(Organization org) {
        return List.of(CRUMBS.get(0), new Ui.Crumb(label(org), BASE + "/" + org.id()));
    }
}
