package dev.atrium.organizations;

import java.util.List;

/**
 * The shared counters of issued machine-to-machine tokens (O121, E18), one per subject (an
 * application or an organization), bucket and window. Every node counts in the same rows, so a
 * quota holds across nodes.
 */
public interface TokenQuotaStore {
    /**
     * One limit to count a token against: {@code subject} (e.g. {@code client:<id>}), {@code bucket}
     * ({@code per_hour} or {@code per_day}), the window's start in epoch seconds, the limit, and
     * whether reaching it refuses the token.
     */
    record Limit(String subject, String bucket, long window, long max, boolean enforce) {
    }

    /**
     * The outcome: {@code counts} holds, per limit in order, the tokens counted in its window
     * (including this one when {@code allowed}); {@code allowed} is false when an enforced limit was
     * already reached, and then nothing was counted.
     */
    record Outcome(boolean allowed, List<Long> counts) {
    }

    /** Counts one token against every limit in one transaction, or against none when an enforced limit is reached. */
    Outcome take(List<Limit> limits);
}
