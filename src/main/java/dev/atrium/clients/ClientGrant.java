package dev.atrium.clients;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * Auth0's client grant: which API an application (or, with {@code default_for}, every third-party
 * application) may call, with which scopes, for which subject type. Kept as its Management API document.
 *
 * <p>Specifications: Auth0 Management API "Client Grants"; "Organizations for M2M applications".
 */
public record ClientGrant(String id, ObjectNode doc) {
    public ClientGrant {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public Optional<String> clientId() {
        return Optional.ofNullable(Json.text(doc, "client_id", null));
    }

    public Optional<String> defaultFor() {
        return Optional.ofNullable(Json.text(doc, "default_for", null));
    }

    public String audience() {
        return Json.text(doc, "audience", "");
    }

    public List<String> scope() {
        return Json.stringList(doc.get("scope"));
    }

    /** {@code client} (machine-to-machine, the default) or {@code user}. */
    public String subjectType() {
        return Json.text(doc, "subject_type", SubjectType.CLIENT.wire());
    }

    /** {@code deny} when unset. */
    public String organizationUsage() {
        return usage().wire();
    }

    /** {@code organization_usage}, typed. */
    public OrganizationUsage usage() {
        return OrganizationUsage.of(Json.text(doc, "organization_usage", null));
    }

    public boolean allowAnyOrganization() {
        return Json.bool(doc, "allow_any_organization", false);
    }

    public boolean allowAllScopes() {
        return Json.bool(doc, "allow_all_scopes", false);
    }

    public boolean isSystem() {
        return Json.bool(doc, "is_system", false);
    }
}
