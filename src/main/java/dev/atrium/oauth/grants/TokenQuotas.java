package dev.atrium.oauth.grants;

import dev.atrium.clients.Client;
import dev.atrium.oauth.OAuthException;
import dev.atrium.organizations.Organization;
import dev.atrium.organizations.TokenQuota;
import dev.atrium.organizations.TokenQuotaStore;
import dev.atrium.organizations.TokenQuotaStore.Limit;
import dev.atrium.tenant.TenantStore;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Token quotas of machine-to-machine access (O121, E18): before a client-credentials token is
 * issued, it is counted against the application's {@code token_quota.client_credentials} and, for an
 * organization-bound token, the organization's (each falling back to the tenant's
 * {@code default_token_quota.clients} / {@code .organizations}). Windows are the UTC hour and the UTC
 * day. An enforced quota that is used up answers {@code 429 too_many_requests} and issues nothing;
 * an unenforced one is only reported. Either way the answer carries Auth0's
 * {@code Auth0-Client-Quota-Limit} / {@code Auth0-Organization-Quota-Limit} headers, each a list of
 * {@code b=<bucket>;q=<quota>;r=<remaining>;t=<seconds to reset>}.
 *
 * <p>Specification: Auth0 "Fine-grained M2M token quotas" (the header format is the one Auth0's
 * SDKs parse, e.g. node-auth0's {@code HttpResponseHeadersUtils}).
 */
public final class TokenQuotas {
    static final String CLIENT_HEADER = "Auth0-Client-Quota-Limit";
    static final String ORGANIZATION_HEADER = "Auth0-Organization-Quota-Limit";
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    private final TokenQuotaStore store;
    private final TenantStore tenant;
    private final Clock clock;

    public TokenQuotas(TokenQuotaStore store, TenantStore tenant, Clock clock) {
        this.store = store;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** One counted limit and where its answer goes. */
    private record Counted(Limit limit, String header, String description, long resetsAt) {
    }

    /**
     * Counts one token for {@code client} (and {@code org}); the quota headers go into
     * {@code headers}. Throws the 429 when an enforced quota is used up, after which nothing was counted.
     */
    public void take(Client client, Optional<Organization> org, Map<String, String> headers) {
        JsonNode defaults = tenant.get().setting("default_token_quota");
        long now = clock.instant().getEpochSecond();
        List<Counted> counted = new ArrayList<>();
        quota(client.property("token_quota"), defaults.get("clients")).ifPresent(q ->
                add(counted, q, "client:" + client.clientId(), CLIENT_HEADER, "Client quota exceeded", now));
        org.flatMap(o -> quota(o.doc().get("token_quota"), defaults.get("organizations"))).ifPresent(q ->
                add(counted, q, "organization:" + org.get().id(), ORGANIZATION_HEADER, "Organization quota exceeded", now));
        if (counted.isEmpty()) {
            return;
        }
        TokenQuotaStore.Outcome outcome = store.take(counted.stream().map(Counted::limit).toList());
        Map<String, List<String>> values = new LinkedHashMap<>();
        Counted full = null;
        for (int i = 0; i < counted.size(); i++) {
            Counted c = counted.get(i);
            long used = outcome.counts().get(i);
            long remaining = Math.max(0, c.limit().max() - used);
            values.computeIfAbsent(c.header(), k -> new ArrayList<>()).add("b=" + c.limit().bucket() + ";q=" + c.limit().max()
                    + ";r=" + remaining + ";t=" + (c.resetsAt() - now));
            boolean exhausted = c.limit().enforce() && used >= c.limit().max();
            // the client's quota is named before the organization's; within one, the longer window decides when to retry
            if (!outcome.allowed() && exhausted && (full == null || (full.header().equals(c.header()) && c.resetsAt() > full.resetsAt()))) {
                full = c;
            }
        }
        values.forEach((header, list) -> headers.put(header, String.join(",", list)));
        if (!outcome.allowed()) {
            Counted f = full == null ? counted.get(0) : full;
            headers.put("Retry-After", Long.toString(f.resetsAt() - now));
            headers.put("X-RateLimit-Limit", Long.toString(f.limit().max()));
            headers.put("X-RateLimit-Remaining", "0");
            headers.put("X-RateLimit-Reset", Long.toString(f.resetsAt()));
            throw OAuthException.refused(429, dev.atrium.access.ReasonCode.TOKEN_QUOTA_EXCEEDED, f.description());
        }
    }

    private static Optional<TokenQuota> quota(JsonNode own, JsonNode tenantDefault) {
        Optional<TokenQuota> q = TokenQuota.stored(own);
        return q.isPresent() ? q : TokenQuota.stored(tenantDefault);
    }

    private static void add(List<Counted> out, TokenQuota q, String subject, String header, String description, long now) {
        q.perHour().ifPresent(max -> {
            long window = now - Math.floorMod(now, HOUR);
            out.add(new Counted(new Limit(subject, "per_hour", window, max, q.enforce()), header, description, window + HOUR));
        });
        q.perDay().ifPresent(max -> {
            long window = now - Math.floorMod(now, DAY);
            out.add(new Counted(new Limit(subject, "per_day", window, max, q.enforce()), header, description, window + DAY));
        });
    }
}
