package dev.atrium.organizations;

import java.util.List;

/**
 * Looks up DNS TXT records, for discovery-domain verification (organizations.md O130). Tests
 * replace it; production uses {@link JndiDnsTxtResolver}.
 */
public interface DnsTxtResolver {
    /** The TXT strings published at {@code host}; empty when there are none or the lookup failed. */
    List<String> txt(String host);
}
