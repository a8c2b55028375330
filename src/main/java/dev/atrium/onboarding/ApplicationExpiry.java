package dev.atrium.onboarding;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Removes self-registered applications (dynamic registration or Client ID Metadata Document) that nobody used for
 * the onboarding policy's {@code expire_unused_after_days}. A use is an authorization request or a token request
 * naming the application; it is recorded at most once per {@link #RECORD_EVERY} per application on this node, so
 * a busy application costs no write per request. An application never used counts from its creation.
 *
 * <p>Removal is lazy and complete: an expired application is deleted when it is next looked up (so it answers as
 * unknown) and every expired one is deleted before a new self-registration is counted against the cap
 * ({@link #sweep}). A metadata-document application removed this way is created afresh from its document on its
 * next use, waiting again for approval where its organization requires it.
 */
public final class ApplicationExpiry {
    static final Duration RECORD_EVERY = Duration.ofHours(1);
    private static final int MAX_TRACKED = 50_000;

    private final ClientUseStore uses;
    private final ClientStore clients;
    private final Supplier<OnboardingPolicy> policy;
    private final Clock clock;
    private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

    public ApplicationExpiry(ClientUseStore uses, ClientStore clients, Supplier<OnboardingPolicy> policy, Clock clock) {
        this.uses = uses;
        this.clients = clients;
        this.policy = policy;
        this.clock = clock;
    }

    /** Records a use of {@code client} when it is self-registered. */
    public void used(Client client) {
        if (!client.isDynamicallyRegistered()) {
            return;
        }
        Instant now = clock.instant();
        Instant last = recorded.get(client.clientId());
        if (last != null && last.isAfter(now.minus(RECORD_EVERY)) && !last.isAfter(now)) {
            return;
        }
        if (recorded.size() > MAX_TRACKED) {
            recorded.clear();
        }
        recorded.put(client.clientId(), now);
        uses.record(client.clientId(), now);
    }

    /** Whether {@code client} is self-registered and unused for longer than the policy allows. */
    public boolean expired(Client client) {
        Integer days = policy.get().expireUnusedAfterDays();
        if (days == null || !client.isDynamicallyRegistered()) {
            return false;
        }
        return lastActivity(client, uses.lastUsed(client.clientId()).orElse(null)).plus(Duration.ofDays(days)).isBefore(clock.instant());
    }

    /** Deletes {@code client} when it has expired; true when it did. */
    public boolean removeIfExpired(Client client) {
        if (!expired(client)) {
            return false;
        }
        clients.delete(client.clientId());
        recorded.remove(client.clientId());
        return true;
    }

    /** Deletes every expired self-registered application; the number deleted. */
    public int sweep() {
        Integer days = policy.get().expireUnusedAfterDays();
        if (days == null) {
            return 0;
        }
        Map<String, Instant> all = uses.all();
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        int n = 0;
        for (Client c : clients.list()) {
            if (c.isDynamicallyRegistered() && lastActivity(c, all.get(c.clientId())).isBefore(cutoff) && clients.delete(c.clientId())) {
                recorded.remove(c.clientId());
                n++;
            }
        }
        return n;
    }

    private static Instant lastActivity(Client c, Instant lastUse) {
        Instant created;
        try {
            created = Instant.parse(Json.text(c.doc(), "created_at", Instant.EPOCH.toString()));
        } catch (java.time.format.DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return lastUse != null && lastUse.isAfter(created) ? lastUse : created;
    }
}
