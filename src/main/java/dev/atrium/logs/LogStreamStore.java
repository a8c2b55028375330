package dev.atrium.logs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Log streams and their shared delivery state. The lease methods are guarded updates whose row count
 * says whether this node won: only the lease holder delivers, and only from the cursor it read.
 * Contract test: {@code LogStreamStoreContract}.
 */
public interface LogStreamStore {
    void create(LogStream stream);

    Optional<LogStream> find(String id);

    List<LogStream> list();

    /** Saves name, status, sink and filters; when {@code resetFailures}, also clears the failure count and back-off. */
    boolean updateSettings(LogStream stream, boolean resetFailures, Instant now);

    boolean delete(String id);

    /** Takes or renews the lease of an active stream until {@code until}; false when another node holds a live one. */
    boolean claim(String id, String node, Instant now, Instant until);

    /** Moves the cursor from {@code fromSeq} to {@code toSeq} and clears failures; false unless this node holds the lease and the cursor is still at {@code fromSeq}. */
    boolean advance(String id, String node, long fromSeq, long toSeq, Instant now, boolean delivered);

    /** Records a failed delivery; {@code suspend} moves the stream to {@code suspended}. False unless this node holds the lease. */
    boolean fail(String id, String node, int failures, Instant nextAttemptAt, String error, boolean suspend, Instant now);
}
