package dev.atrium.authflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Consecutive failed logins per (user key, IP address), with the blocks they caused. */
public interface LoginFailureStore {
    /** The counter for one user key and address. */
    record Failures(String userKey, String ip, int count, Instant lastFailure, Optional<Instant> blockedAt) {
    }

    Optional<Failures> find(String userKey, String ip);

    /** Adds one failure; sets the block when {@code block} is true. Returns the new count. */
    int recordFailure(String userKey, String ip, Instant now, boolean block);

    void reset(String userKey, String ip);

    /** The blocks (user key and address) currently in force for any of these user keys. */
    List<Failures> blocked(List<String> userKeys);

    /** Lifts every block and counter of these user keys, in one transaction. */
    int unblock(List<String> userKeys);
}
