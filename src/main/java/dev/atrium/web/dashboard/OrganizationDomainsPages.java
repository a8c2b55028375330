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

/** An organization's Domains tab: discovery domains and their DNS verification (organizations.md §5.7). */
public final class OrganizationDomainsPages {
    private final OrganizationService core;
    private final DiscoveryDomainService service;

    public OrganizationDomainsPages(OrganizationService core, DiscoveryDomainService service) {
        this.core = core;
        this.service = service;
    }

    void tab(DashboardRequest r, Organization org, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<DiscoveryDomain> domains = service.domains(org, 0, OrganizationLimits.MAX_DOMAINS);
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
        Organization org = OrganizationPage.find(core, r);
        r.attempt("add-domain", () -> {
            NewDiscoveryDomain request = new NewDiscoveryDomain(r.param("domain"), DiscoveryDomain.PENDING,
                    r.checked("use_for_organization_discovery"));
            DiscoveryDomain d;
            try {
                d = service.createDomain(org, request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("domain", "This domain is already added.");
            }
            r.done(BASE + "/" + org.id() + "/domains", "Domain " + d.domain() + " added. Publish its TXT record, then verify it.");
        }, st -> tab(r, org, st));
    }

    public void verifyDomain(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/domains";
        Optional<DiscoveryDomain> d = service.verifyDomain(org, r.param("domain_id"));
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
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/domains";
        boolean on = Boolean.parseBoolean(r.param("use_for_organization_discovery"));
        Optional<DiscoveryDomain> d = service.updateDomain(org, r.param("domain_id"), DiscoveryDomainPatch.discovery(on));
        if (d.isEmpty()) {
            r.refused(back, "That domain no longer exists.");
        } else {
            r.done(back, on ? d.get().domain() + " is used for organization discovery."
                    : d.get().domain() + " is no longer used for organization discovery.");
        }
    }

    public void deleteDomain(DashboardRequest r) {
        Organization org = OrganizationPage.find(core, r);
        String back = BASE + "/" + org.id() + "/domains";
        Optional<DiscoveryDomain> d = service.domain(org, r.param("domain_id"));
        if (d.isEmpty()) {
            r.refused(back, "That domain no longer exists.");
            return;
        }
        if (!r.confirmed("Delete " + d.get().domain() + "?", "Users of this domain are no longer routed to the organization. "
                + "Adding it again needs a new verification.", "Delete domain", back, trail(org), "organizations")) {
            return;
        }
        service.deleteDomain(org, d.get().id());
        r.done(back, "Domain " + d.get().domain() + " deleted.");
    }
}
