package dev.atrium.connections.saml;

import java.time.Instant;

/** Assertion ids already accepted, per connection, kept until the assertion itself would have expired. */
public interface AssertionIdStore {
    /**
     * Records the id; false when it was recorded before and has not expired yet (a replay). Expired records may be
     * removed on the way.
     */
    boolean remember(String connectionId, String assertionId, Instant expiresAt, Instant now);
}
