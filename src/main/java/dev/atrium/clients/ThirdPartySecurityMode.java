package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code third_party_security_mode} of a third-party application: {@link #STRICT} (the locked-down
 * profile) or {@link #PERMISSIVE} (Auth0's older, looser one, only where the tenant allows it).
 */
public enum ThirdPartySecurityMode {
    STRICT("strict"), PERMISSIVE("permissive");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(ThirdPartySecurityMode::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String wire;

    ThirdPartySecurityMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether {@code value} (a stored or requested value, possibly null) is this mode. */
    public boolean is(String value) {
        return wire.equals(value);
    }

    public static Optional<ThirdPartySecurityMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
