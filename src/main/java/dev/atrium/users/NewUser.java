package dev.atrium.users;

import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A user to create in a database connection ({@code POST /api/v2/users}, sign-up, the dashboard's
 * create form, the bulk import, start-up's administrator). {@link UserService} holds the rules: the
 * connection must exist and hold users, the email is required, the username follows the connection,
 * the password its policy. {@code userId} is the part after {@code auth0|} (random when empty).
 * {@code user_metadata} and {@code app_metadata} are free-form documents, stored as given.
 * {@code verifyEmail} is not stored: it asks for a verification e-mail once the user exists.
 */
public record NewUser(String connection, Optional<String> email, Optional<String> username, Optional<String> password,
                      Optional<String> userId, Optional<Boolean> emailVerified, Optional<Boolean> blocked, UserProfile profile,
                      Optional<ObjectNode> userMetadata, Optional<ObjectNode> appMetadata, boolean verifyEmail) {
    public NewUser {
        userMetadata = userMetadata.map(ObjectNode::deepCopy);
        appMetadata = appMetadata.map(ObjectNode::deepCopy);
    }

    /** A user of {@code connection} with this email and password, everything else at Auth0's defaults. */
    public static NewUser of(String connection, String email, String password) {
        return in(connection).withEmail(email).withPassword(password);
    }

    /** A user of {@code connection} with nothing set yet. */
    public static NewUser in(String connection) {
        return new NewUser(connection, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), UserProfile.none(), Optional.empty(), Optional.empty(), false);
    }

    public NewUser withEmail(String value) {
        return new NewUser(connection, Optional.of(value), username, password, userId, emailVerified, blocked, profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withUsername(String value) {
        return new NewUser(connection, email, Optional.of(value), password, userId, emailVerified, blocked, profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withPassword(String value) {
        return new NewUser(connection, email, username, Optional.of(value), userId, emailVerified, blocked, profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withUserId(String value) {
        return new NewUser(connection, email, username, password, Optional.of(value), emailVerified, blocked, profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withEmailVerified(boolean value) {
        return new NewUser(connection, email, username, password, userId, Optional.of(value), blocked, profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withBlocked(boolean value) {
        return new NewUser(connection, email, username, password, userId, emailVerified, Optional.of(value), profile,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withProfile(UserProfile value) {
        return new NewUser(connection, email, username, password, userId, emailVerified, blocked, value,
                userMetadata, appMetadata, verifyEmail);
    }

    public NewUser withUserMetadata(ObjectNode value) {
        return new NewUser(connection, email, username, password, userId, emailVerified, blocked, profile,
                Optional.of(value), appMetadata, verifyEmail);
    }

    public NewUser withAppMetadata(ObjectNode value) {
        return new NewUser(connection, email, username, password, userId, emailVerified, blocked, profile,
                userMetadata, Optional.of(value), verifyEmail);
    }

    public NewUser withVerifyEmail(boolean value) {
        return new NewUser(connection, email, username, password, userId, emailVerified, blocked, profile,
                userMetadata, appMetadata, value);
    }
}
