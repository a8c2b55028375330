package dev.atrium.users;

import dev.atrium.connections.Connection;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Dashboard administrator status (issue 9, points 3 and 5). Only start-up configuration
 * ({@code ATRIUM_ADMIN_EMAIL}), an administrator in the dashboard, and the Management API operation
 * {@code POST/DELETE /api/v2/users/{id}/atrium-admin} (scope {@code update:atrium_admins}) grant or
 * revoke it, each recording who did. {@code app_metadata} carries no meaning here: writing
 * {@code app_metadata.atrium_admin} is inert.
 *
 * <p>A new grant ends the user's sessions and refresh tokens: whatever was signed in before the
 * promotion (possibly not the person the status was meant for) does not carry it over.
 */
public final class Administrators {
    private final AdministratorStore store;
    private final UserService users;
    private final AccountSessions sessions;
    private final Clock clock;

    public Administrators(AdministratorStore store, UserService users, AccountSessions sessions, Clock clock) {
        this.store = store;
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** An administrator is a user with a grant who is not blocked. */
    public boolean isAdmin(User user) {
        return !user.blocked() && store.find(user.userId()).isPresent();
    }

    public Optional<Administrator> find(String userId) {
        return store.find(userId);
    }

    public List<Administrator> list() {
        return store.list();
    }

    /**
     * Grants the status; true when it is new (then the user's sessions and refresh tokens end), false
     * when the user already held it. Empty when there is no such user.
     */
    public Optional<Boolean> grant(String userId, String grantedBy) {
        if (users.find(userId).isEmpty()) {
            return Optional.empty();
        }
        boolean added = store.grant(new Administrator(userId, grantedBy, clock.instant()));
        if (added) {
            sessions.endAll(userId);
        }
        return Optional.of(added);
    }

    /** False when the user was not an administrator. */
    public boolean revoke(String userId) {
        return store.revoke(userId);
    }

    /** What {@link #ensureConfigured} did. */
    public enum Outcome {
        /** No account had the email: start-up created it, verified, and made it an administrator. */
        CREATED,
        /** An existing account with a verified email was made an administrator (its sessions ended). */
        PROMOTED,
        /** The account already was an administrator. */
        KEPT,
        /** An account with the email exists, start-up did not create it and its email is not verified: left alone. */
        REFUSED_UNVERIFIED
    }

    /**
     * The administrator of start-up configuration ({@code ATRIUM_ADMIN_EMAIL}, issue 9 point 5): created
     * when absent; an existing account is promoted only when its email is verified, since whoever
     * registered an unverified address first is not known to own it. An administrator's (or promoted
     * account's) password follows {@code password}; a change ends its sessions and refresh tokens.
     * A refused account is not touched at all. Throws {@link dev.atrium.common.InvalidRequestException}
     * when the password policy refuses {@code password}.
     */
    public Outcome ensureConfigured(Connection connection, String email, String password, String grantedBy) {
        Optional<User> existing = users.findByEmail(connection, email);
        if (existing.isEmpty()) {
            User created = users.create(NewUser.of(connection.name(), email, password).withEmailVerified(true));
            grant(created.userId(), grantedBy);
            return Outcome.CREATED;
        }
        User user = existing.get();
        if (store.find(user.userId()).isPresent()) {
            users.ensurePassword(user.userId(), password);
            return Outcome.KEPT;
        }
        if (!user.emailVerified()) {
            return Outcome.REFUSED_UNVERIFIED;
        }
        users.ensurePassword(user.userId(), password);
        grant(user.userId(), grantedBy);
        return Outcome.PROMOTED;
    }
}
