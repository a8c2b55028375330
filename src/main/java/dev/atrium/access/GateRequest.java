package dev.atrium.access;

import java.util.Optional;

/**
 * The inputs of {@link OrganizationAccess#beforeLogin}: an organization arriving on a transaction, by
 * whatever way (the {@code organization} parameter, the pre-login prompt, the post-login picker), or
 * none, with the connection the request named (or the user signed in with), when known.
 *
 * @param organization           the organization arriving, if any
 * @param association            the application's per-organization access entry there, if any
 * @param connection             the connection named by the request, or used to sign in, if known
 * @param organizationConnection the organization's enablement of {@code connection}, if any
 */
public record GateRequest(
        AccessRequest.ClientView client,
        Optional<AccessRequest.OrganizationView> organization,
        Optional<AccessRequest.AssociationView> association,
        Optional<AccessRequest.ConnectionView> connection,
        Optional<AccessRequest.OrganizationConnectionView> organizationConnection) {
}
