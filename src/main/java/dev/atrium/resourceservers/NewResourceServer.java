package dev.atrium.resourceservers;

import dev.atrium.common.InvalidRequestException;

/**
 * A new API ({@code POST /resource-servers}, the dashboard's create form, the demo seed): its identifier, which
 * never changes, and its other properties as a patch of the empty document. The name defaults to the identifier.
 */
public record NewResourceServer(String identifier, ResourceServerPatch fields) {
    public NewResourceServer {
        if (identifier == null || identifier.isBlank()) {
            throw new InvalidRequestException("identifier", "identifier is required");
        }
        if (fields.others().has("identifier")) {
            throw new IllegalArgumentException("identifier is a typed property");
        }
    }

    public static NewResourceServer of(String identifier) {
        return new NewResourceServer(identifier, ResourceServerPatch.none());
    }

    public NewResourceServer with(ResourceServerPatch newFields) {
        return new NewResourceServer(identifier, newFields);
    }
}
