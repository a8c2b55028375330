package dev.atrium.web.dashboard;

import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationService;

import java.util.ArrayList;
import java.util.List;

import static dev.atrium.web.dashboard.Forms.pair;

/** What every page of one organization shares: its address, its tabs, its breadcrumbs and its lookup. */
final class OrganizationPage {
    static final String BASE = "/dashboard/organizations";
    static final List<Ui.Crumb> CRUMBS = List.of(new Ui.Crumb("Organizations", BASE));
    private static final List<String[]> TABS = List.of(pair("settings", "Settings"), pair("connections", "Connections"),
            pair("members", "Members"), pair("invitations", "Invitations"), pair("domains", "Domains"),
            pair("applications", "Applications"), pair("m2m", "Machine-to-machine access"));

    private OrganizationPage() {
    }

    static void page(DashboardRequest r, Organization org, String tab, List<Ui.Block> blocks, DashboardRequest.FormState state) {
        String self = BASE + "/" + org.id();
        List<Ui.Tab> tabs = TABS.stream().map(t -> new Ui.Tab(t[0], t[1], t[0].equals("settings") ? self : self + "/" + t[0],
                t[0].equals(tab))).toList();
        List<Ui.Block> all = new ArrayList<>();
        all.add(new Ui.Tabs("Organization", tabs));
        all.addAll(blocks);
        r.render(200, label(org), org.name() + " · " + org.id(), "organizations", CRUMBS, List.of(), all, state);
    }

    static Organization find(OrganizationService organizations, DashboardRequest r) {
        return organizations.find(r.path("id"))
                .orElseThrow(() -> new DashboardAuth.NotFound("There is no organization " + r.path("id") + "."));
    }

    static String label(Organization org) {
        return org.displayName().orElse(org.name());
    }

    static List<Ui.Crumb> trail(Organization org) {
        return List.of(CRUMBS.get(0), new Ui.Crumb(label(org), BASE + "/" + org.id()));
    }
}
