package dev.atrium.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Signing keys. Times are UTC. */
public interface KeyStore {
    /** Every key, revoked ones included, newest first. */
    List<SigningKey> list();

    Optional<SigningKey> find(String kid);

    /** Stores {@code current} and {@code next} when the store holds no key; false (and nothing written) otherwise. */
    boolean initialise(SigningKey current, SigningKey next);

    /**
     * In one transaction: the current key becomes previous, the next key becomes current, and
     * {@code newNext} is stored as next. Returns false when another node rotated in between.
     */
    boolean rotate(String expectedCurrentKid, SigningKey newNext, Instant now);

    /** Marks a non-current key revoked; false when it does not exist or is current. */
    boolean revoke(String kid, Instant now);
}
