package dev.atrium.email;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shared outbox. A row is delivered by whichever node {@linkplain #claim claims} it: the claim
 * is one conditional UPDATE whose row count says whether this node won, so two nodes never hold the
 * same row at once. Only the holder of the lease may settle a row ({@code markSent}, {@code retry},
 * {@code fail} answer false otherwise). Times are UTC.
 */
public interface OutboxStore {
    void add(OutboxMessage message);

    Optional<OutboxMessage> find(String id);

    /** Ids of pending rows due at {@code now} whose lease is free or has lapsed, oldest first. */
    List<String> due(Instant now, int limit);

    /**
     * Takes the lease on a due row for {@code node} until {@code leaseUntil} and counts the attempt;
     * empty when another node holds it or it is no longer due.
     */
    Optional<OutboxMessage> claim(String id, String node, Instant now, Instant leaseUntil);

    boolean markSent(String id, String node, Instant now);

    /** Back to pending, due again at {@code nextAttemptAt}, with the error seen. */
    boolean retry(String id, String node, Instant nextAttemptAt, String error);

    boolean fail(String id, String node, String error);

    /** Newest first. */
    List<OutboxMessage> recent(int offset, int limit);

    /** Messages to {@code recipient}, newest first. */
    List<OutboxMessage> to(String recipient, int limit);

    long count();
}
