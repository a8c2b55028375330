package dev.atrium.logs;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Auth0-like log ids: 56 decimal digits that sort as text in the order events were recorded —
 * {@code 900}, the epoch millisecond (15 digits), a per-node counter (8 digits), and 30 random digits
 * that keep two nodes' ids apart. Checkpoint paging ({@code from}) relies on the order.
 */
public final class LogIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AtomicLong counter = new AtomicLong();

    public String next(Instant at) {
        long n = counter.incrementAndGet() % 100_000_000L;
        StringBuilder b = new StringBuilder(56).append("900")
                .append(String.format("%015d", at.toEpochMilli()))
                .append(String.format("%08d", n));
        for (int i = 0; i < 30; i++) {
            b.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return b.toString();
    }

    /** Whether {@code s} is shaped like a log id (API input is checked before it reaches SQL). */
    public static boolean valid(String s) {
        return s != null && s.length() == 56 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
