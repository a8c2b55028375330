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

    public boolean enrolled(String userId) {
        return !confirmed(userId).isEmpty();
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
