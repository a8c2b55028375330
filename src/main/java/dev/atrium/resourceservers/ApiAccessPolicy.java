package dev.atrium.resourceservers;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code subject_type_authorization.<subject>.policy} of an API: which applications may obtain its
 * tokens for a subject. User flows default to {@link #ALLOW_ALL}; machine-to-machine flows to
 * {@link #REQUIRE_CLIENT_GRANT} and never take {@link #ALLOW_ALL}.
 */
public enum ApiAccessPolicy {
    ALLOW_ALL("allow_all"), REQUIRE_CLIENT_GRANT("require_client_grant"), DENY_ALL("deny_all");

    private final String wire;

    ApiAccessPolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ApiAccessPolicy> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(value)).findFirst();
    }
}
