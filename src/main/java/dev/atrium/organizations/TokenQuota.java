package dev.atrium.organizations;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** An organization's {@code token_quota.client_credentials}; {@code enforce} defaults to true. */
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
