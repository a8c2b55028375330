package dev.atrium.tokens;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes by hash; {@link #consume} is atomic, so a code is redeemed at most once. */
public interface AuthorizationCodeStore {
    void create(AuthorizationCode code);

    /** The outcome of redeeming a code. */
    sealed interface Consumed {
        record Ok(AuthorizationCode code) implements Consumed {
        }

        /** The code was already redeemed: whatever it issued must be revoked. */
        record Replayed(AuthorizationCode code) implements Consumed {
        }

        record Invalid() implements Consumed {
        }
    }

    /**
     * The code, consumed or not, without changing it: the grant checks who presents it (client, redirect
     * URI, PKCE verifier) before {@link #consume} spends it, so a wrong presenter can neither burn the code
     * nor trigger the replay revocation.
     */
    Optional<AuthorizationCode> find(String codeHash);

    Consumed consume(String codeHash, Instant now);
}
