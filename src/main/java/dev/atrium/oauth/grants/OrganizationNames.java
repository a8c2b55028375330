package dev.atrium.oauth.grants;

/**
 * The {@code org_name} claim: the organization's current name when the tenant allows organization
 * names in the Authentication API (O84), otherwise null (the claim is left out).
 */
@FunctionalInterface
public interface OrganizationNames {
    String nameFor(String organizationId);
}
