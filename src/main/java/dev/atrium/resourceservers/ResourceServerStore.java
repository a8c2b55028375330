package dev.atrium.resourceservers;

import java.util.List;
import java.util.Optional;

/** APIs. {@code identifier} is unique: {@code create} throws {@link dev.atrium.common.AlreadyExistsException}. */
public interface ResourceServerStore {
    Optional<ResourceServer> find(String id);

    Optional<ResourceServer> findByIdentifier(String identifier);

    /** Every API, the system API first, then oldest first. */
    List<ResourceServer> list();

    void create(ResourceServer server);

    boolean update(ResourceServer server);

    /**
     * Removes the API with its client grants and the role and user permissions naming it, in one
     * transaction; false when it did not exist.
     */
    boolean delete(String id);
}
