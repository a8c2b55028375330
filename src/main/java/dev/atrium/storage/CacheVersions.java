package dev.atrium.storage;

import dev.atrium.common.DatabaseUnavailableException;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps this node's cached records in step with the database that several nodes share
 * (ARCHITECTURE.md §5.6, operations.md: any number of nodes on one database). Every write of a
 * cached kind bumps that kind's row of {@code cache_versions} in the writing transaction. A background
 * poller reads the versions every {@link #POLL} and drops the copies of each kind that moved; reads
 * never touch the database for this check, so they keep answering from the cache while the database
 * is away (issue 18).
 *
 * <p>Staleness bound: a write committed at time t is seen by every read that starts after
 * t + {@link #POLL} + the duration of one poll on any node; on the writing node it is seen at once.
 * When no poll has succeeded for longer than the configured maximum staleness (60 s by default), the
 * cached copies are no longer trusted: reads fail with {@link DatabaseUnavailableException} (503), so a
 * revoked key or a deleted grant never outlives the bound. The first poll that succeeds after an
 * outage compares the versions before the copies are trusted again.
 *
 * <p>The poller is also the database's health probe: it reads through {@link Database#probeJdbi()},
 * marks the database reachable when it answers and down when its connection fails, and is woken at
 * once when a request finds the connection gone, so recovery takes one round trip, not a poll period.
 */
public final class CacheVersions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheVersions.class);
    public static final Duration POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(60);
    static final String CLIENTS = "clients";
    static final String CLIENT_GRANTS = "client_grants";
    static final String RESOURCE_SERVERS = "resource_servers";
    static final String TENANT_SETTINGS = "tenant_settings";
    static final String SIGNING_KEYS = "signing_keys";
    static final String CONNECTIONS = "connections";
    static final String ORGANIZATIONS = "organizations";
    static final String ORGANIZATION_CONNECTIONS = "organization_connections";

    private final Database database;
    private final LongSupplier nanos;
    private final long pollNanos;
    private final long maxStaleNanos;
    private final Map<String, Region> regions = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new HashMap<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** {@link #nanos} when the last successful poll started; valid once {@link #validated} is true. */
    private volatile long validatedAt;
    private volatile boolean validated;
    private ScheduledExecutorService poller;

    public CacheVersions(Database database, Duration poll, Duration maxStaleness) {
        this(database, poll, maxStaleness, System::nanoTime);
    }

    /** With the monotonic time source the staleness bound is measured on (tests move it). */
    CacheVersions(Database database, Duration poll, Duration maxStaleness, LongSupplier nanos) {
        this.database = database;
        this.nanos = nanos;
        this.pollNanos = poll.toNanos();
        this.maxStaleNanos = maxStaleness.toNanos();
        poll();
    }

    /** Starts the background poll; it stops when {@link #close()} is called or the database is closed. */
    public synchronized CacheVersions start() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "atrium-cache-poll");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::pollInBackground, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
            database.onDown(this::wake);
            database.onClose(this::close);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Polls soon, off the calling thread: a request just found the connection gone. */
    private void wake() {
        ScheduledExecutorService p = poller;
        if (p != null && !p.isShutdown() && wakePending.compareAndSet(false, true)) {
            try {
                p.execute(() -> {
                    wakePending.set(false);
                    pollInBackground();
                });
            } catch (RejectedExecutionException e) {
                wakePending.set(false);
            }
        }
    }

    private void pollInBackground() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("cache poll failed: {}", e.toString());
        }
    }

    /**
     * Bumps the versions of {@code kinds} inside the caller's transaction; the stores call it before
     * their other statements. The rows are locked in name order, so writers of the same kinds queue
     * on them instead of deadlocking.
     */
    static void bump(Handle h, String... kinds) {
        String[] sorted = kinds.clone();
        Arrays.sort(sorted);
        for (String kind : sorted) {
            int n = h.createUpdate("update cache_versions set version = version + 1 where kind = :kind")
                    .bind("kind", kind).execute();
            if (n != 1) {
                throw new IllegalStateException("no cache_versions row for " + kind);
            }
        }
    }

    /**
     * The cached kinds that one kind of write makes stale, declared once by the store that writes
     * (its {@code WRITES}, {@code DELETES}): that store bumps them in its transaction, and the
     * cached store in front of it drops this node's copies of them after the write.
     */
    record Invalidation(String... kinds) {
        void bump(Handle h) {
            CacheVersions.bump(h, kinds);
        }

        /** Runs {@code write} and then, whether it succeeded or not, drops this node's copies of the kinds. */
        <T> T around(CacheVersions versions, Supplier<T> write) {
            try {
                return write.get();
            } finally {
                versions.changed(kinds);
            }
        }

        void around(CacheVersions versions, Runnable write) {
            around(versions, () -> {
                write.run();
                return null;
            });
        }
    }

    /** The cached copies of one kind. */
    Region region(String kind) {
        return regions.computeIfAbsent(kind, k -> new Region(this));
    }

    /** Drops this node's copies of {@code kinds} at once, after this node wrote them. */
    void changed(String... kinds) {
        for (String kind : kinds) {
            region(kind).clear();
        }
    }

    /**
     * Reads the versions once and drops the copies of every kind that moved; true when the database
     * answered. A failure leaves the copies as they were, and the staleness clock running.
     */
    public synchronized boolean poll() {
        long started = nanos.getAsLong();
        List<Map.Entry<String, Long>> current;
        try {
            current = database.probeJdbi().withHandle(h -> h.createQuery("select kind, version from cache_versions")
                    .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getLong("version"))).list());
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            Outages.Kind kind = sql == null ? null : Outages.classify(sql);
            if (sql == null || kind == Outages.Kind.CONNECTION_LOST) {
                database.down(sql == null ? e.toString() : Outages.describe(sql));
            }
            return false;
        }
        for (Map.Entry<String, Long> row : current) {
            if (!row.getValue().equals(seen.put(row.getKey(), row.getValue()))) {
                region(row.getKey()).clear();
            }
        }
        validatedAt = started;
        validated = true;
        database.reachable();
        return true;
    }

    /** True while the copies may be trusted: a poll succeeded within the staleness bound. */
    public boolean fresh() {
        return validated && nanos.getAsLong() - validatedAt <= maxStaleNanos;
    }

    /** Refuses a cached read once the copies are older than the bound. */
    void requireFresh() {
        if (!fresh()) {
            throw new DatabaseUnavailableException("The database has not answered for longer than the cache may be trusted"
                    + " (" + Duration.ofNanos(maxStaleNanos).toSeconds() + " s)", null);
        }
    }

    private static SQLException sqlCause(Throwable t) {
        for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /**
     * One kind's copies. Only found records are kept (so a record created elsewhere is never hidden
     * by a cached miss, and unknown keys cannot grow the map), at most {@link #MAX_ENTRIES} of them: enough for
     * every grant of a tenant of 5,000 applications with 10 APIs each (issue 15 goal 6; with 10,000, tokens
     * drawn across such a tenant went to the database four times in five).
     * Clearing swaps in a new map: a load that started before the clear puts its possibly old
     * record into the map that was dropped.
     */
    static final class Region {
        static final int MAX_ENTRIES = 100_000;
        private final CacheVersions versions;
        private volatile ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();

        private Region(CacheVersions versions) {
            this.versions = versions;
        }

        @SuppressWarnings("unchecked")
        <V> Optional<V> find(Object key, Supplier<Optional<V>> load) {
            versions.requireFresh();
            ConcurrentHashMap<Object, Object> map = entries;
            Object hit = map.get(key);
            if (hit != null) {
                return Optional.of((V) hit);
            }
            Optional<V> loaded = load.get();
            if (loaded.isPresent() && map.size() < MAX_ENTRIES) {
                map.put(key, loaded.get());
            }
            return loaded;
        }

        <V> V get(Object key, Supplier<V> load) {
            return find(key, () -> Optional.of(load.get())).orElseThrow();
        }

        void clear() {
            entries = new ConcurrentHashMap<>();
        }
    }
}
