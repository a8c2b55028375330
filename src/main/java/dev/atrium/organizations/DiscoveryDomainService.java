package dev.atrium.organizations;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Discovery domains (organizations.md §1.7, §2.14): lower-cased, unique in the organization, at most
 * 100, verified through a DNS TXT record or by an administrator (O130).
 */
public final class DiscoveryDomainService {
    static final Pattern DOMAIN = Pattern.compile(
            "(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])");
    /** Where the TXT record goes: a label of our own under the domain (organizations.md Q28). */
    public static final String VERIFICATION_LABEL = "_atrium-challenge.";

    private final DiscoveryDomainStore store;
    private final DnsTxtResolver dns;

    public DiscoveryDomainService(DiscoveryDomainStore store, DnsTxtResolver dns) {
        this.store = store;
        this.dns = dns;
    }

    /** Adds a discovery domain, pending unless the request says verified. */
    public DiscoveryDomain createDomain(Organization org, NewDiscoveryDomain request) {
        String domain = request.domain().toLowerCase(Locale.ROOT);
        if (domain.length() < 3 || domain.length() > 255 || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidRequestException("domain", "domain must be a host name of 3 to 255 characters");
        }
        if (store.countDomains(org.id()) >= OrganizationLimits.MAX_DOMAINS) {
            throw new InvalidRequestException("domain", "An organization can have at most "
                    + OrganizationLimits.MAX_DOMAINS + " discovery domains.");
        }
        DiscoveryDomain d = new DiscoveryDomain(Ids.prefixed("ord_", 22), org.id(), domain, request.status(),
                request.useForOrganizationDiscovery(), "atrium-domain-verification=" + Ids.alnum(32), VERIFICATION_LABEL + domain);
        store.createDomain(d);
        return d;
    }

    public Optional<DiscoveryDomain> domain(Organization org, String domainId) {
        return store.domain(org.id(), domainId);
    }

    public Optional<DiscoveryDomain> domainByName(Organization org, String domain) {
        return store.domainByName(org.id(), domain);
    }

    public List<DiscoveryDomain> domains(Organization org, int offset, int limit) {
        return store.domains(org.id(), offset, limit);
    }

    public long countDomains(Organization org) {
        return store.countDomains(org.id());
    }

    /** Sets {@code status} and/or {@code use_for_organization_discovery}; an administrator may verify directly (O130). */
    public Optional<DiscoveryDomain> updateDomain(Organization org, String domainId, DiscoveryDomainPatch patch) {
        return store.updateDomain(org.id(), domainId, d -> d.with(patch.status().orElse(d.status()),
                patch.useForOrganizationDiscovery().orElse(d.useForOrganizationDiscovery())));
    }

    public boolean deleteDomain(Organization org, String domainId) {
        return store.deleteDomain(org.id(), domainId);
    }

    /**
     * Checks the domain's DNS TXT record now and marks it verified when {@code verification_txt} is
     * published at {@code verification_host} (organizations.md O130). The Management API has no
     * verify route (Q28); the dashboard calls this. A failed lookup leaves the domain as it was.
     */
    public Optional<DiscoveryDomain> verifyDomain(Organization org, String domainId) {
        return store.domain(org.id(), domainId).map(d -> {
            if (d.isVerified() || !dns.txt(d.verificationHost()).contains(d.verificationTxt())) {
                return d;
            }
            return store.updateDomain(org.id(), domainId, current -> current.with(DiscoveryDomain.VERIFIED,
                    current.useForOrganizationDiscovery())).orElse(d);
        });
    }

    /**
     * Sign-in flow: the verified discovery domains, used for discovery, that match the domain of
     * {@code emailOrDomain} (an email address or a bare domain), across organizations (O127–O129).
     */
    public List<DiscoveryDomain> discoverableDomains(String emailOrDomain) {
        String domain = emailOrDomain.substring(emailOrDomain.lastIndexOf('@') + 1).trim();
        return domain.isEmpty() ? List.of() : store.discoverableDomains(domain);
    }
}
