package dev.atrium.web.dashboard;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.ClientGrantService;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.ConnectionService;
import dev.atrium.organizations.Branding;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.ConnectionPatch;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.DiscoveryDomainPatch;
import dev.atrium.organizations.DiscoveryDomainService;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Member;
import dev.atrium.organizations.NewDiscoveryDomain;
import dev.atrium.organizations.NewInvitation;
import dev.atrium.organizations.NewOrganization;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationApplicationService;
import dev.atrium.organizations.OrganizationClient;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationConnectionService;
import dev.atrium.organizations.OrganizationLimits;
import dev.atrium.organizations.OrganizationMemberService;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.organizations.ThirdPartyClientAccess;
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
import static dev.atrium.web.dashboard.OrganizationPage.BASE;
import static dev.atrium.web.dashboard.OrganizationPage.label;
import static dev.atrium.web.dashboard.OrganizationPage.page;
import static dev.atrium.web.dashboard.OrganizationPage.trail;

/** An organization's Members and Invitations tabs, and a member's roles in it (organizations.md §5.4–§5.6). */
public final class OrganizationMembersPages {
    private final OrganizationService core;
    private final OrganizationMemberService service;
    private final OrganizationConnectionService orgConnections;
    private final UserService users;
    private final RoleService roles;
    private final ClientService clients;
    private final Clock clock;

    public OrganizationMembersPages(OrganizationService core, OrganizationMemberService service, OrganizationConnectionService orgConnections, UserService users, RoleService roles, ClientService clients, Clock clock) {
        this.core = core;
        this.service = service;
        this.orgConnections = orgConnections;
        this.users = users;
        this.roles = roles;
        this.clients = clients;
        this.clock = clock;
    }

    void membersTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        long total = service.countMembers(org.id());
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        List<Member> members = service.members(org.id(), (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE);
        Map<String, List<Role>> memberRoles = service.memberRoles(org.id(), members.stream().map(Member::userId).toList());
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
        Organization org = OrganizationPage.find(core, r);
        r.attempt("add-member", () -> {
            List<User> found = users.byEmail(r.param("email"));
            if (found.isEmpty()) {
                throw new InvalidRequestException("email", "No user has this email address.");
            }
            service.addMembers(org, found.stream().map(User::userId).toList());
            r.done(BASE + "/" + org.id() + "/members", r.param("email") + " is now a member.");
        }, st -> membersTab(r, org, st));
    }

    public void removeMember(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/members";
        String userId = r.param("user_id");
        String who = users.find(userId).flatMap(User::email).orElse(userId);
        if (!r.confirmed("Remove " + who + " from " + label(org) + "?", "The user loses the membership and the roles in this "
                + "organization; tokens already issued stay valid until they expire.", "Remove member", back, trail(org),
                "organizations")) {
            return;
        }
        service.removeMembers(org, List.of(userId));
        r.done(back, who + " removed from the organization.");
    }

    /** {@code GET /dashboard/organizations/{id}/members/{userId}}: a member's roles in the organization. */
    public void member(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        memberPage(r, org, member(r, org), null);
    }

    private User member(DashboardRequest r, Organization org) {
        String userId = r.path("userId");
        if (!service.isMember(org.id(), userId)) {
            throw new DashboardAuth.NotFound("This user is not a member of " + label(org) + ".");
        }
        return users.find(userId).orElseThrow(() -> new DashboardAuth.NotFound("There is no user " + userId + "."));
    }

    private void memberPage(DashboardRequest r, Organization org, User u, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        List<Role> current = service.memberRoles(org.id(), u.userId());
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
                + OrganizationLimits.MAX_MEMBER_ROLES + " per member.", self + "/roles", "Assign roles",
                List.of(Ui.Field.checkboxes("role_id", "Roles", options(choices, List.of()))), null, null, null));
        r.render(200, u.email().orElse(u.userId()), "Member of " + label(org), "organizations",
                List.of(OrganizationPage.CRUMBS.get(0), new Ui.Crumb(label(org), BASE + "/" + org.id()),
                        new Ui.Crumb("Members", BASE + "/" + org.id() + "/members")), List.of(), blocks, state);
    }

    private List<Role> assignableRoles(Organization org) {
        return roles.list(RoleQuery.all(), 0, 1000).stream()
                .filter(x -> x.isTenantRole() || x.ownerId().map(org.id()::equals).orElse(false))
                .sorted(Comparator.comparing(x -> x.name().toLowerCase())).toList();
    }

    public void assignMemberRoles(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        User u = member(r, org);
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        r.attempt("assign-role", () -> {
            if (r.params("role_id").isEmpty()) {
                throw new InvalidRequestException("role_id", "Choose at least one role.");
            }
            try {
                service.assignMemberRoles(org, u.userId(), r.params("role_id"));
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("role_id", e.getMessage());
            }
            r.done(self, "Roles assigned.");
        }, st -> memberPage(r, org, u, st));
    }

    public void removeMemberRole(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        User u = member(r, org);
        String self = BASE + "/" + org.id() + "/members/" + DashboardAuth.enc(u.userId());
        String roleName = roles.find(r.param("role_id")).map(Role::name).orElse("this role");
        if (!r.confirmed("Remove “" + roleName + "”?", u.email().orElse(u.userId()) + " loses the role in " + label(org) + ".",
                "Remove role", self, trail(org), "organizations")) {
            return;
        }
        service.removeMemberRoles(org, u.userId(), List.of(r.param("role_id")));
        r.done(self, "Role “" + roleName + "” removed.");
    }

    void invitationsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state, Ui.Secret created) {
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
        orgConnections.connections(org).forEach(c -> conns.add(pair(c.connectionId(), c.connectionName())));
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
                Ui.Field.of("number", "ttl_sec", "Valid for (seconds)", String.valueOf(OrganizationLimits.DEFAULT_INVITATION_TTL))
                        .hint("604800 is 7 days; at most " + OrganizationLimits.MAX_INVITATION_TTL + " (30 days).")),
                null, null, null));
        long total = service.countInvitations(org);
        int pages = (int) Math.max(1, (total + DashboardRequest.PER_PAGE - 1) / DashboardRequest.PER_PAGE);
        int page = r.page(pages);
        Instant now = clock.instant();
        List<Ui.Row> rows = service.invitations(org, false, (page - 1) * DashboardRequest.PER_PAGE, DashboardRequest.PER_PAGE)
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
        Organization org = OrganizationPage.find(core, r);
        r.attempt("invite", () -> {
            if (r.param("client_id").isEmpty()) {
                throw new InvalidRequestException("client_id", "Choose the application the invitee will log in to.");
            }
            NewInvitation request = new NewInvitation(r.param("inviter.name"), r.param("invitee.email"), r.param("client_id"),
                    r.optional("connection_id"), Optional.empty(), Optional.empty(), r.number("ttl_sec", "Valid for"),
                    r.params("roles").isEmpty() ? Optional.empty() : Optional.of(r.params("roles")), false);
            Invitation i = service.createInvitation(org, request);
            invitationsTab(r, org, null, new Ui.Secret("Invitation created", "Invitation link for " + i.inviteeEmail(),
                    Json.text(i.doc(), "invitation_url", ""), "Send this link to the invitee. It works once, until "
                    + Forms.date(i.expiresAt().toString()) + "."));
        }, st -> invitationsTab(r, org, st, null));
    }

    public void deleteInvitation(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/invitations";
        Optional<Invitation> i = service.invitation(org, r.param("invitation_id"));
        if (i.isEmpty()) {
            r.refused(back, "That invitation no longer exists.");
            return;
        }
        if (!r.confirmed("Delete the invitation of " + i.get().inviteeEmail() + "?", "Its link stops working at once.",
                "Delete invitation", back, trail(org), "organizations")) {
            return;
        }
        service.deleteInvitation(org, i.get().id());
        r.done(back, "Invitation of " + i.get().inviteeEmail() + " deleted.");
    }
}
