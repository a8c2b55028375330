package dev.atrium.email;

/**
 * Ends everything a user is signed in with: every SSO session and every refresh token. Called after a
 * password reset, so a stolen session or token does not outlive the password it was won with. (Where
 * the user service already ends them on every password change, wire this to that same method.)
 */
@FunctionalInterface
public interface SignOutEverywhere {
    void endAllSessionsAndRefreshTokens(String userId);
}
