package dev.atrium.organizations;

import java.util.Optional;
import java.util.Set;

/**
 * {@code organization_access_level} of an organization's connection (Early Access, organizations.md
 * §4.3). {@code read-only}, the documentation's spelling, is read as {@link #READONLY} (Q5); the
 * stored and emitted value is always {@link #wire()}.
 */
public enum AccessLevel {
    NONE("none"), READONLY("readonly"), LIMITED("limited"), FULL("full");

    /** Every value requests may carry, the documentation's spelling included. */
    public static final Set<String> ACCEPTED = Set.of("none", "readonly", "read-only", "limited", "full");

    private final String wire;

    AccessLevel(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<AccessLevel> parse(String value) {
        String v = "read-only".equals(value) ? "readonly" : value;
        for (AccessLevel l : values()) {
            if (l.wire.equals(v)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
