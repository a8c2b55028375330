package dev.atrium.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where enrollments live (TOTP secrets sealed, recovery codes as their SHA-256), with the methods each SSO
 * session was started with and the browsers a user asked to be remembered.
 */
public interface MfaStore {
    void create(MfaEnrollment e);

    List<MfaEnrollment> list(String userId);

    Optional<MfaEnrollment> find(String userId, String id);

    /**
     * Records {@code step} as used, and confirms the enrollment, only if its last step is still {@code expected}:
     * of two requests with the same code, exactly one wins.
     */
    boolean useStep(String id, long expected, long step);

    /** Deletes the user's unconfirmed enrollments (a new enrollment replaces an abandoned one). */
    void deleteUnconfirmed(String userId);

    boolean delete(String userId, String id);

    void deleteAll(String userId);

    /** Records the second-factor methods (e.g. {@code ["mfa","otp"]}) the SSO session {@code sid} was started with. */
    void recordSession(String sid, String userId, List<String> methods, Instant at);

    /** The methods recorded for {@code sid}; empty when its sign-in passed no second factor. */
    List<String> sessionMethods(String sid);

    /** Remembers a browser for {@code userId} until {@code expiresAt}; {@code tokenHash}: SHA-256 of its cookie. */
    void rememberBrowser(String tokenHash, String userId, Instant expiresAt, Instant at);

    /** The browser of {@code tokenHash} is remembered for {@code userId} and has not expired at {@code now}. */
    boolean browserRemembered(String tokenHash, String userId, Instant now);

    /** Forgets every remembered browser of the user; how many there were. */
    int forgetBrowsers(String userId);
}
