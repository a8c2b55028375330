package dev.atrium.authflow;

import java.time.Instant;
import java.util.Optional;

/** Authorization transactions. Expired ones are never returned; {@code storage.Housekeeping} deletes them. */
public interface AuthTransactionStore {
    void create(AuthTransaction tx);

    /** The transaction when it exists and has not expired at {@code now}. */
    Optional<AuthTransaction> find(String id, Instant now);

    void update(AuthTransaction tx);

    void delete(String id);
}
