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

/** An organization's Connections tab: the enabled connections and their flags (organizations.md §5.3). */
public final class OrganizationConnectionsPages {
    private final OrganizationService core;
    private final OrganizationConnectionService service;
    private final ConnectionService connections;

    public OrganizationConnectionsPages(OrganizationService core, OrganizationConnectionService service, ConnectionService connections) {
        this.core = core;
        this.service = service;
        this.connections = connections;
    }

    void tab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<OrganizationConnection> enabled = service.connections(org);
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
        if (enabled.size() < OrganizationLimits.MAX_CONNECTIONS && !choices.isEmpty()) {
            blocks.add(new Ui.Form("add-connection", "Enable a connection", "At most " + OrganizationLimits.MAX_CONNECTIONS
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

    public void addConnection(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        r.attempt("add-connection", () -> {
            if (r.param("connection_id").isEmpty()) {
                throw new InvalidRequestException("connection_id", "Choose a connection.");
            }
            ConnectionEnablement request = ConnectionEnablement.of(r.param("connection_id"), r.checked("assign_membership_on_login"),
                    r.checked("show_as_button"), r.checked("is_signup_enabled"));
            OrganizationConnection c;
            try {
                c = service.addConnection(org, request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("connection_id", "This connection is already enabled.");
            }
            r.done(BASE + "/" + org.id() + "/connections", "Connection “" + c.connectionName() + "” enabled.");
        }, st -> tab(r, org, st));
    }

    public void updateConnection(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String id = r.param("connection_id");
        r.attempt("connection-" + id, () -> {
            Optional<OrganizationConnection> c = service.updateConnection(org, id, ConnectionPatch.flags(
                    r.checked("assign_membership_on_login"), r.checked("show_as_button"), r.checked("is_signup_enabled")));
            if (c.isEmpty()) {
                throw new InvalidRequestException(null, "This connection is no longer enabled for the organization.");
            }
            r.done(BASE + "/" + org.id() + "/connections", "Connection “" + c.get().connectionName() + "” saved.");
        }, st -> tab(r, org, st));
    }

    public void removeConnection(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/connections";
        Optional<OrganizationConnection> c = service.connection(org.id(), r.param("connection_id"));
        if (c.isEmpty()) {
            r.refused(back, "That connection is not enabled for the organization.");
            return;
        }
        if (!r.confirmed("Disable “" + c.get().connectionName() + "” for " + label(org) + "?", "Members can no longer log in "
                + "to the organization with this connection; their memberships are kept.", "Disable connection", back,
                trail(org), "organizations")) {
            return;
        }
        service.removeConnection(org, c.get().connectionId());
        r.done(back, "Connection “" + c.get().connectionName() + "” disabled.");
    }
}
