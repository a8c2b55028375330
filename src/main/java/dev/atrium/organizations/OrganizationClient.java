package dev.atrium.organizations;

/**
 * An application associated with an organization for per-application access (organizations.md §1.9).
 *
 * <p>Specifications: Auth0 "Per-application access for organizations" (Early Access).
 */
public record OrganizationClient(String organizationId, String clientId, boolean useForMemberAccess) {
}
