package dev.atrium.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Enrolls and checks TOTP factors. Secrets are sealed by the caller's sealer (the master key's AES-GCM) before
 * they reach the store and opened only to compute codes.
 */
public final class MfaService {
    public static final String OTP = "totp";
    /** The enrollment type of a recovery code; its {@code secret} is the code's SHA-256, never the code. */
    public static final String RECOVERY_CODE = "recovery-code";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaStore store;
    private final Function<byte[], String> seal;
    private final Function<String, byte[]> open;
    private final Clock clock;

    public MfaService(MfaStore store, Function<byte[], String> seal, Function<String, byte[]> open, Clock clock) {
        this.store = store;
        this.seal = seal;
        this.open = open;
        this.clock = clock;
    }

    /** A new, unconfirmed TOTP enrollment; what the enrollment page shows. */
    public record Pending(String enrollmentId, String secretBase32) {
        public String uri(String issuer, String account) {
            String label = enc(issuer) + ":" + enc(account);
            return "otpauth://totp/" + label + "?secret=" + secretBase32 + "&issuer=" + enc(issuer)
                    + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    public List<MfaEnrollment> confirmed(String userId) {
        return store.list(userId).stream().filter(MfaEnrollment::confirmed).toList();
    }

    /** The user has a confirmed factor to be challenged with (a recovery code alone is none: it backs one up). */
    public boolean enrolled(String userId) {
        return confirmed(userId).stream().anyMatch(e -> !RECOVERY_CODE.equals(e.type()));
    }

    public boolean hasRecoveryCode(String userId) {
        return store.list(userId).stream().anyMatch(e -> RECOVERY_CODE.equals(e.type()));
    }

    /**
     * A new recovery code for the user, replacing any earlier one. Only its SHA-256 is stored: the returned code is
     * shown once and cannot be read back.
     */
    public String newRecoveryCode(String userId) {
        store.list(userId).stream().filter(e -> RECOVERY_CODE.equals(e.type())).forEach(e -> store.delete(userId, e.id()));
        String code = dev.atrium.common.Ids.alnum(24).toUpperCase(java.util.Locale.ROOT);
        store.create(new MfaEnrollment("recovery-code|dev_" + dev.atrium.common.Ids.alnum(20), userId, RECOVERY_CODE,
                sha256(normalize(code)), true, -1, clock.instant()));
        return code;
    }

    /**
     * Uses the user's recovery code up when {@code code} is it: the stored hash is deleted, and of two requests with
     * the same code exactly one wins (the delete). The caller then issues a new code with {@link #newRecoveryCode}.
     */
    public boolean useRecoveryCode(String userId, String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return false;
        }
        byte[] presented = sha256(normalize(code)).getBytes(StandardCharsets.US_ASCII);
        for (MfaEnrollment e : store.list(userId)) {
            if (RECOVERY_CODE.equals(e.type())
                    && java.security.MessageDigest.isEqual(e.secret().getBytes(StandardCharsets.US_ASCII), presented)) {
                return store.delete(userId, e.id());
            }
        }
        return false;
    }

    private static String normalize(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // ---- the amr of SSO sessions

    /** The SSO session {@code sid} was started after the second factor(s) {@code methods} ({@code ["mfa", ...]}). */
    public void recordSession(String sid, String userId, List<String> methods) {
        store.recordSession(sid, userId, methods, clock.instant());
    }

    /** The amr of the sign-in that started {@code sid}: {@code ["mfa", methods...]}, or empty. Null-safe. */
    public List<String> sessionMethods(String sid) {
        return sid == null ? List.of() : store.sessionMethods(sid);
    }

    // ---- remembered browsers

    /** Remembers this browser for {@code days}; the returned value is the cookie, of which only a hash is stored. */
    public String rememberBrowser(String userId, int days) {
        String token = dev.atrium.common.Ids.alnum(40);
        store.rememberBrowser(sha256(token), userId, clock.instant().plus(java.time.Duration.ofDays(days)), clock.instant());
        return token;
    }

    public boolean browserRemembered(String token, String userId) {
        return token != null && token.matches("[A-Za-z0-9]{40}") && store.browserRemembered(sha256(token), userId, clock.instant());
    }

    public int forgetBrowsers(String userId) {
        return store.forgetBrowsers(userId);
    }

    /** The user's pending enrollment, or a new one (160-bit secret, RFC 4226 §4). */
    public Pending pending(String userId) {
        Optional<MfaEnrollment> open = store.list(userId).stream().filter(e -> !e.confirmed() && OTP.equals(e.type())).findFirst();
        if (open.isPresent()) {
            return new Pending(open.get().id(), Base32.encode(this.open.apply(open.get().secret())));
        }
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        String id = "totp|dev_" + dev.atrium.common.Ids.alnum(20);
        store.create(new MfaEnrollment(id, userId, OTP, seal.apply(key), false, -1, clock.instant()));
        return new Pending(id, Base32.encode(key));
    }

    /**
     * Checks a code against the user's enrollments (the pending one only while {@code enrolling}); a match
     * uses its time step up, and confirms a pending enrollment.
     */
    public boolean verify(String userId, String code, boolean enrolling) {
        Instant now = clock.instant();
        for (MfaEnrollment e : store.list(userId)) {
            if (!OTP.equals(e.type()) || e.confirmed() == enrolling) {
                continue;
            }
            OptionalLong step = Totp.match(open.apply(e.secret()), code == null ? null : code.trim(), now, e.lastStep());
            if (step.isPresent() && store.useStep(e.id(), e.lastStep(), step.getAsLong())) {
                return true;
            }
        }
        return false;
    }

    public List<MfaEnrollment> list(String userId) {
        return store.list(userId);
    }

    public Optional<MfaEnrollment> find(String userId, String id) {
        return store.find(userId, id);
    }

    public boolean delete(String userId, String id) {
        return store.delete(userId, id);
    }

    public void deleteAll(String userId) {
        store.deleteAll(userId);
    }
}
