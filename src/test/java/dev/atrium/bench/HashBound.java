package dev.atrium.bench;

import dev.atrium.users.Argon2PasswordHasher;

import java.util.Arrays;
import java.util.Locale;

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

    /** Sign-ins per second the hash allows on this machine's cores; prints how it was found. */
    static double signInsPerSecond() {
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
        return bound;
    }
}
