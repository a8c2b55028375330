package dev.atrium.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenant log as it runs: {@link #record} fills in the id, date and the request's origin, scrubs the
 * details, and offers the event to a bounded in-memory queue; one background thread drains the queue in
 * batches into the {@link LogStore} and, now and then, purges events older than the retention period
 * in bounded batches.
 *
 * <p>Invariants: {@code record} never blocks and never throws. When the queue is full the event is
 * dropped, counted ({@link #dropped()}) and reported in the server log at most once a minute. A batch the
 * store refuses (database down) is retried a few times and then dropped and counted, so the queue keeps
 * moving. Events queued when the node stops are written by {@link #close()}.
 */
public final class AsyncEventLog implements EventLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventLog.class);
    static final int BATCH = 500;
    static final int PURGE_BATCH = 1000;
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /**
     * How long the writer of an embedded database gathers events after the first of a batch. Each commit of the
     * embedded H2 file writes a chunk of the file (WRITE_DELAY=0), which cost more than the rows themselves when
     * every few events made a commit; gathering turns that into one commit per {@value} ms under load. Only where one
     * process holds the database: with several nodes on PostgreSQL, a node that held its events back would store them
     * after newer events of the other nodes, and the log streams deliver in the order events are stored.
     */
    public static final long EMBEDDED_LINGER_MILLIS = 100;

    private final LogStore store;
    private final Clock clock;
    private final Duration retention;
    private final long lingerMillis;
    private final BlockingQueue<LogEvent> queue;
    private final LogIds ids = new LogIds();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long lastDropReport;
    private Instant nextPurge;

    public AsyncEventLog(LogStore store, Clock clock, int retentionDays, int capacity) {
        this(store, clock, retentionDays, capacity, Duration.ZERO);
    }

    /** @param linger how long a batch gathers events before it is written ({@link Duration#ZERO}: at once) */
    public AsyncEventLog(LogStore store, Clock clock, int retentionDays, int capacity, Duration linger) {
        this.lingerMillis = linger.toMillis();
        this.store = store;
        this.clock = clock;
        this.retention = Duration.ofDays(retentionDays);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nextPurge = clock.instant();
        this.writer = new Thread(this::run, "atrium-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void record(LogEvent.Builder event) {
        try {
            Instant now = clock.instant();
            LogEvent e = event.build(ids.next(now), now, RequestOrigin.current());
            if (!queue.offer(e)) {
                long n = dropped.incrementAndGet();
                long t = System.currentTimeMillis();
                if (t - lastDropReport > 60_000) {
                    lastDropReport = t;
                    LOG.warn("tenant log queue full: {} events dropped so far", n);
                }
            }
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            LOG.warn("tenant log event not recorded: {}", e.toString());
        }
    }

    /** Events lost so far because the queue was full or the store refused them. */
    public long dropped() {
        return dropped.get();
    }

    /** Events written so far by this node. */
    public long written() {
        return written.get();
    }

    /** Events waiting in the queue. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        List<LogEvent> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                LogEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch);
                    write(batch);
                    batch.clear();
                }
                purgeIfDue();
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.warn("tenant log writer: {}", e.toString());
                batch.clear();
            }
        }
    }

    /**
     * Adds queued events to {@code batch} until it is full or the linger has passed (at once without a linger or
     * when stopping), looking at the queue every few milliseconds rather than waking for each event.
     */
    private void gather(List<LogEvent> batch) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (true) {
            queue.drainTo(batch, BATCH - batch.size());
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (batch.size() >= BATCH || left <= 0 || !running) {
                return;
            }
            Thread.sleep(Math.min(left, 20));
        }
    }

    private void write(List<LogEvent> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.insert(batch);
                written.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !running) {
                    dropped.addAndGet(batch.size());
                    LOG.warn("tenant log: {} events dropped, the store refused them: {}", batch.size(), e.toString());
                    return;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(PURGE_EVERY);
        purge();
    }

    /** Deletes events older than the retention period, a bounded batch at a time; the number deleted. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int n = store.purgeBefore(cutoff, PURGE_BATCH);
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    /** Stops accepting work and writes what is queued (waits at most five seconds). */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
