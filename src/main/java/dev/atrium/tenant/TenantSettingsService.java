package dev.atrium.tenant;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.RedirectTargets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The rules for changing tenant settings, shared by the Management API and the dashboard: top-level
 * properties merge, {@code flags} and {@code branding} merge one level deep, colours are {@code #rrggbb},
 * and the permissive DCR mode needs an eligible tenant.
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

    /** Applies a PATCH whose top-level types were already checked; returns the stored settings. */
    public TenantSettings update(ObjectNode patch) {
        ObjectNode doc = store.get().doc();
        for (String name : patch.propertyNames()) {
            JsonNode v = patch.get(name);
            switch (name) {
                case "flags" -> doc.set("flags", mergeFlags(doc.get("flags"), v));
                case "branding" -> doc.set("branding", mergeBranding(doc.get("branding"), v));
                default -> {
                    if (v.isNull()) {
                        doc.put(name, "");
                    } else {
                        doc.set(name, v);
                    }
                }
            }
        }
        boolean eligible = Json.bool(doc.get("flags"), "third_party_permissive_mode_eligible", false);
        if ("permissive".equals(Json.text(patch, "dynamic_client_registration_security_mode", null)) && !eligible) {
            throw new InvalidRequestException("dynamic_client_registration_security_mode",
                    "permissive mode is not available for this tenant");
        }
        if (patch.has("allowed_logout_urls")) {
            for (String url : Json.stringList(doc.get("allowed_logout_urls"))) {
                RedirectTargets.problem(RedirectTargets.Kind.LOGOUT_URL, url).ifPresent(problem -> {
                    throw new InvalidRequestException("allowed_logout_urls", "allowed_logout_urls value \"" + url + "\" " + problem);
                });
            }
        }
        store.save(new TenantSettings(doc));
        return store.get();
    }

    private static ObjectNode mergeFlags(JsonNode current, JsonNode patch) {
        ObjectNode out = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        for (String f : patch.propertyNames()) {
            JsonNode v = patch.get(f);
            if (!v.isBoolean()) {
                throw new InvalidRequestException("flags", "Payload validation error: 'Expected type boolean' on property flags." + f + ".");
            }
            out.set(f, v);
        }
        return out;
    }

    private static ObjectNode mergeBranding(JsonNode current, JsonNode patch) {
        ObjectNode out = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        for (String f : patch.propertyNames()) {
            JsonNode v = patch.get(f);
            switch (f) {
                case "logo_url" -> {
                    if (!v.isString() && !v.isNull()) {
                        throw new InvalidRequestException("branding.logo_url",
                                "Payload validation error: 'Expected type string' on property branding.logo_url.");
                    }
                    out.set(f, v);
                }
                case "colors" -> {
                    if (!v.isObject()) {
                        throw new InvalidRequestException("branding.colors",
                                "Payload validation error: 'Expected type object' on property branding.colors.");
                    }
                    ObjectNode colors = out.get("colors") instanceof ObjectNode c ? c.deepCopy() : Json.object();
                    for (String k : v.propertyNames()) {
                        if (!Set.of("primary", "page_background").contains(k) || !v.get(k).isString()
                                || !v.get(k).asString().matches("#[0-9a-fA-F]{6}")) {
                            throw new InvalidRequestException("branding.colors." + k, "Payload validation error: branding.colors." + k
                                    + " must be primary or page_background with a #rrggbb value.");
                        }
                        colors.set(k, v.get(k));
                    }
                    out.set("colors", colors);
                }
                default -> throw new InvalidRequestException("branding",
                        "Payload validation error: 'Additional properties not allowed: branding." + f + "'.");
            }
        }
        return out;
    }
}
