package dev.atrium.bench;

import com.sun.management.ThreadMXBean;
import dev.atrium.common.Json;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogIds;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcLogStore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What writing the tenant log costs on the embedded database, per event, apart from the HTTP load around
 * it (issue 15, goals 1 and 2; issue 19): in this JVM, {@code bench.logEvents} client-credentials events
 * (200,000) go through {@link JdbcLogStore#insert} into a fresh H2 file in batches of
 * {@code bench.logBatch} (400: about 100 ms of the token benchmark's events, the embedded writer's linger),
 * once with the schema as shipped (six trees: the table, log_id and four indexes) and once with the
 * indexes as they were before V286 (ten trees), alternately
 * for {@code bench.logsRounds} rounds after a warm-up round of each. Printed per event: the process's CPU
 * (the writer, H2 and the collector together), the bytes allocated by every thread, and the collections'
 * count and time. Allocation is the steadier figure on a host whose speed moves.
 */
final class LogWriterCost {
    /** The log's indexes as they were before V286 (ten trees with the table and log_id's). */
    private static final String[] BEFORE_V286 = {
            "drop index log_events_type_day",
            "create index log_events_type on log_events (type, event_date)",
            "create index log_events_date on log_events (event_date)",
            "create index log_events_day on log_events (event_day, type)",
            "create index log_events_ip on log_events (ip, event_date)",
            "create index log_events_connection on log_events (connection, event_date)"};

    private LogWriterCost() {
    }

    record Result(double cpuMicros, double bytes, double collections, double gcMicros) {
    }

    static void run(int rounds) throws Exception {
        int events = Integer.getInteger("bench.logEvents", 200_000);
        int batch = Integer.getInteger("bench.logBatch", 400);
        once(false, events / 4, batch);
        once(true, events / 4, batch);
        List<Result> shipped = new ArrayList<>();
        List<Result> before = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean asBefore : new boolean[] {false, true}) {
                Result r = once(asBefore, events, batch);
                (asBefore ? before : shipped).add(r);
                System.out.printf(Locale.ROOT, "log_writer %s (round %d): per event %.1f µs CPU, %.0f bytes allocated, "
                                + "%.1f µs in collections; %.2f collections per thousand events (%d events, batches of %d)%n",
                        asBefore ? "with the indexes before V286" : "as shipped", round, r.cpuMicros(), r.bytes(),
                        r.gcMicros(), 1000 * r.collections(), events, batch);
            }
        }
        Result a = median(shipped);
        Result b = median(before);
        System.out.printf(Locale.ROOT, "log_writer: medians per event as shipped %.1f µs CPU, %.0f bytes; with the indexes "
                        + "before V286 %.1f µs, %.0f bytes (%d rounds)%n",
                a.cpuMicros(), a.bytes(), b.cpuMicros(), b.bytes(), rounds);
    }

    private static Result once(boolean asBefore, int events, int batch) throws Exception {
        Path dir = Files.createTempDirectory("atrium-log-writer-");
        try {
            Database db = new Database("jdbc:h2:file:" + dir.resolve("log").toAbsolutePath(), "", "");
            try {
                db.migrate();
                if (asBefore) {
                    db.jdbi().useHandle(h -> Arrays.stream(BEFORE_V286).forEach(h::execute));
                }
                JdbcLogStore store = new JdbcLogStore(db.jdbi(), Clock.systemUTC());
                LogIds ids = new LogIds();
                ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long bytes0 = allocated(threads);
                long cpu0 = os.getProcessCpuTime();
                long[] gc0 = collections();
                Instant start = Instant.now();
                for (int done = 0; done < events; done += batch) {
                    List<LogEvent> list = new ArrayList<>(batch);
                    for (int k = 0; k < batch; k++) {
                        Instant at = start.plusNanos((done + k) * 250_000L); // 4,000 events a second
                        list.add(new LogEvent(ids.next(at), at, "seccft", "Client Credentials for Access Token",
                                "bench-client-" + (k % 20), "Bench client " + (k % 20), null, null, null, null,
                                "127.0.0.1", "Java-http-client/17.0.15", "127.0.0.1", null, null,
                                "https://api.bench.example/", null, Json.object()));
                    }
                    store.insert(list);
                }
                long cpu = os.getProcessCpuTime() - cpu0;
                long bytes = allocated(threads) - bytes0;
                long[] gc = collections();
                return new Result(cpu / 1_000.0 / events, (double) bytes / events, (double) (gc[0] - gc0[0]) / events,
                        (gc[1] - gc0[1]) * 1_000.0 / events);
            } finally {
                db.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long allocated(ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Collections so far and their total time in milliseconds, over every collector. */
    private static long[] collections() {
        long n = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    private static Result median(List<Result> rs) {
        return new Result(med(rs.stream().mapToDouble(Result::cpuMicros).toArray()), med(rs.stream().mapToDouble(Result::bytes).toArray()),
                med(rs.stream().mapToDouble(Result::collections).toArray()), med(rs.stream().mapToDouble(Result::gcMicros).toArray()));
    }

    private static double med(double[] v) {
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
