package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
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
            .any("default_token_quota");

    private final TenantStore store;

    public TenantSettingsApi(TenantStore store) {
        this.store = store;
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "read:tenant_settings");
        ManagementApi.json(ctx, 200, Fields.parse(ctx).apply(store.get().doc()));
    }

    public void update(Context ctx) {
        ManagementApi.require(ctx, "update:tenant_settings");
        ObjectNode patch = ManagementApi.body(ctx);
        UPDATE.validate(patch);
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
            throw ApiException.badRequest("permissive mode is not available for this tenant");
        }
        store.save(new TenantSettings(doc));
        ManagementApi.json(ctx, 200, store.get().doc());
    }

    private static ObjectNode mergeFlags(JsonNode current, JsonNode patch) {
        ObjectNode out = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        for (String f : patch.propertyNames()) {
            JsonNode v = patch.get(f);
            if (!v.isBoolean()) {
                throw ApiException.badRequest("Payload validation error: 'Expected type boolean' on property flags." + f + ".");
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
                        throw ApiException.badRequest("Payload validation error: 'Expected type string' on property branding.logo_url.");
                    }
                    out.set(f, v);
                }
                case "colors" -> {
                    if (!v.isObject()) {
                        throw ApiException.badRequest("Payload validation error: 'Expected type object' on property branding.colors.");
                    }
                    ObjectNode colors = out.get("colors") instanceof ObjectNode c ? c.deepCopy() : Json.object();
                    for (String k : v.propertyNames()) {
                        if (!Set.of("primary", "page_background").contains(k) || !v.get(k).isString()
                                || !v.get(k).asString().matches("#[0-9a-fA-F]{6}")) {
                            throw ApiException.badRequest("Payload validation error: branding.colors." + k
                                    + " must be primary or page_background with a #rrggbb value.");
                        }
                        colors.set(k, v.get(k));
                    }
                    out.set("colors", colors);
                }
                default -> throw ApiException.badRequest("Payload validation error: 'Additional properties not allowed: branding." + f + "'.");
            }
        }
        return out;
    }
}
