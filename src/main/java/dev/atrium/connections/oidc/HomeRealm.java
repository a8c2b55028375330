package dev.atrium.connections.oidc;

import dev.atrium.connections.Connection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Home-realm discovery: the enterprise connection whose {@code domain_aliases} hold the domain of an e-mail address.
 * It chooses only among the connections the caller may offer (the access package's {@code offeredConnections}), so an
 * organization's login page routes only to the organization's connections, and a third-party application's only to
 * domain-level ones. With several matches the first offered wins; none is chosen for a string without a domain.
 */
public final class HomeRealm {
    private HomeRealm() {
    }

    public static Optional<Connection> of(List<Connection> offered, String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
        return offered.stream().filter(Connection::isEnterprise).filter(c -> c.domainAliases().contains(domain)).findFirst();
    }
}
