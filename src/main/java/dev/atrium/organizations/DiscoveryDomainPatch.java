package dev.atrium.organizations;

import java.util.Optional;

/** A change to a discovery domain's {@code status} and/or {@code use_for_organization_discovery}. */
public record DiscoveryDomainPatch(Optional<String> status, Optional<Boolean> useForOrganizationDiscovery) {
    public static DiscoveryDomainPatch discovery(boolean use) {
        return new DiscoveryDomainPatch(Optional.empty(), Optional.of(use));
    }
}
