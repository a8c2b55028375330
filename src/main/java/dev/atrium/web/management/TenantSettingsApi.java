package dev.atrium.web.management;

import dev.atrium.onboarding.OnboardingPolicy;
import dev.atrium.tenant.TenantSettingsService;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code GET/PATCH /api/v2/tenants/settings}: the friendly name, support contacts, branding and the
 * tenant flags. PATCH merges top-level properties; {@code flags} and {@code branding} merge one level deep.
 */
public final class TenantSettingsApi {
    static final Set<String> FLAGS = Set.of("enable_dynamic_client_registration",
            "create_permissive_third_party_clients_by_default", "third_party_permissive_mode_eligible");

    static final Schema UPDATE = Schema.of()
            .string("friendly_name", false, 1, 255)
            .nullableString("picture_url", 2048)
            .nullableString("support_email", 320)
            .nullableString("support_url", 2048)
            .strings("allowed_logout_urls", false, 200)
            .integer("session_lifetime", 1, 8760)
            .integer("idle_session_lifetime", 1, 8760)
            .nullableString("default_audience", 600)
            .nullableString("default_directory", 128)
            .nullableString("default_redirection_uri", 2048)
            .object("flags", false)
            .object("branding", false)
            .bool("allow_organization_name_in_authentication_api")
            .enumOf("dynamic_client_registration_security_mode", false, Set.of("strict", "permissive"))
            // Atrium's own: how many dynamically registered applications may exist (default 1000, 0 closes registration)
            .integer("atrium_dynamic_client_registration_limit", 0, 1_000_000)
            // Atrium's own (issue 12): for how many days "remember this browser" skips the second factor (0: never offered)
            .integer(dev.atrium.mfa.MfaSettings.REMEMBER_BROWSER_DAYS, 0, 365)
            // Atrium's own (issue 12): the WebAuthn attestation asked for and verified (none, the default, or direct)
            .enumOf(dev.atrium.mfa.WebAuthnService.ATTESTATION_SETTING, false, Set.of("none", "direct"))
            // Atrium's own (issue 14): the onboarding policy for self-registered applications, checked by OnboardingPolicy
            .object(OnboardingPolicy.SETTING, false)
            .any(dev.atrium.onboarding.SoftwareStatements.SETTING)
            .any("default_token_quota");

    private final TenantSettingsService service;

    public TenantSettingsApi(TenantSettingsService service) {
        this.service = service;
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:tenant_settings");
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(service.get().doc()));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:tenant_settings");
        ObjectNode patch = ManagementApi.body(ctx);
        UPDATE.validate(patch);
        if (patch.has(OnboardingPolicy.SETTING)) {
            // stored in its normal form, so what GET returns is exactly what applies
            patch.set(OnboardingPolicy.SETTING, ManagementApi.domain(() -> OnboardingPolicy.parse(patch.get(OnboardingPolicy.SETTING))).toJson());
        }
        if (patch.has(dev.atrium.onboarding.SoftwareStatements.SETTING) && !patch.get(dev.atrium.onboarding.SoftwareStatements.SETTING).isNull()) {
            ManagementApi.domain(() -> dev.atrium.onboarding.SoftwareStatements.trustedKeys(patch.get(dev.atrium.onboarding.SoftwareStatements.SETTING)));
        }
        ManagementApi.json(ctx, 200, ManagementApi.domain(() -> service.update(TenantSettingsRequests.patch(patch))).doc());
    }
}
