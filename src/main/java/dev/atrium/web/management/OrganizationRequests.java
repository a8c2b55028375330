package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.organizations.AccessLevel;
import dev.atrium.organizations.Branding;
import dev.atrium.organizations.ConnectionEnablement;
import dev.atrium.organizations.ConnectionPatch;
import dev.atrium.organizations.DiscoveryDomain;
import dev.atrium.organizations.DiscoveryDomainPatch;
import dev.atrium.organizations.NewDiscoveryDomain;
import dev.atrium.organizations.NewInvitation;
import dev.atrium.organizations.NewOrganization;
import dev.atrium.organizations.OrganizationPatch;
import dev.atrium.organizations.ThirdPartyClientAccess;
import dev.atrium.organizations.TokenQuota;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The organization slice's request bodies, already type-checked by their {@link Schema}, mapped once
 * to the services' commands. The nested shapes the schemas do not describe ({@code branding},
 * {@code metadata}, {@code token_quota}, {@code enabled_connections}, {@code inviter},
 * {@code invitee}) are checked here; the values' own rules live in the command records and services.
 * Broken shapes throw {@link InvalidRequestException}, which {@link ManagementApi#domain} answers as 400.
 */
final class OrganizationRequests {
    /** Properties of an enabled connection in the GA endpoints and in {@code POST /organizations}. */
    static final Set<String> CONNECTION_FIELDS =
            Set.of("connection_id", "assign_membership_on_login", "show_as_button", "is_signup_enabled");
    /** Properties of the Early Access {@code /organizations/{id}/connections} endpoints. */
    static final Set<String> EA_CONNECTION_FIELDS = Set.of("connection_id", "assign_membership_on_login",
            "show_as_button", "is_signup_enabled", "is_enabled", "organization_connection_name", "organization_access_level");

    private OrganizationRequests() {
    }

    static NewOrganization newOrganization(ObjectNode body) {
        List<ConnectionEnablement> enabled = new ArrayList<>();
        JsonNode list = body.get("enabled_connections");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new InvalidRequestException("enabled_connections", "enabled_connections must be an array");
            }
            for (JsonNode item : list) {
                if (!(item instanceof ObjectNode o)) {
                    throw new InvalidRequestException("enabled_connections", "Each enabled connection must be an object");
                }
                enabled.add(enablement(o, CONNECTION_FIELDS));
            }
        }
        return new NewOrganization(Json.text(body, "name", ""), patch(body), enabled);
    }

    static OrganizationPatch patch(ObjectNode body) {
        OrganizationPatch p = OrganizationPatch.none();
        if (body.has("name")) {
            p = p.withName(Json.text(body, "name", ""));
        }
        if (body.has("display_name")) {
            JsonNode v = body.get("display_name");
            p = p.withDisplayName(v.isNull() ? Change.clear() : Change.to(v.asString()));
        }
        if (body.has("branding")) {
            JsonNode v = body.get("branding");
            p = p.withBranding(v.isNull() ? Change.clear() : Change.to(branding(v)));
        }
        if (body.has("metadata")) {
            p = p.withMetadata(Change.to(metadata(body.get("metadata"))));
        }
        if (body.has("token_quota")) {
            JsonNode v = body.get("token_quota");
            p = p.withTokenQuota(v.isNull() ? Change.clear() : Change.to(tokenQuota(v)));
        }
        if (body.has("third_party_client_access")) {
            p = p.withThirdPartyClientAccess(ThirdPartyClientAccess.parse(Json.text(body, "third_party_client_access", ""))
                    .orElseThrow(() -> new InvalidRequestException("third_party_client_access",
                            "third_party_client_access must be allow or block")));
        }
        if (body.has("is_app_entitlement_active")) {
            p = p.withAppEntitlementActive(Json.bool(body, "is_app_entitlement_active", false));
        }
        if (body.has("require_mfa")) { // MFA (issue 12)
            p = p.withRequireMfa(Json.bool(body, "require_mfa", false));
        }
        return p;
    }

    private static Branding branding(JsonNode v) {
        if (!(v instanceof ObjectNode b)) {
            throw new InvalidRequestException("branding", "branding must be an object");
        }
        Optional<String> logo = Optional.empty();
        Optional<Branding.Colors> colors = Optional.empty();
        for (String key : b.propertyNames()) {
            switch (key) {
                case "logo_url" -> {
                    JsonNode url = b.get(key);
                    if (url.isNull()) {
                        continue;
                    }
                    if (!url.isString()) {
                        throw new InvalidRequestException("branding", "branding.logo_url must be an https URL");
                    }
                    logo = Optional.of(url.asString());
                }
                case "colors" -> {
                    if (!(b.get(key) instanceof ObjectNode c)) {
                        throw new InvalidRequestException("branding", "branding.colors must be an object");
                    }
                    for (String color : c.propertyNames()) {
                        if (!color.equals("primary") && !color.equals("page_background")) {
                            throw new InvalidRequestException("branding", "Additional properties not allowed: branding.colors." + color);
                        }
                    }
                    colors = Optional.of(new Branding.Colors(string(c.get("primary")), string(c.get("page_background"))));
                }
                default -> throw new InvalidRequestException("branding", "Additional properties not allowed: branding." + key);
            }
        }
        return new Branding(logo, colors);
    }

    private static String string(JsonNode v) {
        return v != null && v.isString() ? v.asString() : null;
    }

    /** String values only; null values are dropped; {@code null} itself is the empty map, which removes. */
    private static Map<String, String> metadata(JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isNull()) {
            return out;
        }
        if (!(v instanceof ObjectNode m)) {
            throw new InvalidRequestException("metadata", "metadata must be an object");
        }
        for (String key : m.propertyNames()) {
            JsonNode value = m.get(key);
            if (value.isNull()) {
                continue;
            }
            if (!value.isString()) {
                throw new InvalidRequestException("metadata", "metadata." + key + " must be a string of at most 255 characters");
            }
            out.put(key, value.asString());
        }
        if (m.size() > dev.atrium.organizations.OrganizationLimits.MAX_METADATA) {
            throw new InvalidRequestException("metadata", "metadata can have at most "
                    + dev.atrium.organizations.OrganizationLimits.MAX_METADATA + " properties");
        }
        return out;
    }

    private static TokenQuota tokenQuota(JsonNode v) {
        return TokenQuota.parse(v);
    }

    /** A connection to enable; {@code allowed} says which properties the endpoint takes. */
    static ConnectionEnablement enablement(ObjectNode o, Set<String> allowed) {
        for (String key : o.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new InvalidRequestException("connection_id", "Additional properties not allowed: " + key);
            }
        }
        JsonNode id = o.get("connection_id");
        if (id == null || !id.isString() || id.asString().isEmpty() || id.asString().length() > 50) {
            throw new InvalidRequestException("connection_id", "connection_id is required");
        }
        for (String flag : List.of("assign_membership_on_login", "show_as_button", "is_signup_enabled")) {
            if (o.has(flag) && !o.get(flag).isBoolean()) {
                throw new InvalidRequestException(flag, flag + " must be a boolean");
            }
        }
        return new ConnectionEnablement(id.asString(), Json.bool(o, "assign_membership_on_login", false),
                Json.bool(o, "show_as_button", true), Json.bool(o, "is_signup_enabled", false), Json.bool(o, "is_enabled", true),
                Optional.ofNullable(Json.text(o, "organization_connection_name", null)), accessLevel(o.get("organization_access_level")));
    }

    /** Absent keeps a flag; for the Early Access fields {@code null} resets {@code is_enabled} and clears the labels. */
    static ConnectionPatch connectionPatch(ObjectNode o) {
        return new ConnectionPatch(flag(o, "assign_membership_on_login"), flag(o, "show_as_button"), flag(o, "is_signup_enabled"),
                !o.has("is_enabled") ? Change.keep() : o.get("is_enabled").isNull() ? Change.clear()
                        : Change.to(o.get("is_enabled").asBoolean()),
                label(o),
                !o.has("organization_access_level") ? Change.keep()
                        : accessLevel(o.get("organization_access_level")).map(Change::to).orElseGet(Change::clear));
    }

    private static Change<String> label(ObjectNode o) {
        if (!o.has("organization_connection_name")) {
            return Change.keep();
        }
        String v = Json.text(o, "organization_connection_name", null);
        return v == null ? Change.clear() : Change.to(v);
    }

    private static Optional<Boolean> flag(ObjectNode o, String name) {
        return o.has(name) ? Optional.of(Json.bool(o, name, false)) : Optional.empty();
    }

    private static Optional<AccessLevel> accessLevel(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(AccessLevel.parse(v.isString() ? v.asString() : "").orElseThrow(() ->
                new InvalidRequestException("organization_access_level",
                        "organization_access_level must be one of none, readonly, limited, full")));
    }

    static NewInvitation invitation(ObjectNode body) {
        String inviter = nested(body, "inviter", "name");
        String email = nested(body, "invitee", "email");
        return new NewInvitation(inviter, email, Json.text(body, "client_id", ""),
                Optional.ofNullable(Json.text(body, "connection_id", null)),
                body.get("app_metadata") instanceof ObjectNode a ? Optional.of(a) : Optional.empty(),
                body.get("user_metadata") instanceof ObjectNode u ? Optional.of(u) : Optional.empty(),
                Json.number(body, "ttl_sec", 0),
                body.has("roles") ? Optional.of(Json.stringList(body.get("roles"))) : Optional.empty(),
                Json.bool(body, "send_invitation_email", true));
    }

    /** {@code object.field}: the object has that one string property (its length is the command's rule). */
    private static String nested(ObjectNode request, String object, String field) {
        if (!(request.get(object) instanceof ObjectNode o)) {
            throw new InvalidRequestException(object, object + " is required");
        }
        for (String key : o.propertyNames()) {
            if (!key.equals(field)) {
                throw new InvalidRequestException(object, "Additional properties not allowed: " + object + "." + key);
            }
        }
        JsonNode v = o.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    static NewDiscoveryDomain newDomain(ObjectNode body) {
        return new NewDiscoveryDomain(Json.text(body, "domain", ""), Json.text(body, "status", DiscoveryDomain.PENDING),
                Json.bool(body, "use_for_organization_discovery", true));
    }

    static DiscoveryDomainPatch domainPatch(ObjectNode body) {
        return new DiscoveryDomainPatch(Optional.ofNullable(Json.text(body, "status", null)),
                body.has("use_for_organization_discovery")
                        ? Optional.of(Json.bool(body, "use_for_organization_discovery", true)) : Optional.empty());
    }
}
