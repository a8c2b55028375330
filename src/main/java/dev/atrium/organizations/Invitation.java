package dev.atrium.organizations;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An invitation to join an organization (organizations.md §1.6, §2.7). {@code doc} is the object the
 * Management API returns (inviter, invitee, client, connection, metadata, roles, URL and times).
 *
 * <p>Specifications: Auth0 Management API "Organizations → invitations"; Auth0 "Invite Organization Members".
 */
public record Invitation(String id, String organizationId, String ticketId, ObjectNode doc, Instant createdAt,
                         Instant expiresAt) {
    public Invitation {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public String clientId() {
        return Json.text(doc, "client_id", "");
    }

    public Optional<String> connectionId() {
        return Optional.ofNullable(Json.text(doc, "connection_id", null));
    }

    public String inviteeEmail() {
        return Json.text(doc.get("invitee"), "email", "");
    }

    /** The role ids to give the invitee on acceptance; roles deleted since are skipped then. */
    public List<String> roles() {
        return Json.stringList(doc.get("roles"));
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
