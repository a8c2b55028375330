package dev.atrium.logs;

import dev.atrium.consent.ConsentGrant;
import dev.atrium.consent.ConsentStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ConsentStore} that records each consent given ({@code consent_given}) in the tenant log: storing
 * a grant is the one place a consent comes into being, whichever page or flow asked for it.
 */
public final class RecordingConsentStore implements ConsentStore {
    private final ConsentStore store;
    private final EventLog log;

    public RecordingConsentStore(ConsentStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    @Override
    public Optional<ConsentGrant> find(String userId, String clientId, String audience, Optional<String> organizationId) {
        return store.find(userId, clientId, audience, organizationId);
    }

    @Override
    public ConsentGrant grant(String userId, String clientId, String audience, Optional<String> organizationId, List<String> scope) {
        ConsentGrant g = store.grant(userId, clientId, audience, organizationId, scope);
        log.record(LogEvent.of(LogTypes.CONSENT_GIVEN, "Consent given").user(userId, null).client(clientId, null)
                .audience(audience).scope(String.join(" ", scope)).organization(organizationId.orElse(null), null)
                .detail("grant_id", g.id()));
        return g;
    }

    @Override
    public Optional<ConsentGrant> findById(String id) {
        return store.findById(id);
    }

    @Override
    public List<ConsentGrant> list(Optional<String> userId, Optional<String> clientId, Optional<String> audience) {
        return store.list(userId, clientId, audience);
    }

    @Override
    public boolean delete(String id, Instant now) {
        return store.delete(id, now);
    }

    @Override
    public int deleteAllOfUser(String userId, Instant now) {
        return store.deleteAllOfUser(userId, now);
    }
}
