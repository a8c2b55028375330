package dev.atrium.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers in Auth0's formats (operations.md, "Identifier formats"). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String URL_SAFE = ALNUM + "-_";

    private Ids() {
    }

    /** {@code n} random letters and digits. */
    public static String alnum(int n) {
        return pick(ALNUM, n);
    }

    /** {@code n} random characters of the URL-safe base64 alphabet (client secrets). */
    public static String urlSafe(int n) {
        return pick(URL_SAFE, n);
    }

    /** {@code bytes} random bytes as lower-case hex (24 hex for Auth0's object ids). */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String prefixed(String prefix, int n) {
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
