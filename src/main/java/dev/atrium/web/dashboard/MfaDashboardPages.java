package dev.atrium.web.dashboard;

import dev.atrium.mfa.MfaEnrollment;
import dev.atrium.mfa.MfaPolicy;
import dev.atrium.mfa.MfaService;
import dev.atrium.mfa.MfaSettings;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.organizations.OrganizationService;
import dev.atrium.organizations.OrganizationStore;
import dev.atrium.tenant.TenantSettingsPatch;
import dev.atrium.tenant.TenantSettingsService;
import dev.atrium.users.UserService;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MFA (issue 12) in the dashboard: {@code /dashboard/mfa} shows and changes the tenant's policy (Never / Always),
 * its factors, "remember this browser", and which organizations require a second factor; a user's page shows their
 * factors with a reset. Changes go through the same services as the Management API's.
 */
public final class MfaDashboardPages {
    static final String BASE = "/dashboard/mfa";
    private static final List<String> FACTORS = List.of("otp", "recovery-code", "webauthn-roaming", "webauthn-platform");

    private final TenantSettingsService tenant;
    private final OrganizationService organizations;
    private final MfaService mfa;
    private final UserService users;

    public MfaDashboardPages(TenantSettingsService tenant, OrganizationService organizations, MfaService mfa, UserService users) {
        this.tenant = tenant;
        this.organizations = organizations;
        this.mfa = mfa;
        this.users = users;
    }

    /** MFA (issue 12): a user's WebAuthn credentials (security keys, platform authenticators, passkeys); none until wired. */
    private dev.atrium.mfa.WebAuthnService webauthn;

    public MfaDashboardPages withWebAuthn(dev.atrium.mfa.WebAuthnService webauthn) {
        this.webauthn = webauthn;
        return this;
    }

    public void page(DashboardRequest r) {
        MfaSettings s = MfaSettings.of(tenant.get().doc());
        boolean always = s.allApplications();
        List<Ui.Field> fields = new java.util.ArrayList<>();
        fields.add(Ui.Field.radio("policy", "Require a second factor", List.of(
                new Ui.Option("never", "Never (unless the application asks, or the organization requires it)", !always, false),
                new Ui.Option("always", "Always, for every sign-in", always, false))));
        for (String f : FACTORS) {
            fields.add(Ui.Field.checkbox("factor_" + f, f.equals("otp") ? "One-time password (authenticator app)"
                    : "Recovery code", s.factorEnabled(f)));
        }
        fields.add(Ui.Field.of("number", "remember_days", "Remember a browser for (days, 0: never)",
                String.valueOf(s.rememberBrowserDays())));
        List<Ui.Row> rows = organizations.list(OrganizationStore.Sort.NAME, true, 0, 1000).stream().map(o -> new Ui.Row(List.of(
                Ui.Cell.link(o.displayName().orElse(o.name()), OrganizationsPages.BASE + "/" + o.id()),
                Ui.Cell.badges(List.of(o.requireMfa() ? Forms.badge("MFA required", "warning") : Forms.badge("Tenant policy", "neutral"))),
                Ui.Cell.button(new Ui.Button(o.requireMfa() ? "Stop requiring" : "Require MFA", BASE + "/organizations",
                        Forms.hidden("organization_id", o.id(), "require", o.requireMfa() ? "false" : "true"), "secondary",
                        (o.requireMfa() ? "Stop requiring MFA in " : "Require MFA in ") + o.name()))))).toList();
        r.render(200, "Multi-factor authentication", null, "settings", List.of(new Ui.Crumb("Tenant settings", "/dashboard/settings")),
                List.of(), List.of(
                        new Ui.Form("policy", "Tenant policy", null, BASE + "/policy", "Save", fields, null, null, null),
                        new Ui.Table("Organizations", null, null, null, List.of("Organization", "Policy", ""), rows, null,
                                "No organizations.", null)), null);
    }

    public void updatePolicy(DashboardRequest r) {
        Map<String, Boolean> factors = new LinkedHashMap<>();
        JsonNode stored = tenant.get().doc().path("guardian_factors");
        stored.propertyNames().forEach(f -> factors.put(f, stored.get(f).asBoolean()));
        FACTORS.forEach(f -> factors.put(f, r.checked("factor_" + f)));
        long days = r.number("remember_days", "Remember a browser for");
        if (days < 0 || days > 365) {
            r.refused(BASE, "A browser is remembered for 0 to 365 days.");
            return;
        }
        tenant.update(TenantSettingsPatch.none()
                .withSetting("guardian_policies", "always".equals(r.param("policy")) ? List.of(MfaPolicy.ALL_APPLICATIONS) : List.of())
                .withSwitches("guardian_factors", factors)
                .withSetting(MfaSettings.REMEMBER_BROWSER_DAYS, days));
        r.done(BASE, "The MFA policy was saved.");
    }

    public void updateOrganization(DashboardRequest r) {
        String id = r.param("organization_id");
        boolean require = "true".equals(r.param("require"));
        if (organizations.update(id, OrganizationPatch.none().withRequireMfa(require)).isEmpty()) {
            r.refused(BASE, "There is no organization " + id + ".");
            return;
        }
        r.done(BASE, require ? "The organization now requires a second factor." : "The organization follows the tenant policy.");
    }

    /** The block of a user's page: their factors, and a reset that removes them all and forgets remembered browsers. */
    public List<Ui.Block> userBlocks(String userId) {
        List<Ui.Row> rows = mfa.list(userId).stream().map((MfaEnrollment e) -> new Ui.Row(List.of(
                Ui.Cell.text(e.type()), Ui.Cell.mono(e.id()),
                Ui.Cell.badges(List.of(e.confirmed() ? Forms.badge("Confirmed", "success") : Forms.badge("Pending", "neutral"))),
                Ui.Cell.text(Forms.date(e.createdAt().toString()))))).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (webauthn != null) {
            webauthn.list(userId).forEach(c -> rows.add(new Ui.Row(List.of(Ui.Cell.text(c.methodType() + " · " + c.name()),
                    Ui.Cell.mono(c.id()), Ui.Cell.badges(List.of(Forms.badge("Confirmed", "success"))),
                    Ui.Cell.text(Forms.date(c.createdAt().toString()))))));
        }
        Ui.Table table = new Ui.Table("Multi-factor authentication", null, null, null, List.of("Factor", "ID", "Status", "Enrolled"),
                rows, null, "No second factor enrolled.", null);
        Ui.Form reset = new Ui.Form("mfa-reset", "Reset MFA", "Removes every factor of the user (passkeys included) and forgets remembered browsers; "
                + "the user enrolls again at the next sign-in that needs a factor.",
                UsersPages.BASE + "/" + enc(userId) + "/mfa/reset", "Reset MFA", List.of(), null, "danger", null);
        return List.of(table, reset);
    }

    public void resetUser(DashboardRequest r) {
        String id = r.path("id");
        if (users.find(id).isEmpty()) {
            throw new DashboardAuth.NotFound("There is no user " + id + ".");
        }
        mfa.deleteAll(id);
        mfa.forgetBrowsers(id);
        if (webauthn != null) {
            webauthn.deleteAll(id); // security keys, platform authenticators and passkeys
        }
        r.done(UsersPages.BASE + "/" + enc(id), "The user's second factors were removed.");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
