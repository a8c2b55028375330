package dev.atrium.clients;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A new client grant ({@code POST /client-grants}, the dashboard, the import, the seeds): for one
 * application ({@code clientId}) or, as a default grant, for every third-party application
 * ({@code default_for: third_party_clients}), never both; to the API {@code audience}, for
 * {@code subjectType} ({@link SubjectType#CLIENT} when absent), with the changeable properties in {@code fields}.
 */
public record NewClientGrant(Optional<String> clientId, boolean forThirdPartyClients, String audience,
                             Optional<SubjectType> subjectType, ClientGrantPatch fields) {
    public NewClientGrant {
        if (clientId.isPresent() == forThirdPartyClients) {
            throw new InvalidRequestException("client_id", "exactly one of client_id and default_for is required");
        }
    }

    /** A grant for the application {@code clientId}. */
    public static NewClientGrant forClient(String clientId, String audience, SubjectType subjectType) {
        return new NewClientGrant(Optional.of(clientId), false, audience, Optional.of(subjectType), ClientGrantPatch.none());
    }

    /** A default grant for every third-party application (third-party-apps.md). */
    public static NewClientGrant forThirdPartyClients(String audience, SubjectType subjectType) {
        return new NewClientGrant(Optional.empty(), true, audience, Optional.of(subjectType), ClientGrantPatch.none());
    }

    public NewClientGrant with(ClientGrantPatch newFields) {
        return new NewClientGrant(clientId, forThirdPartyClients, audience, subjectType, newFields);
    }

    /** The grant's document as requested, before the service's defaults. */
    ObjectNode toDocument() {
        ObjectNode doc = Json.object();
        clientId.ifPresent(id -> doc.put("client_id", id));
        if (forThirdPartyClients) {
            doc.put("default_for", ClientGrantService.DEFAULT_FOR_THIRD_PARTY);
        }
        doc.put("audience", audience);
        subjectType.ifPresent(t -> doc.put("subject_type", t.wire()));
        fields.writeTo(doc, true);
        return doc;
    }
}
