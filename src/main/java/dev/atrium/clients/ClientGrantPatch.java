package dev.atrium.clients;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * A change to a client grant ({@code PATCH /client-grants/{id}}, the dashboard, the import), and the
 * changeable properties of a new one ({@link NewClientGrant}): each kept (absent), removed
 * ({@link Change#clear()}, a JSON {@code null}) or replaced whole.
 */
public record ClientGrantPatch(Optional<List<String>> scope, Change<OrganizationUsage> organizationUsage,
                               Change<Boolean> allowAnyOrganization, Optional<Boolean> allowAllScopes,
                               Optional<List<String>> authorizationDetailsTypes) {
    public ClientGrantPatch {
        scope = scope.map(List::copyOf);
        authorizationDetailsTypes = authorizationDetailsTypes.map(List::copyOf);
    }

    /** A patch that changes nothing. */
    public static ClientGrantPatch none() {
        return new ClientGrantPatch(Optional.empty(), Change.keep(), Change.keep(), Optional.empty(), Optional.empty());
    }

    public ClientGrantPatch withScope(List<String> v) {
        return new ClientGrantPatch(Optional.of(v), organizationUsage, allowAnyOrganization, allowAllScopes, authorizationDetailsTypes);
    }

    public ClientGrantPatch withOrganizationUsage(Change<OrganizationUsage> v) {
        return new ClientGrantPatch(scope, v, allowAnyOrganization, allowAllScopes, authorizationDetailsTypes);
    }

    public ClientGrantPatch withAllowAnyOrganization(Change<Boolean> v) {
        return new ClientGrantPatch(scope, organizationUsage, v, allowAllScopes, authorizationDetailsTypes);
    }

    public ClientGrantPatch withAllowAllScopes(boolean v) {
        return new ClientGrantPatch(scope, organizationUsage, allowAnyOrganization, Optional.of(v), authorizationDetailsTypes);
    }

    public ClientGrantPatch withAuthorizationDetailsTypes(List<String> v) {
        return new ClientGrantPatch(scope, organizationUsage, allowAnyOrganization, allowAllScopes, Optional.of(v));
    }

    /** Writes the patch into a grant's document; a removed property is kept as {@code null} in a new one ({@code creating}). */
    void writeTo(ObjectNode doc, boolean creating) {
        scope.ifPresent(s -> doc.set("scope", Json.strings(s)));
        if (organizationUsage.present()) {
            organizationUsage.value().ifPresentOrElse(u -> doc.put("organization_usage", u.wire()), () -> clear(doc, "organization_usage", creating));
        }
        if (allowAnyOrganization.present()) {
            allowAnyOrganization.value().ifPresentOrElse(a -> doc.put("allow_any_organization", a),
                    () -> clear(doc, "allow_any_organization", creating));
        }
        allowAllScopes.ifPresent(a -> doc.put("allow_all_scopes", a));
        authorizationDetailsTypes.ifPresent(t -> doc.set("authorization_details_types", Json.strings(t)));
    }

    private static void clear(ObjectNode doc, String field, boolean creating) {
        if (creating) {
            doc.putNull(field);
        } else {
            doc.remove(field);
        }
    }
}
