package dev.atrium.users;

import java.util.Optional;

/**
 * The filters of {@code GET /api/v2/users} that Atrium supports: exact email, exact username,
 * exact user id, connection name, and a case-insensitive text match on email or name.
 */
public record UserQuery(Optional<String> email, Optional<String> username, Optional<String> userId,
                        Optional<String> connectionId, Optional<String> text) {
    public static UserQuery all() {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
