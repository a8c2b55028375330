package dev.atrium.organizations;

/** A discovery domain to add; {@code status} is {@code pending} unless an administrator sets {@code verified} (O130). */
public record NewDiscoveryDomain(String domain, String status, boolean useForOrganizationDiscovery) {
    public static NewDiscoveryDomain pending(String domain) {
        return new NewDiscoveryDomain(domain, DiscoveryDomain.PENDING, true);
    }
}
