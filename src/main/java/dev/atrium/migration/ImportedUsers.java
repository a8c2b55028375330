package dev.atrium.migration;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of Auth0's user import schema mapped, once, to the user commands: the properties stored
 * on the user become a {@link NewUser}, the ones an upsert may change a {@link UserPatch}. The types
 * are checked first ({@link #typeProblem}); a {@code null} leaves a property out of a new user and
 * removes a profile property in an upsert.
 */
final class ImportedUsers {
    /** The properties of the import schema that are stored on the user, with their JSON types. */
    static final Map<String, String> USER_FIELDS = types();

    private ImportedUsers() {
    }

    private static Map<String, String> types() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[]{"email", "user_id", "username", "given_name", "family_name", "name", "nickname", "picture"}) {
            m.put(f, "string");
        }
        m.put("email_verified", "boolean");
        m.put("blocked", "boolean");
        m.put("app_metadata", "object");
        m.put("user_metadata", "object");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Auth0's {@code INVALID_TYPE} error of the first stored property of the wrong type, or null when all fit. */
    static String typeProblem(ObjectNode u) {
        for (Map.Entry<String, String> f : USER_FIELDS.entrySet()) {
            JsonNode v = u.get(f.getKey());
            if (v == null || v.isNull()) {
                continue;
            }
            boolean fits = switch (f.getValue()) {
                case "string" -> v.isString();
                case "boolean" -> v.isBoolean();
                default -> v.isObject();
            };
            if (!fits) {
                return UserImportRun.errors("INVALID_TYPE", "Expected type " + f.getValue() + " but found type " + dev.atrium.common.Json.typeName(v),
                        f.getKey());
            }
        }
        return null;
    }

    /** A new user of {@code connection}; {@code userId} is the id without its {@code auth0|} prefix. */
    static NewUser newUser(ObjectNode u, String connection, Optional<String> userId) {
        NewUser user = NewUser.in(connection).withEmail(Json.text(u, "email", ""));
        String username = Json.text(u, "username", null);
        if (username != null) {
            user = user.withUsername(username);
        }
        if (userId.isPresent()) {
            user = user.withUserId(userId.get());
        }
        if (bool(u, "email_verified").isPresent()) {
            user = user.withEmailVerified(bool(u, "email_verified").get());
        }
        if (bool(u, "blocked").isPresent()) {
            user = user.withBlocked(bool(u, "blocked").get());
        }
        if (u.get("app_metadata") instanceof ObjectNode m) {
            user = user.withAppMetadata(m);
        }
        if (u.get("user_metadata") instanceof ObjectNode m) {
            user = user.withUserMetadata(m);
        }
        return user.withProfile(profile(u, false));
    }

    /** What an upsert may change on an existing user (Auth0's "upsert during import" column). */
    static UserPatch upsert(ObjectNode u) {
        UserPatch patch = UserPatch.none().withProfile(profile(u, true));
        if (bool(u, "email_verified").isPresent()) {
            patch = patch.withEmailVerified(bool(u, "email_verified").get());
        }
        if (u.get("app_metadata") instanceof ObjectNode m) {
            patch = patch.withAppMetadata(m);
        }
        if (u.get("user_metadata") instanceof ObjectNode m) {
            patch = patch.withUserMetadata(m);
        }
        return patch;
    }

    private static UserProfile profile(ObjectNode u, boolean nullRemoves) {
        return UserProfile.none().withGivenName(text(u, "given_name", nullRemoves)).withFamilyName(text(u, "family_name", nullRemoves))
                .withName(text(u, "name", nullRemoves)).withNickname(text(u, "nickname", nullRemoves))
                .withPicture(text(u, "picture", nullRemoves));
    }

    private static Change<String> text(ObjectNode u, String field, boolean nullRemoves) {
        JsonNode v = u.get(field);
        if (v == null || (v.isNull() && !nullRemoves)) {
            return Change.keep();
        }
        return v.isNull() ? Change.clear() : Change.to(v.asString());
    }

    private static Optional<Boolean> bool(ObjectNode u, String field) {
        JsonNode v = u.get(field);
        return v != null && v.isBoolean() ? Optional.of(v.asBoolean()) : Optional.empty();
    }
}
