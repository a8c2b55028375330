package dev.atrium.mfa;

import java.util.List;
import java.util.Optional;

/** Where enrollments live. */
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
}
