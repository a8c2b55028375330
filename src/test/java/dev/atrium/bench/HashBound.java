package dev.atrium.bench;

import dev.atrium.users.Argon2PasswordHasher;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on sign-ins (issue 15, goal 5): each sign-in checks one Argon2id hash, so a machine with
 * {@code n} cores completes at most {@code n / t} sign-ins a second, {@code t} being one check's time on
 * one core. Measured here, in the benchmark's JVM with Atrium's own hasher and the server's parameters
 * (its defaults, or {@code bench.argon2MemoryKib}, {@code bench.argon2Iterations},
 * {@code bench.argon2Parallelism}, which the benchmark also passes to the server), while the server is idle.
 */
final class HashBound {
    private HashBound() {
    }

    static int memoryKib() {
        return Integer.getInteger("bench.argon2MemoryKib", 19456);
    }

    static int iterations() {
        return Integer.getInteger("bench.argon2Iterations", 2);
    }

    static int parallelism() {
        return Integer.getInteger("bench.argon2Parallelism", 1);
    }

    /**
     * The bound two ways: {@code extrapolated}, the machine's cores times one check's rate on one core (the
     * goal's bound), and {@code allCores}, the checks a second measured with one running on every core at once.
     */
    record Bound(double extrapolated, double allCores) {
    }

    /** Sign-ins per second the hash allows on this machine's cores; prints how it was found. */
    static Bound signInsPerSecond() {
        Argon2PasswordHasher hasher = new Argon2PasswordHasher(memoryKib(), iterations(), parallelism());
        String hash = hasher.hash("bench-password");
        for (int i = 0; i < 10; i++) {
            hasher.verify("bench-password", hash); // JIT warm-up
        }
        long[] ns = new long[15];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            hasher.verify("bench-password", hash);
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        double ms = ns[ns.length / 2] / 1e6;
        int cores = Runtime.getRuntime().availableProcessors();
        double bound = cores * 1000.0 / ms;
        System.out.printf(Locale.ROOT, "sign_in_bound: one Argon2id check (%d KiB, %d passes, %d lane) takes %.1f ms of a core "
                + "(median of 15): at most %.1f sign-ins/s on %d cores%n", memoryKib(), iterations(), parallelism(), ms, bound, cores);
        double together = checksPerSecondOnAllCores(hasher, hash, cores);
        System.out.printf(Locale.ROOT, "sign_in_bound_all_cores: %d checks at a time, nothing else running: %.1f checks/s "
                + "(%.1f ms each; %.0f %% of the one-core extrapolation)%n", cores, together, cores * 1000.0 / together,
                100 * together / bound);
        return new Bound(bound, together);
    }

    /**
     * Checks a second with one check running on every core at once, for 5 s after 1 s of warm-up: what the
     * cores deliver together, where they share the last-level cache and the memory bus (each check works
     * through its own 19 MiB), which the one-core extrapolation does not see.
     */
    static double checksPerSecondOnAllCores(Argon2PasswordHasher hasher, String hash, int cores) {
        AtomicLong done = new AtomicLong();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] threads = new Thread[cores];
        for (int i = 0; i < cores; i++) {
            threads[i] = new Thread(() -> {
                while (!stop.get()) {
                    hasher.verify("bench-password", hash);
                    if (counting.get()) {
                        done.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        try {
            Thread.sleep(1000);
            counting.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(5000);
            long n = done.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            return n / seconds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
