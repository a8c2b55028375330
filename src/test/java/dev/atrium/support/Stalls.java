package dev.atrium.support;

import java.util.ArrayList;
import java.util.List;

/**
 * When this test process was not running at all: a thread that asks to wake every few milliseconds
 * records each time it woke late (the process descheduled on a loaded machine, a garbage-collection
 * pause), as jHiccup does. A latency bound can then be asserted on the time a request had the machine,
 * {@code elapsed - stalled}: a request that waited on a database keeps its whole wait (the other
 * threads ran meanwhile, so nothing is subtracted), while one that was slow only because the machine
 * stopped everything is not blamed for it.
 */
public final class Stalls implements AutoCloseable {
    private static final long TICK_NANOS = 5_000_000;
    /** Lateness below this is ordinary timer jitter, not a stall. */
    private static final long JITTER_NANOS = 5_000_000;

    private record Gap(long from, long to) {
    }

    private final List<Gap> gaps = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean running = true;

    private Stalls() {
        watcher = new Thread(this::watch, "stall-watcher");
        watcher.setDaemon(true);
        watcher.setPriority(Thread.MAX_PRIORITY);
    }

    public static Stalls start() {
        Stalls s = new Stalls();
        s.watcher.start();
        return s;
    }

    private void watch() {
        while (running) {
            long before = System.nanoTime();
            try {
                Thread.sleep(TICK_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                return;
            }
            long after = System.nanoTime();
            if (after - before - TICK_NANOS > JITTER_NANOS) {
                synchronized (gaps) {
                    gaps.add(new Gap(before + TICK_NANOS, after));
                }
            }
        }
    }

    /** Nanoseconds between {@code from} and {@code to} (System.nanoTime) during which the process stalled. */
    public long stalledNanos(long from, long to) {
        long total = 0;
        synchronized (gaps) {
            for (Gap g : gaps) {
                long overlap = Math.min(to, g.to()) - Math.max(from, g.from());
                if (overlap > 0) {
                    total += overlap;
                }
            }
        }
        return total;
    }

    /** Milliseconds of {@code [from, to]} the process was running. */
    public long runningMillis(long from, long to) {
        return (to - from - stalledNanos(from, to)) / 1_000_000;
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
    }
}
