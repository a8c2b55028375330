package dev.atrium.organizations;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;

import java.util.List;
import java.util.Optional;

/**
 * The connections enabled for an organization and their flags (organizations.md §1.3): at most 10,
 * each an existing connection, sign-up only for database connections that assign membership on login.
 */
public final class OrganizationConnectionService {
    public static final String SIGNUP_RULE =
            "Only database connections with assign_membership_on_login = true support is_signup_enabled = true.";

    private final OrganizationConnectionStore store;
    private final ConnectionStore connections;

    public OrganizationConnectionService(OrganizationConnectionStore store, ConnectionStore connections) {
        this.store = store;
        this.connections = connections;
    }

    public List<OrganizationConnection> connections(Organization org) {
        return store.connections(org.id());
    }

    /**
     * The organization's association with a connection, or empty. Sign-in flow: an association is
     * usable only when {@link OrganizationConnection#isEnabled()}; it carries
     * {@code assign_membership_on_login} (JIT membership), {@code is_signup_enabled} and
     * {@code show_as_button}.
     */
    public Optional<OrganizationConnection> connection(String organizationId, String connectionId) {
        return store.connection(organizationId, connectionId);
    }

    /** Enables a connection for the organization; at most 10 per organization. */
    public OrganizationConnection addConnection(Organization org, ConnectionEnablement request) {
        OrganizationConnection c = resolve(org.id(), request);
        if (store.connections(org.id()).size() >= OrganizationLimits.MAX_CONNECTIONS) {
            throw new InvalidRequestException("connection_id",
                    "An organization can have at most " + OrganizationLimits.MAX_CONNECTIONS + " connections.");
        }
        store.addConnection(c);
        return store.connection(org.id(), c.connectionId()).orElseThrow();
    }

    /**
     * Changes the flags of an enabled connection, read and written in one transaction; empty when it
     * is not enabled for the organization.
     */
    public Optional<OrganizationConnection> updateConnection(Organization org, String connectionId, ConnectionPatch patch) {
        return store.updateConnection(org.id(), connectionId, existing -> {
            OrganizationConnection updated = patch.applyTo(existing);
            Connection connection = connections.find(connectionId).orElseThrow();
            checkSignup(connection, updated.assignMembershipOnLogin(), updated.isSignupEnabled());
            return updated;
        });
    }

    public boolean removeConnection(Organization org, String connectionId) {
        return store.removeConnection(org.id(), connectionId);
    }

    /** The association a request asks for, checked against the connection it names. */
    OrganizationConnection resolve(String organizationId, ConnectionEnablement request) {
        Connection connection = connections.find(request.connectionId()).orElseThrow(() ->
                new InvalidRequestException("connection_id", "The connection does not exist: " + request.connectionId()));
        checkSignup(connection, request.assignMembershipOnLogin(), request.isSignupEnabled());
        return new OrganizationConnection(organizationId, connection.id(), request.assignMembershipOnLogin(),
                request.showAsButton(), request.isSignupEnabled(), connection.name(), connection.strategy(), request.isEnabled(),
                request.organizationConnectionName(), request.organizationAccessLevel());
    }

    private static void checkSignup(Connection connection, boolean assign, boolean signup) {
        if (signup && (!assign || !connection.isDatabase())) {
            throw new InvalidRequestException("is_signup_enabled", SIGNUP_RULE);
        }
    }
}
