package dev.atrium.organizations;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Organizations' discovery domains (organizations.md §1.7); a domain is unique within its organization. */
public interface DiscoveryDomainStore {

    void createDomain(DiscoveryDomain domain);

    Optional<DiscoveryDomain> domain(String organizationId, String domainId);

    Optional<DiscoveryDomain> domainByName(String organizationId, String domain);

    List<DiscoveryDomain> domains(String organizationId, int offset, int limit);

    long countDomains(String organizationId);

    /** Reads, changes and writes the domain in one transaction holding its row lock; empty when it is gone. */
    Optional<DiscoveryDomain> updateDomain(String organizationId, String domainId, UnaryOperator<DiscoveryDomain> change);

    boolean deleteDomain(String organizationId, String domainId);

    /** Verified domains equal to {@code domain} (lower-cased) that are used for discovery, across organizations. */
    List<DiscoveryDomain> discoverableDomains(String domain);
}
