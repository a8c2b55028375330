package dev.atrium.organizations;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Optional;

/**
 * An organization (organizations.md §1.1): its immutable id, its unique name, and the rest of its
 * Management API document ({@code display_name}, {@code branding}, {@code metadata},
 * {@code token_quota}, {@code third_party_client_access}, {@code is_app_entitlement_active}).
 *
 * <p>Specifications: Auth0 Management API "Organizations"; Auth0 "Organizations".
 */
public record Organization(String id, String name, ObjectNode doc, Instant createdAt) {
    public Organization {
        doc = doc.deepCopy();
    }

    /** The document without {@code id} and {@code name}, which live in their own columns. */
    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(Json.text(doc, "display_name", null));
    }

    /** {@code allow} or {@code block}, as stored; {@link #thirdPartyAccess()} is the typed form. */
    public String thirdPartyClientAccess() {
        return thirdPartyAccess().wire();
    }

    public ThirdPartyClientAccess thirdPartyAccess() {
        return ThirdPartyClientAccess.parse(Json.text(doc, "third_party_client_access", null)).orElse(ThirdPartyClientAccess.BLOCK);
    }

    /** Whether per-application access (the explicit access model) is enforced for this organization. */
    public boolean isAppEntitlementActive() {
        return Json.bool(doc, "is_app_entitlement_active", false);
    }

    /** MFA (issue 12): every sign-in into this organization needs a second factor. */
    public boolean requireMfa() {
        return Json.bool(doc, "require_mfa", false);
    }

    public Organization with(String newName, ObjectNode newDoc) {
        return new Organization(id, newName, newDoc, createdAt);
    }
}
