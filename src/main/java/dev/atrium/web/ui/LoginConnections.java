package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.connections.Connection;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.oauth.OrganizationDirectory;
import dev.atrium.users.UserStore;

import java.util.List;
import java.util.Optional;

/**
 * Which database connection the hosted login and sign-up forms use, without ever showing a connection name (issue 17
 * point 5: identifier first), which organization connections stay hidden (O55, O56), and who an invitation is for
 * (O73–O79).
 *
 * <p>The login form asks only for an identifier and a password. The connection is the one the request named
 * ({@code connection=}, which always wins); otherwise, among the connections the page may show, the one that holds
 * an account with that email address or username; otherwise the first in the application's order. The answer to a
 * wrong password and to an unknown account is the same, so the choice tells nobody whether an account exists.
 */
final class LoginConnections {
    /** E7: every connection the organization enabled is hidden, and the request named none. */
    static final String NOTHING_VISIBLE = "no connections enabled for the organization are visible";

    private final AuthorizeEndpoint authorize;
    private final UserStore users;

    LoginConnections(AuthorizeEndpoint authorize, UserStore users) {
        this.authorize = authorize;
        this.users = users;
    }

    /** The database connections the transaction may use at all (hidden ones included). */
    List<Connection> offered(AuthTransaction tx) {
        return authorize.offeredConnections(tx).stream().filter(Connection::isDatabase).toList();
    }

    /** The database connections usable without naming them, plus the named one (O55). */
    List<Connection> shown(AuthTransaction tx) {
        return authorize.shownConnections(tx).stream().filter(Connection::isDatabase).toList();
    }

    /** O56 (E7): in an organization, connections are enabled but none may be shown and none was named. */
    boolean nothingVisible(AuthTransaction tx) {
        return authorize.nothingVisible(tx);
    }

    /**
     * The connection a login posts to. {@code posted}: the form's {@code connection} field (present only when the
     * request named one); a name that is not shown (another organization's, a hidden one never named) gives none.
     */
    Optional<Connection> forLogin(AuthTransaction tx, String posted, String identifier) {
        List<Connection> shown = shown(tx);
        String wanted = posted != null && !posted.isEmpty() ? posted : tx.request().connection();
        if (wanted != null) {
            return shown.stream().filter(c -> c.name().equals(wanted)).findFirst();
        }
        if (shown.size() > 1 && !identifier.isEmpty()) {
            for (Connection c : shown) {
                if (users.findByEmail(c.id(), identifier).isPresent() || users.findByUsername(c.id(), identifier).isPresent()) {
                    return Optional.of(c);
                }
            }
        }
        return shown.stream().findFirst();
    }

    /** The connections a sign-up may create the account in, in the application's order. */
    List<Connection> signupTargets(AuthTransaction tx) {
        return shown(tx).stream().filter(c -> authorize.signupAllowed(tx, c)).toList();
    }

    /** The connection a sign-up creates the account in: the named one, else the first that allows sign-ups. */
    Optional<Connection> forSignup(AuthTransaction tx, String posted) {
        List<Connection> targets = signupTargets(tx);
        String wanted = posted != null && !posted.isEmpty() ? posted : tx.request().connection();
        if (wanted != null) {
            return targets.stream().filter(c -> c.name().equals(wanted)).findFirst();
        }
        return targets.stream().findFirst();
    }

    /** O75: the email address the invitation of the transaction was sent to, if it carries one. */
    Optional<String> invitedEmail(AuthTransaction tx) {
        return Optional.ofNullable(tx.request().invitation()).flatMap(t -> authorize.organizations().invitation(t))
                .map(OrganizationDirectory.Invitation::inviteeEmail);
    }

    /** Whether one of the transaction's database connections already holds an account with this email address. */
    boolean hasAccount(AuthTransaction tx, String email) {
        return offered(tx).stream().anyMatch(c -> users.findByEmail(c.id(), email).isPresent());
    }
}
