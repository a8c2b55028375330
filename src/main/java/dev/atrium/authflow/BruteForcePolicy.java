package dev.atrium.authflow;

import java.time.Duration;
import java.time.Instant;

/**
 * Brute-force protection for one user from one IP address: the first failures cost nothing, then
 * each further attempt must wait twice as long as the last, and after {@link #BLOCK_AFTER} failures
 * the pair is blocked until a successful password reset or an administrator unblocks it (Auth0
 * blocks after 10). Pure, so its table is tested without a clock.
 *
 * <p>Specifications: Auth0 "Brute-Force Protection".
 */
public final class BruteForcePolicy {
    public static final int SLOW_AFTER = 3;
    public static final int BLOCK_AFTER = 10;

    private BruteForcePolicy() {
    }

    /** What a new attempt may do. */
    public sealed interface Verdict {
        record Allowed() implements Verdict {
        }

        record Wait(long seconds) implements Verdict {
        }

        record Blocked() implements Verdict {
        }
    }

    public static Verdict check(int failures, Instant lastFailure, boolean blocked, Instant now) {
        if (blocked || failures >= BLOCK_AFTER) {
            return new Verdict.Blocked();
        }
        if (failures < SLOW_AFTER || lastFailure == null) {
            return new Verdict.Allowed();
        }
        Duration delay = delayAfter(failures);
        Instant allowedAt = lastFailure.plus(delay);
        if (now.isBefore(allowedAt)) {
            // whole seconds, rounded up, so the person is never told to retry too early
            long millis = Duration.between(now, allowedAt).toMillis();
            return new Verdict.Wait(Math.max(1, (millis + 999) / 1000));
        }
        return new Verdict.Allowed();
    }

    /** 1 s after the third failure, doubling up to the block. */
    static Duration delayAfter(int failures) {
        return Duration.ofSeconds(1L << Math.min(20, Math.max(0, failures - SLOW_AFTER)));
    }
}
