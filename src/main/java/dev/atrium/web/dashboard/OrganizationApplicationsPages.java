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
import dev.atrium.onboarding.ApplicationApproval;
import dev.atrium.onboarding.OnboardingPolicy;
import dev.atrium.organizations.Branding;
import dev.atrium.web.management.OrganizationApplicationsApi;
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

/**
 * An organization's Applications tab (third-party access, per-application access) and its
 * Machine-to-machine access tab (organizations.md §5.8–§5.9; third-party-apps.md §4).
 */
public final class OrganizationApplicationsPages {
    private final OrganizationService core;
    private final OrganizationApplicationService service;
    private final ClientService clients;
    private final ClientGrantService grants;
    private final ResourceServerService apis;
    private final OrganizationApplicationsApi.ApplicationApprovals approvals;

    public OrganizationApplicationsPages(OrganizationService core, OrganizationApplicationService service, ClientService clients,
                                         ClientGrantService grants, ResourceServerService apis,
                                         OrganizationApplicationsApi.ApplicationApprovals approvals) {
        this.core = core;
        this.service = service;
        this.clients = clients;
        this.grants = grants;
        this.apis = apis;
        this.approvals = approvals;
    }

    /** Issue 14: the approval switch and the self-registered applications waiting for (or given) a decision. */
    private void approvalBlocks(Organization org, String self, List<Ui.Block> blocks) {
        boolean required = OnboardingPolicy.of(approvals.tenant().get().doc()).approvalOrganizations().contains(org.id());
        blocks.add(new Ui.Form("approval", "Approval of self-registered applications", "AI agents and MCP clients that registered "
                + "themselves (dynamic registration or a metadata document).", self + "/applications/approval", "Save", List.of(
                Ui.Field.checkbox("require_approval", "New third-party applications wait for an organization administrator's approval",
                        required).hint("Members see a waiting page instead of consent until the application is approved here.")),
                null, null, null));
        for (ApplicationApproval a : approvals.store().list(org.id())) {
            String name = clients.find(a.clientId()).map(Client::name).orElse(a.clientId());
            String state = switch (a.status()) {
                case PENDING -> "Waiting for approval";
                case APPROVED -> "Approved";
                case DENIED -> "Denied";
            };
            List<Ui.Field> fields = List.of(Ui.Field.hidden("client_id", a.clientId()),
                    Ui.Field.hidden("status", a.status() == ApplicationApproval.Status.APPROVED ? "denied" : "approved"));
            blocks.add(new Ui.Form((a.status() == ApplicationApproval.Status.APPROVED ? "deny-" : "approve-") + a.clientId(),
                    name, state + " — requested " + Forms.date(a.requestedAt().toString()) + ".", self + "/applications/approvals",
                    a.status() == ApplicationApproval.Status.APPROVED ? "Revoke approval" : "Approve", fields, null,
                    a.status() == ApplicationApproval.Status.APPROVED ? "danger" : null, null));
        }
    }

    public void updateApproval(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        r.attempt("approval", () -> {
            boolean required = r.checked("require_approval");
            OrganizationApplicationsApi.setRequireApproval(approvals.tenant(), org.id(), required);
            r.done(BASE + "/" + org.id() + "/applications", required
                    ? "New self-registered applications now wait for approval." : "Self-registered applications no longer wait for approval.");
        }, st -> applicationsTab(r, org, st));
    }

    public void decideApproval(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String clientId = r.param("client_id");
        r.attempt("approve-" + clientId, () -> {
            ApplicationApproval.Status status = ApplicationApproval.Status.parse(r.param("status"))
                    .orElseThrow(() -> new InvalidRequestException("status", "Choose approved or denied."));
            if (!approvals.store().decide(org.id(), clientId, status, approvals.clock().instant())) {
                throw new InvalidRequestException("client_id", "There is no such application.");
            }
            r.done(BASE + "/" + org.id() + "/applications", status == ApplicationApproval.Status.APPROVED
                    ? "Application approved." : "Application no longer approved.");
        }, st -> applicationsTab(r, org, st));
    }

    void applicationsTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("third-party", "Third-Party Application Access", "Whether members may log in to third-party "
                + "applications through this organization.", self + "/applications/third-party", "Save", List.of(
                Ui.Field.radio("third_party_client_access", "Third-party applications", options(List.of(
                        pair(ThirdPartyClientAccess.BLOCK.wire(), "Block: members cannot use third-party applications (default)"),
                        pair(ThirdPartyClientAccess.ALLOW.wire(), "Allow: members may log in to third-party applications and consent to them")),
                        org.thirdPartyClientAccess()))), null, null, null));
        approvalBlocks(org, self, blocks);
        blocks.add(new Ui.Form("entitlement", "Per-application access", "Limit member logins to the applications listed below.",
                self + "/applications/entitlement", "Save", List.of(
                Ui.Field.checkbox("is_app_entitlement_active", "Only the listed applications with member access", org.isAppEntitlementActive())
                        .hint("Off: members may log in to every application that allows service.")), null, null, null));
        Map<String, Client> byId = clients.list().stream().collect(Collectors.toMap(Client::clientId, Function.identity()));
        List<OrganizationClient> associated = service.clients(org, 0, OrganizationLimits.MAX_CLIENT_ASSOCIATIONS);
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
        Organization org = OrganizationPage.find(core, r);
        r.attempt("third-party", () -> {
            String v = ApplicationsPages.oneOf(r.param("third_party_client_access"), "third_party_client_access",
                    ThirdPartyClientAccess.ALLOW.wire(), ThirdPartyClientAccess.BLOCK.wire());
            ThirdPartyClientAccess access = ThirdPartyClientAccess.parse(v).orElseThrow();
            core.update(org.id(), OrganizationPatch.none().withThirdPartyClientAccess(access));
            r.done(BASE + "/" + org.id() + "/applications", access == ThirdPartyClientAccess.ALLOW
                    ? "Third-party applications are allowed." : "Third-party applications are blocked.");
        }, st -> applicationsTab(r, org, st));
    }

    public void updateEntitlement(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        boolean on = r.checked("is_app_entitlement_active");
        core.update(org.id(), OrganizationPatch.none().withAppEntitlementActive(on));
        r.done(BASE + "/" + org.id() + "/applications", on ? "Per-application access is on." : "Per-application access is off.");
    }

    public void addApplication(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        r.attempt("add-application", () -> {
            String clientId = r.param("client_id");
            if (clientId.isEmpty()) {
                throw new InvalidRequestException("client_id", "Choose an application.");
            }
            try {
                service.addClients(org, List.of(new OrganizationClient(org.id(), clientId, r.checked("use_for_member_access"))));
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("client_id", "This application is already associated.");
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("client_id", e.getMessage());
            }
            r.done(BASE + "/" + org.id() + "/applications", "Application added.");
        }, st -> applicationsTab(r, org, st));
    }

    public void updateMemberAccess(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/applications";
        boolean on = Boolean.parseBoolean(r.param("use_for_member_access"));
        if (service.updateClient(org, r.param("client_id"), on).isEmpty()) {
            r.refused(back, "That application is no longer associated.");
        } else {
            r.done(back, on ? "Member access turned on." : "Member access turned off.");
        }
    }

    public void removeApplication(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/applications";
        String clientId = r.param("client_id");
        String name = clients.find(clientId).map(Client::name).orElse(clientId);
        if (!r.confirmed("Remove “" + name + "” from " + label(org) + "?", "Under per-application access members can no longer "
                + "log in to it through this organization.", "Remove application", back, trail(org), "organizations")) {
            return;
        }
        service.removeClients(org, List.of(clientId));
        r.done(back, "Application “" + name + "” removed.");
    }

    void m2mTab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        Map<String, String> appNames = clients.list().stream().collect(Collectors.toMap(Client::clientId, Client::name));
        Map<String, String> apiNames = new LinkedHashMap<>();
        for (ResourceServer a : apis.list()) {
            apiNames.put(a.identifier(), a.name());
        }
        Function<ClientGrant, String> app = g -> g.clientId().map(id -> appNames.getOrDefault(id, id)).orElse("Default grant");
        Function<ClientGrant, String> api = g -> apiNames.getOrDefault(g.audience(), g.audience());
        List<ClientGrant> associated = service.clientGrants(org);
        List<Ui.Row> rows = associated.stream().map(g -> new Ui.Row(List.of(
                Ui.Cell.text(app.apply(g)), Ui.Cell.text(api.apply(g)),
                Ui.Cell.badges(List.of(badge(usageLabel(g.usage()), "info"))),
                Ui.Cell.mono(g.allowAllScopes() ? "all scopes" : String.join(" ", g.scope())),
                Ui.Cell.button(new Ui.Button("Remove", self + "/m2m/remove", Forms.hidden("grant_id", g.id()), "danger",
                        "Remove access of " + app.apply(g) + " to " + api.apply(g)))))).toList();
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Table("Authorized applications", null, null, null, List.of("Application", "API", "Organization support",
                "Scopes", ""), rows, null, "No application may get tokens for this organization yet.", null));
        Set<String> taken = associated.stream().map(ClientGrant::id).collect(Collectors.toSet());
        List<ClientGrant> eligible = grants.list().stream().filter(g -> g.subjectType().equals("client")
                && g.usage().permitsOrganizations() && g.clientId().isPresent()).toList();
        List<String[]> choices = eligible.stream().filter(g -> !taken.contains(g.id()))
                .map(g -> pair(g.id(), app.apply(g) + " → " + api.apply(g) + " (" + usageLabel(g.usage()) + ")")).toList();
        if (choices.isEmpty()) {
            blocks.add(new Ui.Note("info", "No other API access can be used with service. On an application's page, grant "
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

    private static String usageLabel(OrganizationUsage usage) {
        return switch (usage) {
            case REQUIRE -> "Required";
            case ALLOW -> "Optional";
            case DENY -> "None";
        };
    }

    public void addGrant(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        r.attempt("add-grant", () -> {
            String grantId = r.param("grant_id");
            if (grantId.isEmpty()) {
                throw new InvalidRequestException("grant_id", "Choose an application and API.");
            }
            if (service.addClientGrant(org, grantId).isEmpty()) {
                throw new InvalidRequestException("grant_id", "That API access no longer exists.");
            }
            r.done(BASE + "/" + org.id() + "/m2m", "Machine-to-machine access added.");
        }, st -> m2mTab(r, org, st));
    }

    public void removeGrant(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/m2m";
        if (!r.confirmed("Remove machine-to-machine access?", "The application can no longer get tokens for " + label(org)
                + " through this API access.", "Remove access", back, trail(org), "organizations")) {
            return;
        }
        if (service.removeClientGrant(org, r.param("grant_id"))) {
            r.done(back, "Machine-to-machine access removed.");
        } else {
            r.refused(back, "That access was already removed.");
        }
    }
}
