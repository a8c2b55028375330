package dev.atrium.logs;

import dev.atrium.common.OAuthError;

import java.util.Map;

/**
 * Refusal reasons in words, for people reading the log: the stable codes of {@code access.ReasonCode}
 * and the grant checks, and those of the password check; also the reasons a membership event gives for how
 * the membership came about. An unknown code is shown as it is.
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
            Map.entry("grant_type_not_allowed", "The application's grant types do not include the grant it used."),
            Map.entry("audience_missing", "No audience was asked for, and the tenant has no default audience."),
            Map.entry("unknown_api", "The audience names no API of this tenant."),
            Map.entry("no_client_grant",
                    "The application has no client grant for this API, so it may not get machine-to-machine tokens for it."),
            Map.entry("no_user_client_grant",
                    "The API (or a strict third-party application) needs a client grant for user tokens, and the application has none."),
            Map.entry("management_api_requires_current_user_scope",
                    "A user token for the Management API may carry only current_user scopes, and none was left."),
            Map.entry("scope_exceeds_grant", "The refresh asked for scopes beyond those first granted."),
            Map.entry("resource_not_granted", "The resource asked for is not the API the code or refresh token was granted for."),
            Map.entry("organization_not_allowed_for_grant",
                    "An organization was asked for, but the client grant's organization usage is \"deny\"."),
            Map.entry("unknown_organization", "The organization asked for does not exist."),
            Map.entry("organization_required_for_grant",
                    "The client grant requires an organization, and neither the request nor the application's default named one."),
            Map.entry("client_grant_not_enabled_for_organization",
                    "The organization has not enabled this client grant (and the grant does not allow any organization)."),
            Map.entry("token_quota_exceeded", "The application's or the organization's token quota for the period is used up."),
            Map.entry("refresh_token_invalid", "The refresh token is unknown, belongs to another application, expired or was revoked."),
            Map.entry("refresh_token_reused",
                    "A refresh token already exchanged was presented again after the leeway; all tokens of its family are revoked."),
            Map.entry("authorization_code_invalid", "The authorization code is unknown, expired, or another application's."),
            Map.entry("authorization_code_replayed",
                    "The authorization code was already exchanged; the tokens it issued are revoked."),
            Map.entry("redirect_uri_mismatch", "The redirect_uri differs from the one sent to /authorize."),
            Map.entry("pkce_verification_failed", "The PKCE code verifier is missing, malformed or does not match the challenge."),
            Map.entry("user_not_found", "The user the code or refresh token was issued to no longer exists."),
            Map.entry("api_no_longer_exists", "The API the code or refresh token was granted for no longer exists."),
            Map.entry("mfa_required_for_third_party_refresh",
                    "A sign-in would now need a second factor, which a third-party application's refresh cannot provide."),
            Map.entry("wrong_password", "The password did not match."),
            Map.entry("unknown_user", "No user with this email address or username exists in the connection."),
            Map.entry("brute_force_block", "Too many failed attempts from this address: the account is blocked from it."),
            Map.entry("signup_flood", "Too many sign-up attempts from this address within a minute: the address is blocked for the rest of it."),
            Map.entry("brute_force_delay", "Recent failed attempts: the user was asked to wait before trying again."),
            Map.entry("user_blocked", "The user is blocked by an administrator."),
            Map.entry("user_exists", "A user with this email address already exists."),
            Map.entry(OAuthError.INVALID_SIGNUP.code(), "The sign-up was refused (see the description)."),
            Map.entry("password_policy", "The new password does not satisfy the connection's password policy."),
            Map.entry("consent_refused", "The user declined the consent screen."),
            Map.entry("invitation_invalid",
                    "The invitation is unknown, has expired, was already used or belongs to another organization."),
            Map.entry("invitation_used", "The invitation was used up by another sign-in before this one could accept it."),
            Map.entry("invitation_connection_not_enabled",
                    "The organization no longer enables the connection the invitation names."),
            // not refusals: how a membership came about (organization_member_added)
            Map.entry("auto_membership", "The connection adds members on login, and this was the user's first sign-in through it."),
            Map.entry("invitation", "The user accepted an invitation."),
            Map.entry("management_api", "An administrator added the member through the Management API."));

    public static String explain(String code) {
        return WORDS.getOrDefault(code, code);
    }
}
