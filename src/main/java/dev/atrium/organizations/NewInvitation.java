package dev.atrium.organizations;

import dev.atrium.common.InvalidRequestException;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An invitation to create ({@code POST …/invitations}, the dashboard's invite form). A
 * {@code ttlSeconds} of 0 means the default of 7 days; {@code roles}, when given, must not be empty.
 */
public record NewInvitation(String inviterName, String inviteeEmail, String clientId, Optional<String> connectionId,
                            Optional<ObjectNode> appMetadata, Optional<ObjectNode> userMetadata, long ttlSeconds,
                            Optional<List<String>> roles, boolean sendInvitationEmail) {
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public NewInvitation {
        length("inviter", "name", inviterName, 1, 300);
        length("invitee", "email", inviteeEmail, 3, 320);
        if (!EMAIL.matcher(inviteeEmail).matches()) {
            throw new InvalidRequestException("invitee", "invitee.email must be an email address");
        }
        if (ttlSeconds < 0 || ttlSeconds > OrganizationLimits.MAX_INVITATION_TTL) {
            throw new InvalidRequestException("ttl_sec", "ttl_sec must be between 0 and " + OrganizationLimits.MAX_INVITATION_TTL);
        }
        if (ttlSeconds == 0) {
            ttlSeconds = OrganizationLimits.DEFAULT_INVITATION_TTL;
        }
        if (roles.isPresent() && roles.get().isEmpty()) {
            throw new InvalidRequestException("roles", "roles must not be empty");
        }
        roles = roles.map(List::copyOf);
        appMetadata = appMetadata.map(ObjectNode::deepCopy);
        userMetadata = userMetadata.map(ObjectNode::deepCopy);
    }

    /** An invitation with no connection, metadata or roles, valid for the default time, sent by no e-mail. */
    public static NewInvitation of(String inviterName, String inviteeEmail, String clientId) {
        return new NewInvitation(inviterName, inviteeEmail, clientId, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), false);
    }

    public NewInvitation withInvitationEmail(boolean send) {
        return new NewInvitation(inviterName, inviteeEmail, clientId, connectionId, appMetadata, userMetadata, ttlSeconds,
                roles, send);
    }

    public NewInvitation withRoles(List<String> roleIds) {
        return new NewInvitation(inviterName, inviteeEmail, clientId, connectionId, appMetadata, userMetadata, ttlSeconds,
                Optional.of(roleIds), sendInvitationEmail);
    }

    private static void length(String object, String field, String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max) {
            throw new InvalidRequestException(object, object + "." + field + " is required (" + min + " to " + max + " characters)");
        }
    }
}
