package dev.atrium.tenant;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tenant's settings, kept as the document {@code GET /api/v2/tenants/settings} returns:
 * friendly name, support contacts, branding, and the flags that later capabilities read.
 *
 * <p>Specifications: Auth0 Management API "Tenants → Get/Update tenant settings".
 */
public record TenantSettings(ObjectNode doc) {
    /** T67: the consent page lists each scope's description instead of lines made from the scopes' names. */
    public static final String SCOPE_DESCRIPTIONS_FOR_CONSENT = "use_scope_descriptions_for_consent";

    public TenantSettings {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    /**
     * A copy of one setting ({@code MissingNode} when unset): for readers of a single field on a hot
     * path, such as the token quotas on every token, which would otherwise copy the whole document.
     */
    public JsonNode setting(String name) {
        return doc.path(name).deepCopy();
    }

    public static TenantSettings defaults() {
        ObjectNode d = Json.object();
        d.put("friendly_name", "Atrium");
        d.put("picture_url", "");
        d.put("support_email", "");
        d.put("support_url", "");
        d.set("allowed_logout_urls", Json.array());
        d.put("session_lifetime", 168);
        d.put("idle_session_lifetime", 72);
        d.put("default_audience", "");
        d.put("default_directory", "");
        ObjectNode branding = Json.object();
        ObjectNode colors = Json.object();
        colors.put("primary", "#4f46e5");
        colors.put("page_background", "#f5f5f7");
        branding.set("colors", colors);
        d.set("branding", branding);
        ObjectNode flags = Json.object();
        flags.put("enable_dynamic_client_registration", false);
        flags.put("create_permissive_third_party_clients_by_default", false);
        d.set("flags", flags);
        d.put("allow_organization_name_in_authentication_api", false);
        d.put("dynamic_client_registration_security_mode", "strict");
        return new TenantSettings(d);
    }

    public String friendlyName() {
        return Json.text(doc, "friendly_name", "Atrium");
    }

    public String defaultAudience() {
        return Json.text(doc, "default_audience", "");
    }

    public boolean flag(String name) {
        return Json.bool(doc.get("flags"), name, false);
    }

    public boolean allowOrganizationNameInAuthenticationApi() {
        return Json.bool(doc, "allow_organization_name_in_authentication_api", false);
    }

    public String primaryColor() {
        JsonNode b = doc.get("branding");
        return Json.text(b == null ? null : b.get("colors"), "primary", "#4f46e5");
    }

    public String logoUrl() {
        return Json.text(doc.get("branding"), "logo_url", "");
    }
}
