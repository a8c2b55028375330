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

/**
 * Organizations: list with search and paging, create, delete, and an organization's Settings tab
 * (settings and branding with a live login preview). The other tabs have classes of their own,
 * reached through the accessors below: {@link OrganizationConnectionsPages},
 * {@link OrganizationMembersPages} (members, their roles, invitations), {@link OrganizationDomainsPages}
 * and {@link OrganizationApplicationsPages} (applications, machine-to-machine access). Every change
 * goes through the organization services with typed commands, as the Management API's do.
 *
 * <p>Specifications: organizations.md §5.1–§5.9; third-party-apps.md §4 (Organizations → Applications).
 */
public final class OrganizationsPages {
    /** Blocks from the tenant log (issue 19) shown on an organization's page; none until wiring supplies them. */
    private java.util.function.Function<String, List<Ui.Block>> activity = id -> List.of();

    /** Shows {@code blocks(id)} (recent events, activity) on the settings tab; set once, at wiring. Returns this. */
    public OrganizationsPages showingActivity(java.util.function.Function<String, List<Ui.Block>> blocks) {
        this.activity = blocks;
        return this;
    }
    static final String BASE = OrganizationPage.BASE;
    /** The colours the hosted pages fall back to (web/ui/Chrome), shown when neither organization nor tenant sets one. */
    private static final String DEFAULT_PRIMARY = "#4f46e5";
    private static final String DEFAULT_BACKGROUND = "#f5f5f7";

    private final OrganizationService organizations;
    private final TenantStore tenant;
    private final OrganizationConnectionsPages connections;
    private final OrganizationMembersPages members;
    private final OrganizationDomainsPages domains;
    private final OrganizationApplicationsPages applications;

    public OrganizationsPages(OrganizationService organizations, TenantStore tenant, OrganizationConnectionsPages connections,
                              OrganizationMembersPages members, OrganizationDomainsPages domains,
                              OrganizationApplicationsPages applications) {
        this.organizations = organizations;
        this.tenant = tenant;
        this.connections = connections;
        this.members = members;
        this.domains = domains;
        this.applications = applications;
    }

    public OrganizationConnectionsPages connections() {
        return connections;
    }

    public OrganizationMembersPages members() {
        return members;
    }

    public OrganizationDomainsPages domains() {
        return domains;
    }

    public OrganizationApplicationsPages applications() {
        return applications;
    }

    public void list(DashboardRequest r) {
        String q = r.param("q");
        List<Organization> all = organizations.list(OrganizationStore.Sort.NAME, true, 0, (int) Math.min(Integer.MAX_VALUE,
                organizations.count())).stream().filter(o -> Forms.matches(q, o.name(), o.displayName().orElse(null))).toList();
        DashboardRequest.Slice<Organization> slice = r.slice(all);
        List<Ui.Row> rows = slice.items().stream().map(o -> new Ui.Row(List.of(
                Ui.Cell.linkWithBadges(o.displayName().orElse(o.name()), BASE + "/" + o.id(),
                        o.thirdPartyAccess() == ThirdPartyClientAccess.ALLOW ? List.of(badge("Third-party access", "warn")) : List.of()),
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
        r.render(200, "Create organization", null, "organizations", OrganizationPage.CRUMBS, List.of(), List.of(form), state);
    }

    public void create(DashboardRequest r) {
        r.attempt("create", () -> {
            NewOrganization request = NewOrganization.named(r.param("name"))
                    .with(OrganizationPatch.none().withDisplayName(Change.ifPresent(r.optional("display_name"))));
            Organization org;
            try {
                org = organizations.create(request);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "An organization with this name already exists.");
            }
            r.done(BASE + "/" + org.id(), "Organization “" + label(org) + "” created.");
        }, st -> renderNew(r, st));
    }

    public void delete(DashboardRequest r) {
        Organization org = OrganizationPage.find(organizations, r);
        String self = BASE + "/" + org.id();
        if (!r.confirmed("Delete “" + label(org) + "”?", "This cannot be undone. Its members lose their membership and "
                + "roles in it, its invitations stop working; the users themselves are kept.", "Delete organization", self,
                trail(org), "organizations")) {
            return;
        }
        organizations.delete(org.id());
        r.done(BASE, "Organization “" + label(org) + "” deleted.");
    }

    /** {@code GET /dashboard/organizations/{id}} and {@code …/{id}/{tab}}. */
    public void show(DashboardRequest r) {
        Organization org = OrganizationPage.find(organizations, r);
        String tab = r.ctx().pathParamMap().getOrDefault("tab", "settings");
        switch (tab) {
            case "settings" -> settings(r, org, null);
            case "connections" -> connections.tab(r, org, null);
            case "members" -> members.membersTab(r, org, null);
            case "invitations" -> members.invitationsTab(r, org, null, null);
            case "domains" -> domains.tab(r, org, null);
            case "applications" -> applications.applicationsTab(r, org, null);
            case "m2m" -> applications.m2mTab(r, org, null);
            default -> throw new DashboardAuth.NotFound("There is no such page.");
        }
    }

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
                        .hint("One key=value per line; at most " + OrganizationLimits.MAX_METADATA + " pairs of 255 characters.")),
                null, null, null));
        blocks.add(new Ui.Preview("settings", label(org), tenant.get().friendlyName(), logo, primary, background));
        blocks.add(new Ui.Facts("Details", List.of(new Ui.Fact("Organization ID", org.id(), true, List.of()),
                new Ui.Fact("Created", Forms.date(org.createdAt().toString())))));
        blocks.add(new Ui.Form("delete", "Danger zone", "Deleting the organization removes its memberships and invitations; "
                + "users are kept.", self + "/delete", "Delete organization", List.of(), null, "danger", null));
        blocks.addAll(activity.apply(org.id()));
        page(r, org, "settings", blocks, state);
    }

    public void updateSettings(DashboardRequest r) {
        Organization org = OrganizationPage.find(organizations, r);
        r.attempt("settings", () -> {
            String displayName = r.param("display_name");
            OrganizationPatch patch = OrganizationPatch.none().withName(r.param("name"))
                    .withDisplayName(displayName.isEmpty() ? Change.clear() : Change.to(displayName))
                    .withBranding(Change.to(new Branding(r.optional("branding.logo_url"), Optional.of(new Branding.Colors(
                            r.param("branding.colors.primary"), r.param("branding.colors.page_background"))))))
                    .withMetadata(Change.to(metadata(r.param("metadata"))));
            try {
                organizations.update(org.id(), patch);
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("name", "An organization with this name already exists.");
            }
            r.done(BASE + "/" + org.id(), "Settings saved.");
        }, st -> settings(r, org, st));
    }

    /** The metadata editor's text: {@code key=value} per line; a line without '=' is refused beside the field. */
    private static Map<String, String> metadata(String text) {
        Map<String, String> m = new LinkedHashMap<>();
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
}
