package dev.atrium.email;

import java.time.Instant;
import java.util.Optional;

/** Single-use links by the hash of their token. {@code consume} is atomic: true for exactly one caller. */
public interface AccountTicketStore {
    void create(AccountTicket ticket);

    Optional<AccountTicket> find(String tokenHash);

    /** Marks the ticket used if it is unused and unexpired at {@code now}; true for exactly one caller. */
    boolean consume(String tokenHash, Instant now);

    /** Marks every unused ticket of this kind of the user used (after a reset, the other links die). */
    int consumeAllOf(String userId, String kind, Instant now);
}
