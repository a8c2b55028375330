package dev.atrium.organizations;

import dev.atrium.common.Change;

import java.util.Map;
import java.util.Optional;

/**
 * A change to an organization ({@code PATCH /organizations/{id}}, the dashboard's settings): each
 * property kept, removed or replaced whole (api-contract.md §B.2.6). An empty {@code metadata}
 * removes it, as {@code null} does.
 */
public record OrganizationPatch(Optional<String> name, Change<String> displayName, Change<Branding> branding,
                                Change<Map<String, String>> metadata, Change<TokenQuota> tokenQuota,
                                Optional<ThirdPartyClientAccess> thirdPartyClientAccess,
                                Optional<Boolean> appEntitlementActive, Optional<Boolean> requireMfa) {
    /** A patch that changes nothing. */
    public static OrganizationPatch none() {
        return new OrganizationPatch(Optional.empty(), Change.keep(), Change.keep(), Change.keep(), Change.keep(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public OrganizationPatch withName(String newName) {
        return new OrganizationPatch(Optional.of(newName), displayName, branding, metadata, tokenQuota,
                thirdPartyClientAccess, appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withDisplayName(Change<String> change) {
        return new OrganizationPatch(name, change, branding, metadata, tokenQuota, thirdPartyClientAccess, appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withBranding(Change<Branding> change) {
        return new OrganizationPatch(name, displayName, change, metadata, tokenQuota, thirdPartyClientAccess, appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withMetadata(Change<Map<String, String>> change) {
        return new OrganizationPatch(name, displayName, branding, change, tokenQuota, thirdPartyClientAccess, appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withTokenQuota(Change<TokenQuota> change) {
        return new OrganizationPatch(name, displayName, branding, metadata, change, thirdPartyClientAccess, appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withThirdPartyClientAccess(ThirdPartyClientAccess access) {
        return new OrganizationPatch(name, displayName, branding, metadata, tokenQuota, Optional.of(access), appEntitlementActive, requireMfa);
    }

    public OrganizationPatch withAppEntitlementActive(boolean active) {
        return new OrganizationPatch(name, displayName, branding, metadata, tokenQuota, thirdPartyClientAccess, Optional.of(active), requireMfa);
    }

    /** MFA (issue 12): every sign-in into the organization needs a second factor ({@code require_mfa}). */
    public OrganizationPatch withRequireMfa(boolean required) {
        return new OrganizationPatch(name, displayName, branding, metadata, tokenQuota, thirdPartyClientAccess,
                appEntitlementActive, Optional.of(required));
    }
}
