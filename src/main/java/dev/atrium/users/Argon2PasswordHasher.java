package dev.atrium.users;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id with configurable parameters (OWASP's minimum by default) for every new hash. Hashes
 * imported from Auth0 or elsewhere in bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, optionally
 * prefixed {@code {bcrypt}}) still verify and report {@link #needsUpgrade}, so a successful login
 * can replace them.
 *
 * <p>At most one hash or check per core runs at a time (issue 15, footprint): hashing is CPU-bound, so
 * more concurrent ones than cores finish no sooner, and each Argon2 computation works in its own
 * memory (19 MiB by default), which {@link Argon2Hashes} keeps and reuses, one set per core. The others
 * wait their turn, in arrival order.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    private static final String BCRYPT_PREFIX = "{bcrypt}";
    private static final String ARGON2_PREFIX = "{argon2}";

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Hashes argon2;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Semaphore running = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    /** OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
    public Argon2PasswordHasher() {
        this(19 * 1024, 2, 1);
    }

    /**
     * New hashes use these parameters; a stored hash carries its own, so hashes made with other
     * parameters still verify, and weaker ones report {@link #needsUpgrade}.
     */
    public Argon2PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.argon2 = new Argon2Hashes(memoryKib, iterations, parallelism, SALT_BYTES, HASH_BYTES,
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String hash(String password) {
        return argon2.hash(password);
    }

    @Override
    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        if (isBcrypt(hash)) {
            return oneAtATimePerCore(() -> bcrypt.matches(password, strip(hash, BCRYPT_PREFIX)));
        }
        String argon = strip(hash, ARGON2_PREFIX);
        return argon.startsWith("$argon2") && argon2.matches(password, argon);
    }

    private <T> T oneAtATimePerCore(Supplier<T> work) {
        running.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            running.release();
        }
    }

    @Override
    public boolean needsUpgrade(String hash) {
        if (hash == null || isBcrypt(hash)) {
            return true;
        }
        String argon = strip(hash, ARGON2_PREFIX);
        // weaker Argon2 parameters than today's also call for a fresh hash
        return !argon.startsWith("$argon2") || argon2.weaker(argon);
    }

    private static boolean isBcrypt(String hash) {
        String h = strip(hash, BCRYPT_PREFIX);
        return h.startsWith("$2a$") || h.startsWith("$2b$") || h.startsWith("$2y$");
    }

    private static String strip(String hash, String prefix) {
        return hash.startsWith(prefix) ? hash.substring(prefix.length()) : hash;
    }
}
