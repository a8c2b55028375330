package dev.atrium.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/** Random identifiers in Auth0's formats (operations.md, "Identifier formats"). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String URL_SAFE = ALNUM + "-_";

    /** The identifier an importer asked to keep, until a generator of its shape takes it (see {@link #preferring}). */
    private static final ThreadLocal<String> PREFERRED = new ThreadLocal<>();

    private Ids() {
    }

    /**
     * Runs {@code action} so that the first identifier it generates whose shape equals {@code id}'s
     * (same prefix, length and alphabet) is {@code id} itself; the tenant import keeps Auth0's ids this
     * way without a second creation path in each service. Only this thread is affected, and only once;
     * an id of another shape is ignored and a random one is generated as usual.
     */
    public static <T> T preferring(String id, Supplier<T> action) {
        PREFERRED.set(id);
        try {
            return action.get();
        } finally {
            PREFERRED.remove();
        }
    }

    /** {@code n} random letters and digits. */
    public static String alnum(int n) {
        String p = PREFERRED.get();
        if (p != null && p.length() == n && p.chars().allMatch(ch -> ALNUM.indexOf(ch) >= 0)) {
            PREFERRED.remove();
            return p;
        }
        return pick(ALNUM, n);
    }

    /** {@code n} random characters of the URL-safe base64 alphabet (client secrets). */
    public static String urlSafe(int n) {
        return pick(URL_SAFE, n);
    }

    /** {@code bytes} random bytes as lower-case hex (24 hex for Auth0's object ids). */
    public static String hex(int bytes) {
        String p = PREFERRED.get();
        if (p != null && p.matches("[0-9a-f]{" + (2 * bytes) + "}")) {
            PREFERRED.remove();
            return p;
        }
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String prefixed(String prefix, int n) {
        String p = PREFERRED.get();
        if (p != null && p.startsWith(prefix) && p.length() == prefix.length() + n
                && p.substring(prefix.length()).chars().allMatch(ch -> ALNUM.indexOf(ch) >= 0)) {
            PREFERRED.remove();
            return p;
        }
        return prefix + alnum(n);
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String pick(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
