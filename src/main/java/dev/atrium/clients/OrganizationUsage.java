package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code organization_usage} of an application or a client grant: whether it may be used with
 * organizations. {@link #DENY} is the default of both (organizations.md §1.10, §2.13).
 */
public enum OrganizationUsage {
    DENY("deny"), ALLOW("allow"), REQUIRE("require");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(OrganizationUsage::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String wire;

    OrganizationUsage(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether organizations may be named at all ({@code allow} or {@code require}). */
    public boolean permitsOrganizations() {
        return this != DENY;
    }

    public static Optional<OrganizationUsage> parse(String value) {
        return Arrays.stream(values()).filter(u -> u.wire.equals(value)).findFirst();
    }

    /** The stored value, {@link #DENY} when it is absent or unknown. */
    public static OrganizationUsage of(String value) {
        return parse(value).orElse(DENY);
    }
}
