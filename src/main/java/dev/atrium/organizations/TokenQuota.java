package dev.atrium.organizations;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A {@code token_quota.client_credentials} of an organization or an application (O121, E18): how
 * many machine-to-machine tokens may be issued per UTC hour and per UTC day; {@code enforce}
 * defaults to true, and an unenforced quota is only reported.
 *
 * <p>Specification: Auth0 Management API schema {@code TokenQuotaClientCredentials}; Auth0
 * "Fine-grained M2M token quotas".
 */
public record TokenQuota(boolean enforce, Optional<Long> perDay, Optional<Long> perHour) {
    public TokenQuota {
        check("per_day", perDay);
        check("per_hour", perHour);
    }

    private static void check(String name, Optional<Long> value) {
        if (value.isPresent() && (value.get() < 1 || value.get() > Integer.MAX_VALUE)) {
            throw new InvalidRequestException("token_quota",
                    "token_quota.client_credentials." + name + " must be an integer from 1 to 2147483647");
        }
    }

    /** The Management API's {@code token_quota} value as a request sends it; anything else is refused with its reason. */
    public static TokenQuota parse(JsonNode v) {
        if (!(v instanceof ObjectNode q) || q.size() != 1 || !(q.get("client_credentials") instanceof ObjectNode cc)) {
            throw new InvalidRequestException("token_quota", "token_quota must be {\"client_credentials\": {...}}");
        }
        if (cc.isEmpty()) {
            throw new InvalidRequestException("token_quota", "token_quota.client_credentials needs at least one property");
        }
        boolean enforce = true;
        Optional<Long> perDay = Optional.empty();
        Optional<Long> perHour = Optional.empty();
        for (String key : cc.propertyNames()) {
            JsonNode value = cc.get(key);
            switch (key) {
                case "enforce" -> {
                    if (!value.isBoolean()) {
                        throw new InvalidRequestException("token_quota", "token_quota.client_credentials.enforce must be a boolean");
                    }
                    enforce = value.asBoolean();
                }
                case "per_day", "per_hour" -> {
                    if (!value.isIntegralNumber()) {
                        throw new InvalidRequestException("token_quota",
                                "token_quota.client_credentials." + key + " must be an integer from 1 to 2147483647");
                    }
                    if (key.equals("per_day")) {
                        perDay = Optional.of(value.asLong());
                    } else {
                        perHour = Optional.of(value.asLong());
                    }
                }
                default -> throw new InvalidRequestException("token_quota",
                        "Additional properties not allowed: token_quota.client_credentials." + key);
            }
        }
        return new TokenQuota(enforce, perDay, perHour);
    }

    /**
     * The quota a stored document holds under {@code token_quota} (a client's, an organization's, or
     * the tenant's default); empty when there is none or it is not a valid quota.
     */
    public static Optional<TokenQuota> stored(JsonNode tokenQuota) {
        if (tokenQuota == null || tokenQuota.isNull() || tokenQuota.isMissingNode()) {
            return Optional.empty();
        }
        try {
            TokenQuota q = parse(tokenQuota);
            return q.perDay().isEmpty() && q.perHour().isEmpty() ? Optional.empty() : Optional.of(q);
        } catch (InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** The stored and emitted form, {@code {"client_credentials": {...}}}. */
    public ObjectNode toJson() {
        ObjectNode cc = Json.object();
        cc.put("enforce", enforce);
        perDay.ifPresent(v -> cc.put("per_day", v.intValue()));
        perHour.ifPresent(v -> cc.put("per_hour", v.intValue()));
        ObjectNode quota = Json.object();
        quota.set("client_credentials", cc);
        return quota;
    }
}
