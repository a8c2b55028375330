package dev.atrium.web.dashboard;

import dev.atrium.connections.Connection;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * The dashboard's "Try" of an enterprise connection (issue 11, as Auth0's "Try connection"): a sign-in through the
 * connection's provider that ends on the dashboard with the profile Atrium received, instead of in an application.
 * Nothing is stored: no user, no session. The outcome comes back as a sealed ticket bound to the connection and to
 * the administrator who started the try, at {@link #resultPath}.
 */
public interface ConnectionTester {
    /** Sends the administrator's browser to the connection's provider. */
    void start(Context ctx, Connection c, String administratorId);

    /** The outcome in {@code ticket}, when it is this administrator's try of this connection and still fresh. */
    Optional<Outcome> open(String ticket, String connectionId, String administratorId);

    /** What the provider said: the profile a first sign-in would create, or why there is none. */
    record Outcome(ObjectNode profile, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Where the try ends: the connection's try page in the dashboard. */
    static String resultPath(String connectionId) {
        return ConnectionsPages.BASE + "/" + connectionId + "/try";
    }
}
