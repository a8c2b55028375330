package dev.atrium.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Consents, unique per (user, client, audience, organization). */
public interface ConsentStore {
    Optional<ConsentGrant> find(String userId, String clientId, String audience, Optional<String> organizationId);

    /** Creates the consent, or adds {@code scope} to the existing one; returns the stored consent. */
    ConsentGrant grant(String userId, String clientId, String audience, Optional<String> organizationId, List<String> scope);

    Optional<ConsentGrant> findById(String id);

    /** Consents matching every given filter, oldest first. */
    List<ConsentGrant> list(Optional<String> userId, Optional<String> clientId, Optional<String> audience);

    /**
     * Deletes the consent and, in the same transaction, revokes the refresh tokens issued to its
     * (user, client, audience, organization) (third-party-apps.md T73).
     */
    boolean delete(String id, Instant now);

    /** {@link #delete} for every consent of the user. */
    int deleteAllOfUser(String userId, Instant now);
}
