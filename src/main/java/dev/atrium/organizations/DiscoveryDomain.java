package dev.atrium.organizations;

/**
 * An email domain that routes users to an organization once verified (organizations.md §1.7, §2.14).
 * {@code domain} is stored lower-cased.
 *
 * <p>Specifications: Auth0 Management API "Organizations → discovery domains".
 */
public record DiscoveryDomain(String id, String organizationId, String domain, String status,
                              boolean useForOrganizationDiscovery, String verificationTxt, String verificationHost) {
    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";

    public boolean isVerified() {
        return VERIFIED.equals(status);
    }

    public DiscoveryDomain with(String newStatus, boolean useForDiscovery) {
        return new DiscoveryDomain(id, organizationId, domain, newStatus, useForDiscovery, verificationTxt, verificationHost);
    }
}
