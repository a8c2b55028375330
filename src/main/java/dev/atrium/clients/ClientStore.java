package dev.atrium.clients;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Applications. {@code create} throws {@link dev.atrium.common.AlreadyExistsException} for a taken id;
 * {@code delete} removes, in the same transaction, everything that belongs to the application
 * (client grants, connection enablements).
 */
public interface ClientStore {
    Optional<Client> find(String clientId);

    /** Every application, oldest first. */
    List<Client> list();

    void create(Client client);

    /** Replaces the stored document (and secret hash); false when the application does not exist. */
    boolean update(Client client);

    /**
     * Reads the application and writes {@code change} of it in one transaction, with the row locked
     * ({@code select ... for update}) so a concurrent update waits and then starts from this one's
     * result: two updates of different fields both survive. Empty when the application does not exist;
     * an exception thrown by {@code change} rolls back and propagates. {@code change} must keep the id.
     */
    Optional<Client> update(String id, UnaryOperator<Client> change);

    /** Removes the application and what belongs to it; false when it did not exist. */
    boolean delete(String clientId);
}
