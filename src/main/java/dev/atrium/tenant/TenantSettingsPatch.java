package dev.atrium.tenant;

import tools.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A change to the tenant settings ({@code PATCH /api/v2/tenants/settings}, the dashboard's settings,
 * MFA and onboarding forms, the Guardian endpoints, the tenant import). The properties
 * {@link TenantSettingsService} acts on are typed: {@code flags} (merged one by one),
 * {@code branding} (merged one level deep), the DCR security mode ({@code permissive} needs an eligible
 * tenant) and {@code allowed_logout_urls} (each one checked). Everything else is stored as given
 * ({@link StoredSettings}).
 */
public record TenantSettingsPatch(Optional<Map<String, Boolean>> flags, Optional<BrandingPatch> branding,
                                  Optional<String> dynamicClientRegistrationSecurityMode,
                                  Optional<List<String>> allowedLogoutUrls, StoredSettings stored) {
    /** The wire names of the typed properties. */
    public static final Set<String> TYPED = Set.of("flags", "branding", "dynamic_client_registration_security_mode",
            "allowed_logout_urls");
    /**
     * The DCR security mode that needs the {@code third_party_permissive_mode_eligible} flag: the wire value of
     * {@code clients.ThirdPartySecurityMode.PERMISSIVE}, which this package cannot name ({@code clients} reads
     * the tenant settings, so the reverse would be a package cycle).
     */
    public static final String PERMISSIVE = "permissive";

    private static final TenantSettingsPatch NONE = new TenantSettingsPatch(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), StoredSettings.none());

    public TenantSettingsPatch {
        flags = flags.map(f -> Collections.unmodifiableMap(new LinkedHashMap<>(f)));
        allowedLogoutUrls = allowedLogoutUrls.map(List::copyOf);
    }

    /** A patch that changes nothing. */
    public static TenantSettingsPatch none() {
        return NONE;
    }

    /** The given flags set, the other stored flags kept. */
    public TenantSettingsPatch withFlags(Map<String, Boolean> values) {
        return new TenantSettingsPatch(Optional.of(values), branding, dynamicClientRegistrationSecurityMode, allowedLogoutUrls, stored);
    }

    public TenantSettingsPatch withBranding(BrandingPatch value) {
        return new TenantSettingsPatch(flags, Optional.of(value), dynamicClientRegistrationSecurityMode, allowedLogoutUrls, stored);
    }

    /** {@code strict} or {@code permissive}. */
    public TenantSettingsPatch withDynamicClientRegistrationSecurityMode(String mode) {
        return new TenantSettingsPatch(flags, branding, Optional.of(mode), allowedLogoutUrls, stored);
    }

    public TenantSettingsPatch withAllowedLogoutUrls(List<String> urls) {
        return new TenantSettingsPatch(flags, branding, dynamicClientRegistrationSecurityMode, Optional.of(urls), stored);
    }

    public TenantSettingsPatch withStored(StoredSettings value) {
        return new TenantSettingsPatch(flags, branding, dynamicClientRegistrationSecurityMode, allowedLogoutUrls, value);
    }

    public TenantSettingsPatch withSetting(String name, String value) {
        return withStored(stored.with(name, value));
    }

    public TenantSettingsPatch withSetting(String name, long value) {
        return withStored(stored.with(name, value));
    }

    public TenantSettingsPatch withSetting(String name, boolean value) {
        return withStored(stored.with(name, value));
    }

    public TenantSettingsPatch withSetting(String name, List<String> value) {
        return withStored(stored.with(name, value));
    }

    /** See {@link StoredSettings#withSwitches}. */
    public TenantSettingsPatch withSwitches(String name, Map<String, Boolean> value) {
        return withStored(stored.withSwitches(name, value));
    }

    /** See {@link StoredSettings#withDocument}. */
    public TenantSettingsPatch withDocument(String name, JsonNode value) {
        return withStored(stored.withDocument(name, value));
    }

    /** See {@link StoredSettings#cleared}. */
    public TenantSettingsPatch withCleared(String name) {
        return withStored(stored.cleared(name));
    }
}
