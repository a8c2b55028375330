package dev.atrium.logs;

import dev.atrium.common.OAuthError;

import java.util.Map;

/**
 * Refusal reasons in words, for people reading the log: the stable codes of {@code access.ReasonCode}
 * and the grant checks, and those of the password check. An unknown code is shown as it is.
 */
public final class Reasons {
    private Reasons() {
    }

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("third_party_requires_domain_connection",
                    "A third-party application may only use domain-level connections, and this connection is not one."),
            Map.entry("connection_not_enabled_for_client", "The connection is not enabled for the application."),
            Map.entry("organization_not_allowed_for_client",
                    "An organization was asked for, but the application's organization usage is \"deny\"."),
            Map.entry("organization_required",
                    "The application requires an organization (organization usage \"require\") and none was given."),
            Map.entry("no_membership", "The application requires an organization and the user is a member of none."),
            Map.entry("third_party_not_allowed_by_organization", "The organization does not allow third-party applications."),
            Map.entry("client_not_enabled_for_organization",
                    "The organization admits only the applications it lists, and this application is not one of them."),
            Map.entry("connection_not_enabled_for_organization", "The connection is not enabled for the organization."),
            Map.entry("not_a_member",
                    "The user is not a member of the organization, and the connection does not add members on login."),
            Map.entry("invitation_email_mismatch", "The invitation was sent to another email address."),
            Map.entry("api_access_denied_by_policy", "The API's access policy for this kind of application denies access."),
            Map.entry("third_party_not_authorized_for_api",
                    "The third-party application has no grant for this API (or asked for a system API)."),
            Map.entry("wrong_password", "The password did not match."),
            Map.entry("unknown_user", "No user with this email address or username exists in the connection."),
            Map.entry("brute_force_block", "Too many failed attempts from this address: the account is blocked from it."),
            Map.entry("brute_force_delay", "Recent failed attempts: the user was asked to wait before trying again."),
            Map.entry("user_blocked", "The user is blocked by an administrator."),
            Map.entry("user_exists", "A user with this email address already exists."),
            Map.entry(OAuthError.INVALID_SIGNUP.code(), "The sign-up was refused (see the description)."),
            Map.entry("password_policy", "The new password does not satisfy the connection's password policy."),
            Map.entry("consent_refused", "The user declined the consent screen."));

    public static String explain(String code) {
        return WORDS.getOrDefault(code, code);
    }
}
