package dev.atrium.clients;

import java.util.List;
import java.util.Optional;

/**
 * Client grants. Unique on (client or {@code default_for}, audience, subject type): {@code create}
 * throws {@link dev.atrium.common.AlreadyExistsException} on a second one.
 */
public interface ClientGrantStore {
    Optional<ClientGrant> find(String id);

    /** Every grant, oldest first. */
    List<ClientGrant> list();

    List<ClientGrant> findByClient(String clientId);

    /** The grant of {@code clientId} for {@code audience} and {@code subjectType}, if any. */
    Optional<ClientGrant> find(String clientId, String audience, String subjectType);

    /** The {@code default_for} grant for {@code audience} and {@code subjectType}, if any. */
    Optional<ClientGrant> findDefault(String defaultFor, String audience, String subjectType);

    void create(ClientGrant grant);

    boolean update(ClientGrant grant);

    boolean delete(String id);
}
