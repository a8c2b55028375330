package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * The users' request bodies, already type-checked by {@link UsersApi#CREATE} or {@link UsersApi#UPDATE},
 * mapped once to {@link NewUser} and {@link UserPatch}. Every property the schemas accept has a place
 * in the commands except {@code verify_phone_number}, which Atrium accepts and ignores (no SMS).
 */
final class UserRequests {
    private UserRequests() {
    }

    static NewUser newUser(ObjectNode body) {
        NewUser u = NewUser.in(Json.text(body, "connection", ""));
        String email = Json.text(body, "email", null);
        if (email != null) {
            u = u.withEmail(email);
        }
        String username = Json.text(body, "username", null);
        if (username != null) {
            u = u.withUsername(username);
        }
        String password = Json.text(body, "password", null);
        if (password != null) {
            u = u.withPassword(password);
        }
        String userId = Json.text(body, "user_id", null);
        if (userId != null) {
            u = u.withUserId(userId);
        }
        if (body.has("email_verified")) {
            u = u.withEmailVerified(Json.bool(body, "email_verified", false));
        }
        if (body.has("blocked")) {
            u = u.withBlocked(Json.bool(body, "blocked", false));
        }
        if (body.get("user_metadata") instanceof ObjectNode m) {
            u = u.withUserMetadata(m);
        }
        if (body.get("app_metadata") instanceof ObjectNode m) {
            u = u.withAppMetadata(m);
        }
        return u.withProfile(profile(body)).withVerifyEmail(Json.bool(body, "verify_email", false));
    }

    static UserPatch patch(ObjectNode body) {
        UserPatch p = UserPatch.none().withProfile(profile(body));
        if (body.has("email")) {
            p = p.withEmail(text(body.get("email")));
        }
        if (body.has("email_verified")) {
            p = p.withEmailVerified(Json.bool(body, "email_verified", false));
        }
        if (body.has("username")) {
            p = p.withUsername(text(body.get("username")));
        }
        if (body.has("blocked")) {
            p = p.withBlocked(Json.bool(body, "blocked", false));
        }
        if (body.get("user_metadata") instanceof ObjectNode m) {
            p = p.withUserMetadata(m);
        }
        if (body.get("app_metadata") instanceof ObjectNode m) {
            p = p.withAppMetadata(m);
        }
        String password = Json.text(body, "password", null);
        if (password != null) {
            p = p.withPassword(password);
        }
        String connection = Json.text(body, "connection", null);
        if (connection != null) {
            p = p.withConnection(connection);
        }
        return p.withVerification(Json.bool(body, "verify_email", false), Optional.ofNullable(Json.text(body, "client_id", null)));
    }

    /** The profile properties of a body; on a create none of them can be {@code null}. */
    private static UserProfile profile(ObjectNode body) {
        UserProfile p = UserProfile.none();
        if (body.has("given_name")) {
            p = p.withGivenName(text(body.get("given_name")));
        }
        if (body.has("family_name")) {
            p = p.withFamilyName(text(body.get("family_name")));
        }
        if (body.has("name")) {
            p = p.withName(text(body.get("name")));
        }
        if (body.has("nickname")) {
            p = p.withNickname(text(body.get("nickname")));
        }
        if (body.has("picture")) {
            p = p.withPicture(text(body.get("picture")));
        }
        if (body.has("phone_number")) {
            p = p.withPhoneNumber(text(body.get("phone_number")));
        }
        if (body.has("phone_verified")) {
            p = p.withPhoneVerified(Json.bool(body, "phone_verified", false));
        }
        return p;
    }

    /** A checked string property: {@code null} removes it. */
    private static Change<String> text(JsonNode v) {
        return v.isNull() ? Change.clear() : Change.to(v.asString());
    }
}
