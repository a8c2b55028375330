package dev.atrium.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /api/v2/users} asks storage for: a parsed search ({@link UserSearch}) and, when the
 * request names one, the id of the connection the users must belong to.
 */
public record UserQuery(UserFilter filter, Optional<String> connectionId) {
    public static UserQuery all() {
        return new UserQuery(new UserFilter.All(), Optional.empty());
    }

    /** The exact filters of the first search API: email, username, user id, connection id and a contained text. */
    public UserQuery(Optional<String> email, Optional<String> username, Optional<String> userId,
                     Optional<String> connectionId, Optional<String> text) {
        this(exact(email, username, userId, text), connectionId);
    }

    private static UserFilter exact(Optional<String> email, Optional<String> username, Optional<String> userId, Optional<String> text) {
        List<UserFilter> parts = new ArrayList<>();
        email.ifPresent(e -> parts.add(new UserFilter.Match(UserFilter.SearchField.of("email", UserFilter.SearchField.Kind.TEXT),
                e.toLowerCase(java.util.Locale.ROOT), false)));
        username.ifPresent(u -> parts.add(new UserFilter.Match(UserFilter.SearchField.of("username", UserFilter.SearchField.Kind.TEXT),
                u.toLowerCase(java.util.Locale.ROOT), false)));
        userId.ifPresent(u -> parts.add(new UserFilter.Match(UserFilter.SearchField.of("user_id", UserFilter.SearchField.Kind.EXACT), u, false)));
        text.ifPresent(t -> parts.add(new UserFilter.Text(t.toLowerCase(java.util.Locale.ROOT), false)));
        return parts.isEmpty() ? new UserFilter.All() : parts.size() == 1 ? parts.get(0) : new UserFilter.And(parts);
    }
}
