package dev.atrium.users;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A user of a database connection, kept as its Management API document (without any password),
 * with the Argon2id hash of its password beside it.
 *
 * <p>Specifications: Auth0 Management API "Users"; "Normalized User Profile".
 */
public record User(String userId, String connectionId, ObjectNode doc, Optional<String> passwordHash) {
    public User {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    /** Lower-cased email, if any. */
    public Optional<String> email() {
        return Optional.ofNullable(Json.text(doc, "email", null)).map(e -> e.toLowerCase(java.util.Locale.ROOT));
    }

    public Optional<String> username() {
        return Optional.ofNullable(Json.text(doc, "username", null));
    }

    public boolean blocked() {
        return Json.bool(doc, "blocked", false);
    }

    public boolean emailVerified() {
        return Json.bool(doc, "email_verified", false);
    }

    public String name() {
        return Json.text(doc, "name", email().orElse(userId));
    }

    public User withDoc(ObjectNode d) {
        return new User(userId, connectionId, d, passwordHash);
    }

    public User withPasswordHash(String hash) {
        return new User(userId, connectionId, doc, Optional.of(hash));
    }
}
