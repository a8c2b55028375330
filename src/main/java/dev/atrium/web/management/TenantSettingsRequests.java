package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.tenant.BrandingPatch;
import dev.atrium.tenant.TenantSettingsPatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PATCH /api/v2/tenants/settings} bodies, already type-checked by {@link TenantSettingsApi#UPDATE},
 * mapped once to a {@link TenantSettingsPatch}. The nested shapes the schema leaves open
 * ({@code flags}, {@code branding}) are checked here; the colours' own rule is {@link BrandingPatch}'s.
 * Every other property travels as the JSON value it is, to be stored as given.
 */
final class TenantSettingsRequests {
    private TenantSettingsRequests() {
    }

    static TenantSettingsPatch patch(ObjectNode body) {
        TenantSettingsPatch p = TenantSettingsPatch.none();
        for (String name : body.propertyNames()) {
            JsonNode v = body.get(name);
            p = switch (name) {
                case "flags" -> p.withFlags(flags(v));
                case "branding" -> p.withBranding(branding(v));
                case "dynamic_client_registration_security_mode" -> p.withDynamicClientRegistrationSecurityMode(v.asString());
                case "allowed_logout_urls" -> p.withAllowedLogoutUrls(Json.stringList(v));
                default -> p.withDocument(name, v);
            };
        }
        return p;
    }

    private static Map<String, Boolean> flags(JsonNode v) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String f : v.propertyNames()) {
            if (!v.get(f).isBoolean()) {
                throw new InvalidRequestException("flags", "Payload validation error: 'Expected type boolean' on property flags." + f + ".");
            }
            out.put(f, v.get(f).asBoolean());
        }
        return out;
    }

    private static BrandingPatch branding(JsonNode v) {
        Change<String> logo = Change.keep();
        Optional<Map<String, String>> colors = Optional.empty();
        for (String f : v.propertyNames()) {
            JsonNode value = v.get(f);
            switch (f) {
                case "logo_url" -> {
                    if (!value.isString() && !value.isNull()) {
                        throw new InvalidRequestException("branding.logo_url",
                                "Payload validation error: 'Expected type string' on property branding.logo_url.");
                    }
                    logo = value.isNull() ? Change.clear() : Change.to(value.asString());
                }
                case "colors" -> {
                    if (!value.isObject()) {
                        throw new InvalidRequestException("branding.colors",
                                "Payload validation error: 'Expected type object' on property branding.colors.");
                    }
                    Map<String, String> c = new LinkedHashMap<>();
                    for (String k : value.propertyNames()) {
                        if (!value.get(k).isString()) {
                            throw BrandingPatch.invalidColor(k);
                        }
                        c.put(k, value.get(k).asString());
                        // the colour's own rule, checked in the order the body gives
                        new BrandingPatch(Change.keep(), Optional.of(Map.of(k, value.get(k).asString())));
                    }
                    colors = Optional.of(c);
                }
                default -> throw new InvalidRequestException("branding",
                        "Payload validation error: 'Additional properties not allowed: branding." + f + "'.");
            }
        }
        return new BrandingPatch(logo, colors);
    }
}
