package dev.atrium.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Auth0-like log ids: 56 decimal digits that sort as text in the order events were recorded —
 * {@code 900}, the epoch millisecond (15 digits), a per-node counter (8 digits), and 30 random digits
 * that keep two nodes' ids apart. Checkpoint paging ({@code from}) relies on the order.
 */
public final class LogIds {
    static final int LENGTH = 56;
    private final AtomicLong counter = new AtomicLong();

    public String next(Instant at) {
        // on the request path: no lock, no formatter, one array and the string; the random digits only keep
        // nodes apart (not a secret)
        long n = counter.incrementAndGet() % 100_000_000L;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] digits = startingAt(at.toEpochMilli());
        put(digits, 18, n, 8);
        put(digits, 26, random.nextLong(1_000_000_000_000_000L), 15);
        put(digits, 41, random.nextLong(1_000_000_000_000_000L), 15);
        return new String(digits, StandardCharsets.US_ASCII);
    }

    /**
     * The smallest id of an event recorded at or after {@code at}: ids sort by their millisecond first, so a
     * date range is also a range of ids, which the store can use as the ids' index allows.
     */
    public static String lowest(Instant at) {
        return new String(startingAt(Math.max(0, at.toEpochMilli())), StandardCharsets.US_ASCII);
    }

    /** An id's digits with {@code 900} and the millisecond in place, zeros after them. */
    private static byte[] startingAt(long millis) {
        byte[] digits = new byte[LENGTH];
        Arrays.fill(digits, (byte) '0');
        digits[0] = '9';
        put(digits, 3, millis, 15);
        return digits;
    }

    /** {@code value}'s last {@code width} decimal digits at {@code offset}, zero-padded on the left. */
    private static void put(byte[] digits, int offset, long value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            digits[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Whether {@code s} is shaped like a log id (API input is checked before it reaches SQL). */
    public static boolean valid(String s) {
        return s != null && s.length() == LENGTH && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
