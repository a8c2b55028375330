package dev.atrium.onboarding;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** When each self-registered application was last used (issue 14, {@link ApplicationExpiry}). */
public interface ClientUseStore {
    Optional<Instant> lastUsed(String clientId);

    /** Every recorded use, by client id. */
    Map<String, Instant> all();

    /** Records a use at {@code at}; nothing when the application does not exist. */
    void record(String clientId, Instant at);
}
