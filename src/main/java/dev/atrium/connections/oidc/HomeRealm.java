package dev.atrium.connections.oidc;

import dev.atrium.connections.Connection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Home-realm discovery: the enterprise connection an e-mail address belongs to. It chooses only among the connections
 * the caller may offer (the access package's {@code offeredConnections}), so an organization's login page routes only
 * to the organization's enabled connections, and a third-party application's only to domain-level ones.
 *
 * <p>Two ways lead from a domain to a connection, in this order:
 * <ol>
 *   <li>a connection whose {@code domain_aliases} hold the domain (the first offered wins);</li>
 *   <li>in an organization, a domain that is one of the organization's verified discovery domains (used for discovery)
 *       is bound to the organization's enterprise connection: it routes when exactly one enterprise connection is
 *       offered; with several, the domain must be listed in one connection's {@code domain_aliases} (rule 1), since
 *       nothing else says which one is meant.</li>
 * </ol>
 * None is chosen for a string without a domain; a pending (unverified) discovery domain never routes.
 */
public final class HomeRealm {
    private HomeRealm() {
    }

    public static Optional<Connection> of(List<Connection> offered, String email) {
        return of(offered, email, d -> false);
    }

    /**
     * @param organizationDomain true for a domain (lower-cased) that is a verified discovery domain of the
     *                           transaction's organization; always false outside an organization
     */
    public static Optional<Connection> of(List<Connection> offered, String email, Predicate<String> organizationDomain) {
        Optional<String> domain = domain(email);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        List<Connection> enterprise = offered.stream().filter(Connection::isEnterprise).toList();
        Optional<Connection> aliased = enterprise.stream().filter(c -> c.domainAliases().contains(domain.get())).findFirst();
        if (aliased.isPresent()) {
            return aliased;
        }
        return enterprise.size() == 1 && organizationDomain.test(domain.get()) ? Optional.of(enterprise.get(0)) : Optional.empty();
    }

    /** The lower-cased domain of an e-mail address; empty when there is none. */
    public static Optional<String> domain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }
}
