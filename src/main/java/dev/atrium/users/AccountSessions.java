package dev.atrium.users;

/**
 * Ends everything a user is signed in with: every session (SSO and dashboard) and every refresh
 * token. {@link UserService} calls it whenever an account's credentials or standing change (password
 * change, block, deletion, promotion to administrator), so no endpoint has to remember to.
 */
@FunctionalInterface
public interface AccountSessions {
    void endAll(String userId);
}
