package dev.atrium.tenant;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.RedirectTargets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The rules for changing tenant settings, shared by the Management API and the dashboard, which hand
 * over a typed {@link TenantSettingsPatch}: top-level properties replace the stored ones (a cleared one
 * becomes the empty string), {@code flags} and {@code branding} merge one level deep, colours are
 * {@code #rrggbb} ({@link BrandingPatch}), logout URLs must be usable ones, and the permissive DCR mode
 * needs an eligible tenant.
 *
 * <p>Specifications: Auth0 Management API "Update tenant settings"; third-party-apps.md §1.7.
 */
public final class TenantSettingsService {
    private final TenantStore store;

    public TenantSettingsService(TenantStore store) {
        this.store = store;
    }

    public TenantSettings get() {
        return store.get();
    }

    /** Applies a patch; returns the stored settings. */
    public TenantSettings update(TenantSettingsPatch patch) {
        ObjectNode doc = store.get().doc();
        patch.stored().forEach((name, value) -> doc.set(name, value.orElseGet(() -> JsonNodeFactory.instance.stringNode(""))));
        patch.flags().ifPresent(f -> doc.set("flags", mergeFlags(doc.get("flags"), f)));
        patch.branding().ifPresent(b -> doc.set("branding", mergeBranding(doc.get("branding"), b)));
        patch.dynamicClientRegistrationSecurityMode().ifPresent(m -> doc.put("dynamic_client_registration_security_mode", m));
        patch.allowedLogoutUrls().ifPresent(urls -> doc.set("allowed_logout_urls", Json.strings(urls)));
        boolean eligible = Json.bool(doc.get("flags"), "third_party_permissive_mode_eligible", false);
        if (patch.dynamicClientRegistrationSecurityMode().filter(TenantSettingsPatch.PERMISSIVE::equals).isPresent() && !eligible) {
            throw new InvalidRequestException("dynamic_client_registration_security_mode",
                    "permissive mode is not available for this tenant");
        }
        for (String url : patch.allowedLogoutUrls().orElse(List.of())) {
            RedirectTargets.problem(RedirectTargets.Kind.LOGOUT_URL, url).ifPresent(problem -> {
                throw new InvalidRequestException("allowed_logout_urls", "allowed_logout_urls value \"" + url + "\" " + problem);
            });
        }
        store.save(new TenantSettings(doc));
        return store.get();
    }

    private static ObjectNode mergeFlags(JsonNode current, Map<String, Boolean> patch) {
        ObjectNode out = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        patch.forEach(out::put);
        return out;
    }

    private static ObjectNode mergeBranding(JsonNode current, BrandingPatch patch) {
        ObjectNode out = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        if (patch.logoUrl().present()) {
            patch.logoUrl().value().ifPresentOrElse(url -> out.put("logo_url", url), () -> out.putNull("logo_url"));
        }
        patch.colors().ifPresent(c -> {
            ObjectNode colors = out.get("colors") instanceof ObjectNode stored ? stored.deepCopy() : Json.object();
            c.forEach(colors::put);
            out.set("colors", colors);
        });
        return out;
    }
}
