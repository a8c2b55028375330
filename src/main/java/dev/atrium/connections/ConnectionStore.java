package dev.atrium.connections;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Connections and the applications enabled for each. {@code name} is unique: {@code create} throws
 * {@link dev.atrium.common.AlreadyExistsException}. {@code delete} removes the connection, its
 * enablements and its users in one transaction.
 */
public interface ConnectionStore {
    Optional<Connection> find(String id);

    Optional<Connection> findByName(String name);

    /** Every connection, oldest first. */
    List<Connection> list();

    void create(Connection connection);

    boolean update(Connection connection);

    /**
     * Reads the connection and writes {@code change} of it in one transaction, with the row locked
     * ({@code select ... for update}) so a concurrent update waits and then starts from this one's
     * result: two updates of different fields both survive. Empty when the connection does not exist;
     * an exception thrown by {@code change} rolls back and propagates. {@code change} must keep the id.
     */
    Optional<Connection> update(String id, UnaryOperator<Connection> change);

    boolean delete(String id);

    /** The client ids enabled for the connection. */
    List<String> enabledClients(String connectionId);

    /** Enables or disables one application for the connection (idempotent). */
    void setClientEnabled(String connectionId, String clientId, boolean enabled);

    /** Replaces the whole set of enabled applications. */
    void setEnabledClients(String connectionId, List<String> clientIds);

    /** The connections enabled for an application, oldest first. */
    List<Connection> forClient(String clientId);

}
