package dev.atrium.email;

/**
 * Ends everything a user is signed in with: every SSO session and every refresh token. Called after a
 * password reset, so a stolen session or token does not outlive the password it was won with.
 */
@FunctionalInterface
public interface AccountSessions {
    void endAllSessionsAndRefreshTokens(String userId);
}
