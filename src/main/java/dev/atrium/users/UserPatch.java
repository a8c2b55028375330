package dev.atrium.users;

import dev.atrium.common.Change;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A change to a user ({@code PATCH /api/v2/users/{id}}, the dashboard's forms, password resets and
 * e-mail verification, the import's upsert). Each property is kept, removed or set; the metadata
 * documents merge one level deep, a {@code null} value removing its key. {@code password} is hashed,
 * never stored as given; {@code connection} only names the connection the user already belongs to.
 * {@code verifyEmail} and {@code clientId} are not stored: they steer the verification e-mail a new
 * address may get.
 */
public record UserPatch(Change<String> email, Optional<Boolean> emailVerified, Change<String> username, Optional<Boolean> blocked,
                        UserProfile profile, Optional<ObjectNode> userMetadata, Optional<ObjectNode> appMetadata,
                        Optional<String> password, Optional<String> connection, boolean verifyEmail, Optional<String> clientId) {
    private static final UserPatch NONE = new UserPatch(Change.keep(), Optional.empty(), Change.keep(), Optional.empty(),
            UserProfile.none(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());

    public UserPatch {
        userMetadata = userMetadata.map(ObjectNode::deepCopy);
        appMetadata = appMetadata.map(ObjectNode::deepCopy);
    }

    /** A patch that changes nothing. */
    public static UserPatch none() {
        return NONE;
    }

    /** A new password, nothing else. */
    public static UserPatch password(String value) {
        return NONE.withPassword(value);
    }

    public UserPatch withEmail(Change<String> change) {
        return new UserPatch(change, emailVerified, username, blocked, profile, userMetadata, appMetadata, password, connection,
                verifyEmail, clientId);
    }

    public UserPatch withEmailVerified(boolean value) {
        return new UserPatch(email, Optional.of(value), username, blocked, profile, userMetadata, appMetadata, password, connection,
                verifyEmail, clientId);
    }

    public UserPatch withUsername(Change<String> change) {
        return new UserPatch(email, emailVerified, change, blocked, profile, userMetadata, appMetadata, password, connection,
                verifyEmail, clientId);
    }

    public UserPatch withBlocked(boolean value) {
        return new UserPatch(email, emailVerified, username, Optional.of(value), profile, userMetadata, appMetadata, password,
                connection, verifyEmail, clientId);
    }

    public UserPatch withProfile(UserProfile value) {
        return new UserPatch(email, emailVerified, username, blocked, value, userMetadata, appMetadata, password, connection,
                verifyEmail, clientId);
    }

    /** Keys to set in {@code user_metadata}; a {@code null} value removes its key. */
    public UserPatch withUserMetadata(ObjectNode merge) {
        return new UserPatch(email, emailVerified, username, blocked, profile, Optional.of(merge), appMetadata, password, connection,
                verifyEmail, clientId);
    }

    /** Keys to set in {@code app_metadata}; a {@code null} value removes its key. */
    public UserPatch withAppMetadata(ObjectNode merge) {
        return new UserPatch(email, emailVerified, username, blocked, profile, userMetadata, Optional.of(merge), password, connection,
                verifyEmail, clientId);
    }

    public UserPatch withPassword(String value) {
        return new UserPatch(email, emailVerified, username, blocked, profile, userMetadata, appMetadata, Optional.of(value),
                connection, verifyEmail, clientId);
    }

    public UserPatch withConnection(String value) {
        return new UserPatch(email, emailVerified, username, blocked, profile, userMetadata, appMetadata, password,
                Optional.of(value), verifyEmail, clientId);
    }

    /** {@code verify_email}, and the application ({@code client_id}) whose name the e-mail may carry. */
    public UserPatch withVerification(boolean verify, Optional<String> client) {
        return new UserPatch(email, emailVerified, username, blocked, profile, userMetadata, appMetadata, password, connection,
                verify, client);
    }

    /** Whether the patch changes nothing at all. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
