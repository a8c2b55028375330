package dev.atrium.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * CSRF tokens for every form: an HMAC of the browser's device cookie under a server key, so a page
 * of another site, which can neither read that cookie nor compute the HMAC, cannot forge a post.
 * The device cookie also binds authorization transactions to the browser that started them.
 */
public final class Csrf {
    private final byte[] key;

    public Csrf(byte[] key) {
        this.key = key.clone();
    }

    public String token(String deviceId, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal((purpose + "|" + deviceId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean valid(String deviceId, String purpose, String presented) {
        if (deviceId == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token(deviceId, purpose).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
