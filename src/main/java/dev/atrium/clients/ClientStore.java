package dev.atrium.clients;

import java.util.List;
import java.util.Optional;

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

    /** Removes the application and what belongs to it; false when it did not exist. */
    boolean delete(String clientId);
}
