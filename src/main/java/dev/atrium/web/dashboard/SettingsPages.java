package dev.atrium.web.dashboard;

import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.keys.KeyService;
import dev.atrium.keys.SigningKey;
import dev.atrium.onboarding.OnboardingPolicy;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.BrandingPatch;
import dev.atrium.tenant.TenantSettingsPatch;
import dev.atrium.tenant.TenantSettingsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.atrium.web.dashboard.Forms.badge;
import static dev.atrium.web.dashboard.Forms.options;
import static dev.atrium.web.dashboard.Forms.pair;

/**
 * Tenant settings (name, support contacts, session lifetimes, branding, dynamic client registration,
 * the default mode of new third-party applications, organization names in the Authentication API)
 * and signing keys (rotate, revoke). Changes go through {@link TenantSettingsService} and {@link KeyService}.
 *
 * <p>Specifications: third-party-apps.md §1.7 and §4 (Settings → Advanced); organizations.md §5.12.
 */
public final class SettingsPages {
    static final String SETTINGS = "/dashboard/settings";
    static final String KEYS = "/dashboard/keys";

    private final TenantSettingsService tenant;
    private final KeyService keys;

    public SettingsPages(TenantSettingsService tenant, KeyService keys) {
        this.tenant = tenant;
        this.keys = keys;
    }

    public void settings(DashboardRequest r) {
        renderSettings(r, null);
    }

    private void renderSettings(DashboardRequest r, DashboardRequest.FormState state) {
        TenantSettings t = tenant.get();
        ObjectNode doc = t.doc();
        JsonNode colors = doc.path("branding").path("colors");
        boolean eligible = t.flag("third_party_permissive_mode_eligible");
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Form("general", "General", null, SETTINGS + "/general", "Save", List.of(
                Ui.Field.text("friendly_name", "Tenant name", t.friendlyName()).mandatory().hint("Shown on the login pages."),
                Ui.Field.of("email", "support_email", "Support email", Json.text(doc, "support_email", "")),
                Ui.Field.of("url", "support_url", "Support URL", Json.text(doc, "support_url", "")),
                Ui.Field.of("number", "session_lifetime", "Session lifetime (hours)", String.valueOf(Json.number(doc, "session_lifetime", 168))),
                Ui.Field.of("number", "idle_session_lifetime", "Idle session lifetime (hours)",
                        String.valueOf(Json.number(doc, "idle_session_lifetime", 72)))), null, null, null));
        blocks.add(new Ui.Form("branding", "Branding", "How the hosted login, sign-up and consent pages look.", SETTINGS + "/branding",
                "Save branding", List.of(
                Ui.Field.of("url", "branding.logo_url", "Logo URL", t.logoUrl()),
                Ui.Field.of("color", "branding.colors.primary", "Primary colour", Json.text(colors, "primary", "#4f46e5")),
                Ui.Field.of("color", "branding.colors.page_background", "Page background", Json.text(colors, "page_background", "#f5f5f7"))),
                null, null, null));
        List<Ui.Field> advanced = new ArrayList<>(List.of(
                Ui.Field.checkbox("enable_dynamic_client_registration", "Dynamic Client Registration (DCR)",
                        t.flag("enable_dynamic_client_registration"))
                        .hint("Anyone may register a third-party application at /oidc/register."),
                Ui.Field.select("dynamic_client_registration_security_mode", "DCR security mode", options(List.of(
                        pair("strict", "Strict"), pair("permissive", "Permissive")),
                        Json.text(doc, "dynamic_client_registration_security_mode", "strict")))
                        .hint(eligible ? "The mode given to applications registered through DCR."
                                : "Permissive is only available to tenants that had third-party applications before strict mode."),
                Ui.Field.checkbox(TenantSettings.SCOPE_DESCRIPTIONS_FOR_CONSENT, "Scope descriptions on the consent page",
                        t.flag(TenantSettings.SCOPE_DESCRIPTIONS_FOR_CONSENT))
                        .hint("Each requested scope is a line with its description; off, an API's scopes share a line made "
                                + "from their names (\"Orders: read and write your orders\")."),
                Ui.Field.checkbox("allow_organization_name_in_authentication_api", "Allow organization names in Authentication API",
                        t.allowOrganizationNameInAuthenticationApi())
                        .hint("Tokens then carry org_name and /authorize accepts names. A renamed organization keeps its old "
                                + "name in tokens issued before; do not reuse names."),
                Ui.Field.of("url", "default_redirection_uri", "Tenant login URL", Json.text(doc, "default_redirection_uri", ""))
                        .hint("An https URL that starts a login; organization invitations use it when the application has no "
                                + "Application login URI.")));
        if (eligible) {
            advanced.add(Ui.Field.checkbox("create_permissive_third_party_clients_by_default",
                    "Create permissive third-party clients by default", t.flag("create_permissive_third_party_clients_by_default"))
                    .hint("Migration switch: new third-party applications without an explicit mode become permissive."));
        }
        blocks.add(new Ui.Form("advanced", "Advanced", null, SETTINGS + "/advanced", "Save advanced settings", advanced,
                null, null, null));
        blocks.add(onboardingForm(t));
        r.render(200, "Tenant settings", null, "settings", List.of(), List.of(), blocks, state);
    }

    /** Issue 14: the onboarding policy for applications nobody registered by hand (metadata documents, cap). */
    private static Ui.Form onboardingForm(TenantSettings t) {
        OnboardingPolicy p = OnboardingPolicy.of(t.doc());
        JsonNode limit = t.doc().get("atrium_dynamic_client_registration_limit");
        return new Ui.Form("onboarding", "Onboarding of AI agents and MCP clients",
                "Applications that register themselves, through dynamic registration or a Client ID Metadata Document. "
                        + "They are always strict third-party applications.", SETTINGS + "/onboarding", "Save onboarding policy", List.of(
                Ui.Field.checkbox("client_id_metadata_documents", "Client ID Metadata Documents", p.metadataDocuments())
                        .hint("A client_id that is an https URL is fetched as the application's metadata."),
                Ui.Field.of("textarea", "allowed_hosts", "Allowed hosts", Forms.lines(p.allowedHosts()))
                        .hint("One host name or *.domain per line; empty allows every public host not denied."),
                Ui.Field.of("textarea", "denied_hosts", "Denied hosts", Forms.lines(p.deniedHosts()))
                        .hint("One host name or *.domain per line; denied wins over allowed."),
                Ui.Field.select("dynamic_registration", "Dynamic registration", List.of(
                        new Ui.Option("open", "Open (while the tenant flag is on)", p.dynamicRegistration().equals("open")),
                        new Ui.Option("initial_access_token", "Only with an initial access token", p.registrationNeedsToken()),
                        new Ui.Option("off", "Off", p.registrationOff()))),
                Ui.Field.of("number", "expire_unused_after_days", "Remove unused self-registered applications after (days)",
                        p.expireUnusedAfterDays() == null ? "" : p.expireUnusedAfterDays().toString())
                        .hint("Empty keeps them forever."),
                Ui.Field.of("number", "atrium_dynamic_client_registration_limit", "Self-registered applications cap",
                        limit != null && limit.isIntegralNumber() ? limit.asString() : "1000")
                        .hint("Dynamic registrations and metadata-document applications together; 0 closes both.")),
                null, null, null);
    }

    public void updateOnboarding(DashboardRequest r) {
        r.attempt("onboarding", () -> {
            ObjectNode policy = Json.object().put("client_id_metadata_documents", r.checked("client_id_metadata_documents"));
            policy.set("allowed_hosts", Json.strings(r.lines("allowed_hosts")));
            policy.set("denied_hosts", Json.strings(r.lines("denied_hosts")));
            OnboardingPolicy current = OnboardingPolicy.of(tenant.get().doc());
            // set on each organization's Applications tab, kept as it is here
            policy.set("organizations_requiring_approval", Json.strings(current.approvalOrganizations()));
            policy.put("dynamic_registration", r.param("dynamic_registration").isEmpty() ? current.dynamicRegistration()
                    : r.param("dynamic_registration"));
            String days = r.param("expire_unused_after_days");
            if (days.isEmpty()) {
                policy.putNull("expire_unused_after_days");
            } else if (days.matches("[0-9]{1,6}")) {
                policy.put("expire_unused_after_days", Integer.parseInt(days));
            } else {
                throw new InvalidRequestException("expire_unused_after_days", "A whole number of days, or empty.");
            }
            OnboardingPolicy parsed;
            try {
                parsed = OnboardingPolicy.parse(policy);
            } catch (InvalidRequestException e) {
                String m = e.getMessage();
                throw new InvalidRequestException(m.contains("denied_hosts") ? "denied_hosts" : m.contains("expire_unused") ? "expire_unused_after_days"
                        : m.contains("dynamic_registration") ? "dynamic_registration" : "allowed_hosts", m);
            }
            long cap = r.number("atrium_dynamic_client_registration_limit", "Self-registered applications cap");
            if (cap < 0 || cap > 1_000_000) {
                throw new InvalidRequestException("atrium_dynamic_client_registration_limit", "Between 0 and 1000000.");
            }
            tenant.update(TenantSettingsPatch.none().withDocument(OnboardingPolicy.SETTING, parsed.toJson())
                    .withSetting("atrium_dynamic_client_registration_limit", cap));
            r.done(SETTINGS, "Onboarding policy saved.");
        }, st -> renderSettings(r, st));
    }

    public void updateGeneral(DashboardRequest r) {
        r.attempt("general", () -> {
            if (r.param("friendly_name").isEmpty()) {
                throw new InvalidRequestException("friendly_name", "Enter the tenant name.");
            }
            TenantSettingsPatch patch = TenantSettingsPatch.none().withSetting("friendly_name", r.param("friendly_name"))
                    .withSetting("support_email", r.param("support_email")).withSetting("support_url", r.param("support_url"));
            long life = r.number("session_lifetime", "Session lifetime");
            long idle = r.number("idle_session_lifetime", "Idle session lifetime");
            if (life < 1 || life > 8760) {
                throw new InvalidRequestException("session_lifetime", "Between 1 and 8760 hours.");
            }
            if (idle < 1 || idle > 8760) {
                throw new InvalidRequestException("idle_session_lifetime", "Between 1 and 8760 hours.");
            }
            tenant.update(patch.withSetting("session_lifetime", life).withSetting("idle_session_lifetime", idle));
            r.done(SETTINGS, "Settings saved.");
        }, st -> renderSettings(r, st));
    }

    public void updateBranding(DashboardRequest r) {
        r.attempt("branding", () -> {
            String logo = r.param("branding.logo_url");
            if (!logo.isEmpty() && !logo.startsWith("https://")) {
                throw new InvalidRequestException("branding.logo_url", "The logo must be an https URL.");
            }
            tenant.update(TenantSettingsPatch.none().withBranding(BrandingPatch.of(logo, r.param("branding.colors.primary"),
                    r.param("branding.colors.page_background"))));
            r.done(SETTINGS, "Branding saved.");
        }, st -> renderSettings(r, st));
    }

    public void updateAdvanced(DashboardRequest r) {
        boolean eligible = tenant.get().flag("third_party_permissive_mode_eligible");
        r.attempt("advanced", () -> {
            Map<String, Boolean> flags = new LinkedHashMap<>();
            flags.put("enable_dynamic_client_registration", r.checked("enable_dynamic_client_registration"));
            flags.put(TenantSettings.SCOPE_DESCRIPTIONS_FOR_CONSENT, r.checked(TenantSettings.SCOPE_DESCRIPTIONS_FOR_CONSENT));
            if (eligible) {
                flags.put("create_permissive_third_party_clients_by_default", r.checked("create_permissive_third_party_clients_by_default"));
            }
            TenantSettingsPatch patch = TenantSettingsPatch.none().withFlags(flags)
                    .withDynamicClientRegistrationSecurityMode(ApplicationsPages.oneOf(r.param("dynamic_client_registration_security_mode"),
                            "dynamic_client_registration_security_mode", ThirdPartySecurityMode.STRICT.wire(), ThirdPartySecurityMode.PERMISSIVE.wire()))
                    .withSetting("allow_organization_name_in_authentication_api", r.checked("allow_organization_name_in_authentication_api"));
            String login = r.param("default_redirection_uri");
            if (!login.isEmpty() && !login.startsWith("https://")) {
                throw new InvalidRequestException("default_redirection_uri", "The tenant login URL must be an https URL.");
            }
            tenant.update(login.isEmpty() ? patch.withCleared("default_redirection_uri") : patch.withSetting("default_redirection_uri", login));
            r.done(SETTINGS, "Advanced settings saved.");
        }, st -> renderSettings(r, st));
    }

    // ---- signing keys

    public void keys(DashboardRequest r) {
        List<Ui.Row> rows = keys.list().stream()
                .sorted(Comparator.comparing(SettingsPages::rank).thenComparing(SigningKey::createdAt, Comparator.reverseOrder()))
                .map(k -> new Ui.Row(List.of(
                        Ui.Cell.mono(k.kid()),
                        Ui.Cell.badges(List.of(status(k))),
                        Ui.Cell.text(k.currentSince().map(i -> Forms.date(i.toString())).orElse("—")),
                        Ui.Cell.text(k.currentUntil().map(i -> Forms.date(i.toString())).orElse("—")),
                        k.revoked() || k.status() == SigningKey.Status.CURRENT ? Ui.Cell.text("")
                                : Ui.Cell.button(new Ui.Button("Revoke", KEYS + "/revoke", Forms.hidden("kid", k.kid()), "danger",
                                "Revoke key " + k.kid()))))).toList();
        Ui.Table table = new Ui.Table("Keys", null, null, null, List.of("Key ID", "Status", "Current since", "Current until", ""),
                rows, null, "No signing keys.", null);
        Ui.Form rotate = new Ui.Form("rotate", "Rotate signing key", "The next key starts signing; the current key keeps "
                + "verifying until you revoke it.", KEYS + "/rotate", "Rotate key", List.of(), null, "secondary", null);
        r.render(200, "Signing keys", "The RS256 keys that sign ID and access tokens, published at /.well-known/jwks.json.",
                "keys", List.of(), List.of(), List.of(table, rotate), null);
    }

    /** Current first, then next, then previous, revoked last. */
    private static int rank(SigningKey k) {
        if (k.revoked()) {
            return 3;
        }
        return switch (k.status()) {
            case CURRENT -> 0;
            case NEXT -> 1;
            case PREVIOUS -> 2;
        };
    }

    private static Ui.Badge status(SigningKey k) {
        if (k.revoked()) {
            return badge("Revoked", "danger");
        }
        return switch (k.status()) {
            case CURRENT -> badge("Current", "success");
            case NEXT -> badge("Next", "info");
            case PREVIOUS -> badge("Previous", "neutral");
        };
    }

    public void rotate(DashboardRequest r) {
        if (!r.confirmed("Rotate the signing key?", "The next key starts signing tokens now. Tokens signed with the current key "
                + "stay valid until you revoke it. Applications that cache the key set must refresh it.", "Rotate key", KEYS,
                List.of(new Ui.Crumb("Signing keys", KEYS)), "keys")) {
            return;
        }
        SigningKey k = keys.rotate();
        r.done(KEYS, "Signing key rotated; " + k.kid() + " now signs.");
    }

    public void revoke(DashboardRequest r) {
        String kid = r.param("kid");
        if (!r.confirmed("Revoke key " + kid + "?", "This cannot be undone. Every token signed with this key stops verifying "
                + "at once.", "Revoke key", KEYS, List.of(new Ui.Crumb("Signing keys", KEYS)), "keys")) {
            return;
        }
        try {
            if (keys.revoke(kid).isEmpty()) {
                r.refused(KEYS, "There is no key " + kid + ".");
                return;
            }
        } catch (IllegalArgumentException e) {
            r.refused(KEYS, e.getMessage());
            return;
        }
        r.done(KEYS, "Key " + kid + " revoked.");
    }
}
