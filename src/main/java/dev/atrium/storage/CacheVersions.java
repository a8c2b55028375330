package dev.atrium.storage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps this node's cached records in step with the database that several nodes share
 * (ARCHITECTURE.md §5.6, operations.md: any number of nodes on one database). Every write of a
 * cached kind bumps that kind's row of {@code cache_versions} in the writing transaction. A cached
 * read first checks, at most once per {@link #POLL}, whether any row moved, and drops the copies of
 * each kind that did.
 *
 * <p>Staleness bound: a write committed at time t is seen by every read that starts after
 * t + {@link #POLL} on any node (a poll that starts after t sees the new version, and no read is
 * answered from the cache while a due poll runs); on the writing node it is seen at once.
 */
public final class CacheVersions {
    public static final Duration POLL = Duration.ofSeconds(1);
    static final String CLIENTS = "clients";
    static final String CLIENT_GRANTS = "client_grants";
    static final String RESOURCE_SERVERS = "resource_servers";
    static final String TENANT_SETTINGS = "tenant_settings";
    static final String SIGNING_KEYS = "signing_keys";

    private final Jdbi jdbi;
    private final Clock clock;
    private final long pollMillis;
    private final Map<String, Region> regions = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new HashMap<>();
    private volatile long nextPoll = Long.MIN_VALUE;

    public CacheVersions(Jdbi jdbi, Clock clock, Duration poll) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.pollMillis = poll.toMillis();
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

    /** Polls the versions when the last poll is older than {@link #POLL}; readers wait for a due poll. */
    void check() {
        if (clock.millis() < nextPoll) {
            return;
        }
        synchronized (this) {
            long started = clock.millis();
            if (started < nextPoll) {
                return;
            }
            List<Map.Entry<String, Long>> current = jdbi.withHandle(h -> h.createQuery("select kind, version from cache_versions")
                    .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getLong("version"))).list());
            for (Map.Entry<String, Long> row : current) {
                if (!row.getValue().equals(seen.put(row.getKey(), row.getValue()))) {
                    region(row.getKey()).clear();
                }
            }
            nextPoll = started + pollMillis;
        }
    }

    /**
     * One kind's copies. Only found records are kept (so a record created elsewhere is never hidden
     * by a cached miss, and unknown keys cannot grow the map), at most {@link #MAX_ENTRIES} of them.
     * Clearing swaps in a new map: a load that started before the clear puts its possibly old
     * record into the map that was dropped.
     */
    static final class Region {
        static final int MAX_ENTRIES = 10_000;
        private final CacheVersions versions;
        private volatile ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();

        private Region(CacheVersions versions) {
            this.versions = versions;
        }

        @SuppressWarnings("unchecked")
        <V> Optional<V> find(Object key, Supplier<Optional<V>> load) {
            versions.check();
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
