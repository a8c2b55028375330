package dev.atrium.resourceservers;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** APIs. {@code identifier} is unique: {@code create} throws {@link dev.atrium.common.AlreadyExistsException}. */
public interface ResourceServerStore {
    Optional<ResourceServer> find(String id);

    Optional<ResourceServer> findByIdentifier(String identifier);

    /** Every API, the system API first, then oldest first. */
    List<ResourceServer> list();

    void create(ResourceServer server);

    boolean update(ResourceServer server);

    /**
     * Reads the API and writes {@code change} of it in one transaction, with the row locked
     * ({@code select ... for update}) so a concurrent update waits and then starts from this one's
     * result: two updates of different fields both survive. Empty when the API does not exist;
     * an exception thrown by {@code change} rolls back and propagates. {@code change} must keep the id.
     */
    Optional<ResourceServer> update(String id, UnaryOperator<ResourceServer> change);

    /**
     * Removes the API with its client grants and the role and user permissions naming it, in one
     * transaction; false when it did not exist.
     */
    boolean delete(String id);
}
