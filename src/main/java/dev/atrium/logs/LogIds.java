package dev.atrium.logs;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Auth0-like log ids: 56 decimal digits that sort as text in the order events were recorded —
 * {@code 900}, the epoch millisecond (15 digits), a per-node counter (8 digits), and 30 random digits
 * that keep two nodes' ids apart. Checkpoint paging ({@code from}) relies on the order.
 */
public final class LogIds {
    private final AtomicLong counter = new AtomicLong();

    public String next(Instant at) {
        // on the request path: no lock, no formatter; the random digits only keep nodes apart (not a secret)
        long n = counter.incrementAndGet() % 100_000_000L;
        StringBuilder b = new StringBuilder(56).append("900");
        pad(b, at.toEpochMilli(), 15);
        pad(b, n, 8);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        pad(b, random.nextLong(1_000_000_000_000_000L), 15);
        pad(b, random.nextLong(1_000_000_000_000_000L), 15);
        return b.toString();
    }

    private static void pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        b.append(digits);
    }

    /** Whether {@code s} is shaped like a log id (API input is checked before it reaches SQL). */
    public static boolean valid(String s) {
        return s != null && s.length() == 56 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
