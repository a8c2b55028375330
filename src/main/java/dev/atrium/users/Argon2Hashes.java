package dev.atrium.users;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Argon2 hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, salt and
 * hash in unpadded base64, as Spring Security and most libraries write them), computed with
 * Bouncy Castle over memory that is reused (issue 15, sign-ins and footprint).
 *
 * <p>Each computation needs {@code m} KiB of working memory in 1 KiB blocks. Made anew for every
 * sign-in, those 19,456 blocks were garbage a few tens of milliseconds later, still alive at many young
 * collections, so the collector copied them again and again and grew the heap: the sign-in cost about
 * twice the hash itself in server CPU, and three minutes of mixed load left the process at over a
 * gibibyte. Here there is one set of blocks per core, taken for the length of one computation, the
 * most recently used set first (at most one computation per core runs at a time, the others wait in
 * arrival order); Bouncy Castle clears every block before it goes back.
 *
 * <p>A set nobody has used for {@link #IDLE} is let go (and made again by the next computation): kept,
 * its 19,456 blocks stayed live in the old generation of a server that was not signing anyone in (20
 * of the 50 MiB live after a full collection under a token load; issue 15, tail).
 */
final class Argon2Hashes {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The most memory a stored hash may ask for: 1 GiB, libsodium's "sensitive" level. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    /** The most passes a stored hash may ask for. */
    static final int MAX_ITERATIONS = 16;

    /** A decoded hash: its type, version, parameters, salt and digest. */
    record Hash(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] digest) {
        String encode() {
            return "$" + name(type) + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest);
        }
    }

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final int saltBytes;
    private final int hashBytes;
    /** How long a core's working memory is kept without a computation using it. */
    static final Duration IDLE = Duration.ofSeconds(30);
    /** Lets go of idle working memory; one daemon thread for every instance, which it holds only weakly. */
    private static final ScheduledExecutorService RELEASER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-argon2-release");
        t.setDaemon(true);
        return t;
    });

    /**
     * One core's working memory: made by the first computation after it was let go. Its fields change only
     * under the lock of {@link #free}, while it is there or as it is taken from there.
     */
    private static final class Memory {
        private Argon2BytesGenerator.BlockPool pool;
        private long lastUsed;
    }

    /** One permit per core; waiters are served in arrival order. */
    private final Semaphore turns;
    /**
     * The sets not in use (a set being used is in none), the most recently used first: a steady trickle of
     * computations keeps using one.
     */
    private final Deque<Memory> free = new ArrayDeque<>();
    private final List<Memory> all;
    private final int blocks;
    private final long idleNanos;

    Argon2Hashes(int memoryKib, int iterations, int parallelism, int saltBytes, int hashBytes, int concurrent) {
        this(memoryKib, iterations, parallelism, saltBytes, hashBytes, concurrent, IDLE);
    }

    Argon2Hashes(int memoryKib, int iterations, int parallelism, int saltBytes, int hashBytes, int concurrent, Duration idle) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.saltBytes = saltBytes;
        this.hashBytes = hashBytes;
        this.turns = new Semaphore(concurrent, true);
        // a pool keeps at most this many blocks; its blocks are made on first use, not here
        this.blocks = Argon2BytesGenerator.getBlockCount(memoryKib, parallelism);
        for (int i = 0; i < concurrent; i++) {
            free.add(new Memory());
        }
        this.all = List.copyOf(free);
        this.idleNanos = idle.toNanos();
        releaseWhenIdle(this, Math.max(idleNanos / 3, TimeUnit.MILLISECONDS.toNanos(10)));
    }

    /** Every {@code period}, lets go of the instance's idle memory, until the instance itself is gone. */
    private static void releaseWhenIdle(Argon2Hashes hashes, long periodNanos) {
        WeakReference<Argon2Hashes> ref = new WeakReference<>(hashes);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(RELEASER.scheduleWithFixedDelay(() -> {
            Argon2Hashes h = ref.get();
            if (h != null) {
                h.releaseIdle(System.nanoTime());
            } else if (task.get() != null) {
                task.get().cancel(false);
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS));
    }

    /** Lets go of every set not in use and unused for {@link #idleNanos}; the number let go. */
    int releaseIdle(long now) {
        int released = 0;
        synchronized (free) {
            for (Memory m : free) {
                if (m.pool != null && now - m.lastUsed >= idleNanos) {
                    m.pool = null;
                    released++;
                }
            }
        }
        return released;
    }

    /** How many cores' working memory is held now. */
    int held() {
        synchronized (free) {
            return (int) all.stream().filter(m -> m.pool != null).count();
        }
    }

    /** A new Argon2id hash of {@code password} with this instance's parameters and a random salt. */
    String hash(String password) {
        byte[] salt = new byte[saltBytes];
        RANDOM.nextBytes(salt);
        Hash h = new Hash(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations, parallelism, salt,
                new byte[hashBytes]);
        compute(h, password, h.digest());
        return h.encode();
    }

    /** Whether {@code password} gives {@code encoded} (compared in constant time); false for anything unreadable. */
    boolean matches(String password, String encoded) {
        Optional<Hash> h = decode(encoded);
        if (h.isEmpty()) {
            return false;
        }
        byte[] out = new byte[h.get().digest().length];
        compute(h.get(), password, out);
        return MessageDigest.isEqual(out, h.get().digest());
    }

    /** Whether {@code encoded} was made with weaker parameters than this instance's (or cannot be read). */
    boolean weaker(String encoded) {
        return decode(encoded).map(h -> h.memoryKib() < memoryKib || h.iterations() < iterations || h.parallelism() < parallelism)
                .orElse(true);
    }

    private void compute(Hash h, String password, byte[] out) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
        Memory m;
        Argon2BytesGenerator.BlockPool pool;
        synchronized (free) {
            m = free.pop(); // never empty: a permit stands for a set
            if (m.pool == null) {
                m.pool = new Argon2BytesGenerator.FixedBlockPool(blocks); // an empty pool; blocks come on first use
            }
            pool = m.pool;
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(h.type()).withVersion(h.version()).withMemoryAsKB(h.memoryKib())
                    .withIterations(h.iterations()).withParallelism(h.parallelism()).withSalt(h.salt()).withBlockPool(pool).build());
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            synchronized (free) {
                m.lastUsed = System.nanoTime();
                free.push(m);
            }
            turns.release();
        }
    }

    /** Reads a PHC string; empty when it is not a well-formed Argon2 hash with sane parameters. */
    static Optional<Hash> decode(String encoded) {
        String[] parts = encoded.split("\\$");
        // "", type, v=19, m=..,t=..,p=.., salt, hash
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[2].startsWith("v=")) {
            return Optional.empty();
        }
        try {
            int type = switch (parts[1]) {
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> -1;
            };
            int version = Integer.parseInt(parts[2].substring(2));
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] digest = B64D.decode(parts[5]);
            // bounds keep a stored (or imported) hash from asking for absurd work or memory
            if (type < 0 || (version != Argon2Parameters.ARGON2_VERSION_13 && version != Argon2Parameters.ARGON2_VERSION_10)
                    || m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > MAX_ITERATIONS || p < 1 || p > 64 || m < 8 * p
                    || salt.length < 8 || digest.length < 4 || digest.length > 1024) {
                return Optional.empty();
            }
            return Optional.of(new Hash(type, version, m, t, p, salt, digest));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String name(int type) {
        return switch (type) {
            case Argon2Parameters.ARGON2_id -> "argon2id";
            case Argon2Parameters.ARGON2_i -> "argon2i";
            default -> "argon2d";
        };
    }
}
