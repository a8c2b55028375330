package dev.atrium.web.ui;

import java.util.List;
import java.util.Map;

/** The models of the hosted pages, one record per template. */
public final class Views {
    private Views() {
    }

    /** A database connection offered on the password-reset request page. */
    public record ConnectionOption(String name, boolean selected) {
    }

    /** {@code connection}: the connection the request named ({@code connection=}), else null: no name is ever listed. */
    public record Login(Chrome chrome, String state, String csrf, String connection, String username,
                        String error, String signupUrl, boolean usernameLogin, List<EnterpriseButton> enterprise,
                        String passkeyOptions) { // issue 12: the passkey form's options, or null when no connection has passkeys on
    }

    /** issue 11: an enterprise connection shown as a button on the login page ({@code show_as_button}). */
    public record EnterpriseButton(String name, String displayName, String href, String iconUrl) {
    }

    /** {@code emailLocked}: an invitation's sign-up, where the invited address cannot be changed (O75). */
    public record Signup(Chrome chrome, String state, String csrf, String connection, String email, boolean emailLocked,
                         String username, boolean requiresUsername, Map<String, String> errors, String loginUrl,
                         String passwordRule) {
    }

    /** One line of the consent page and the scopes it stands for ({@link ConsentLines}). */
    public record ScopeLine(String text, List<ScopeCode> scopes) {
    }

    /** A requested scope; {@code added}: not in the consent the user gave before (third-party-apps.md T69). */
    public record ScopeCode(String value, boolean added) {
    }

    public record Consent(Chrome chrome, String state, String csrf, String userName, String appName, String apiName, String ownerName,
                          String organizationName, boolean thirdParty, List<ScopeLine> scopes, String metadataHost) {
    }

    public record Error(Chrome chrome, String error, String description) {
    }

    public record Logout(Chrome chrome, String csrf, Map<String, String> params, boolean confirm) {
    }

    public record FormPost(String action, Map<String, String> params) {
    }

    /** An organization offered for choice. */
    public record OrgChoice(String id, String label) {
    }

    public record OrganizationPrompt(Chrome chrome, String state, String csrf, String label, boolean emailOnly, String value,
                                     String error, boolean personalAllowed, List<OrgChoice> choices) {
    }

    public record OrganizationPicker(Chrome chrome, String state, String csrf, String userName, List<OrgChoice> choices,
                                     boolean personalAllowed) {
    }
}
