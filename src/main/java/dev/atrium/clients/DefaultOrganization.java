package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code default_organization} of an application (organizations.md O17): the organization its
 * machine-to-machine tokens are issued for when the request names none. It applies to
 * {@code client_credentials} only; an empty {@code flows} keeps the organization without applying it.
 */
public record DefaultOrganization(String organizationId, List<String> flows, KeptFields rest) {
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** The one message for every broken {@code default_organization}, its shape as its values. */
    public static final String RULE = "default_organization requires organization_id and flows [\"client_credentials\"]";

    public DefaultOrganization {
        flows = List.copyOf(flows);
        if (organizationId == null || organizationId.isEmpty() || !flows.stream().allMatch(CLIENT_CREDENTIALS::equals)) {
            throw new InvalidRequestException("default_organization", RULE);
        }
    }

    /** The organization for client-credentials tokens. */
    public static DefaultOrganization forClientCredentials(String organizationId) {
        return new DefaultOrganization(organizationId, List.of(CLIENT_CREDENTIALS), KeptFields.none());
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("organization_id", organizationId);
        o.set("flows", Json.strings(flows));
        rest.writeTo(o);
        return o;
    }
}
