package dev.atrium.users;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Argon2 hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, salt and
 * hash in unpadded base64, as Spring Security and most libraries write them), computed with
 * Bouncy Castle over memory that is reused (issue 15, sign-ins and footprint).
 *
 * <p>Each computation needs {@code m} KiB of working memory in 1 KiB blocks. Made anew for every
 * sign-in, those 19,456 blocks were garbage a few tens of milliseconds later, still alive at many young
 * collections, so the collector copied them again and again and grew the heap: the sign-in cost about
 * twice the hash itself in server CPU, and three minutes of mixed load left the process at over a
 * gibibyte. Here there is one set of blocks per core, taken from a queue for the length of one
 * computation (at most one computation per core runs at a time, the others wait in arrival order);
 * Bouncy Castle clears every block before it goes back.
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
    private final BlockingQueue<Argon2BytesGenerator.BlockPool> memory;

    Argon2Hashes(int memoryKib, int iterations, int parallelism, int saltBytes, int hashBytes, int concurrent) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.saltBytes = saltBytes;
        this.hashBytes = hashBytes;
        this.memory = new ArrayBlockingQueue<>(concurrent, true);
        int blocks = Argon2BytesGenerator.getBlockCount(memoryKib, parallelism);
        for (int i = 0; i < concurrent; i++) {
            // a pool keeps at most this many blocks; its blocks are made on first use, not here
            memory.add(new Argon2BytesGenerator.FixedBlockPool(blocks));
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
        Argon2BytesGenerator.BlockPool pool;
        try {
            pool = memory.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(h.type()).withVersion(h.version()).withMemoryAsKB(h.memoryKib())
                    .withIterations(h.iterations()).withParallelism(h.parallelism()).withSalt(h.salt()).withBlockPool(pool).build());
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            memory.add(pool);
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
