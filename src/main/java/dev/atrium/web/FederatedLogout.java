package dev.atrium.web;

import java.util.Optional;

/**
 * {@code /v2/logout?federated} (issue 11): where the browser goes after Atrium's own session ended, when the session
 * came from an enterprise connection whose provider announces an end-session endpoint; empty otherwise (then the
 * logout ends as without {@code federated}). {@code returnTo} is the already-validated target of the logout.
 */
@FunctionalInterface
public interface FederatedLogout {
    Optional<String> endSessionUrl(String connectionId, Optional<String> returnTo);
}
