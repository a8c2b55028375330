package dev.atrium.users;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Users. Unique on (connection, email) and (connection, username): {@code create} throws
 * {@link dev.atrium.common.AlreadyExistsException}. Emails are compared lower-cased. {@code delete}
 * removes, in one transaction, what belongs to the user (role assignments, direct permissions, and
 * whatever later capabilities attach to users).
 */
public interface UserStore {
    Optional<User> find(String userId);

    Optional<User> findByEmail(String connectionId, String email);

    Optional<User> findByUsername(String connectionId, String username);

    /** Every user with this (lower-cased) email, in any connection. */
    List<User> findAllByEmail(String email);

    /** Users matching {@code query}, oldest first, {@code offset}/{@code limit} applied by the database. */
    List<User> search(UserQuery query, int offset, int limit);

    long count(UserQuery query);

    void create(User user);

    /** Replaces the stored document and hash; false when the user does not exist. */
    boolean update(User user);

    /**
     * Reads the user and writes {@code change} of it in one transaction, with the row locked
     * ({@code select ... for update}) so a concurrent update waits and then starts from this one's
     * result: two updates of different fields both survive. Empty when the user does not exist;
     * an exception thrown by {@code change} rolls back and propagates. {@code change} must keep the id.
     */
    Optional<User> update(String id, UnaryOperator<User> change);

    boolean delete(String userId);
}
