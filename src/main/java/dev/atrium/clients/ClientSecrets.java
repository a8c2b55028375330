package dev.atrium.clients;

import dev.atrium.common.Ids;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Client secrets: 64 random characters of the URL-safe alphabet (384 bits), stored only as an
 * HMAC-SHA256 under a server key. A secret of that entropy needs no slow hash; the key means a
 * stolen table alone does not let anyone test guesses. Comparison is constant-time.
 */
public final class ClientSecrets {
    private final byte[] key;

    public ClientSecrets(byte[] key) {
        this.key = key.clone();
    }

    public static String generate() {
        return Ids.urlSafe(64);
    }

    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "hmac-sha256:" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code presented} is the secret behind {@code storedHash}; constant time in the secret. */
    public boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
