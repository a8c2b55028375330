package dev.atrium.connections;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A login connection, kept as its Management API document without {@code enabled_clients} (which
 * lives in its own table and is read through {@link ConnectionStore#enabledClients}). Database
 * connections use the strategy {@code auth0}. A domain-level connection ({@code is_domain_connection})
 * is the only kind third-party applications may use.
 *
 * <p>Specifications: Auth0 Management API "Connections"; "Enable Third-Party Applications" (domain-level connections).
 */
public record Connection(String id, ObjectNode doc) {
    /** The strategy of database connections. */
    public static final String DATABASE = "auth0";
    /** The strategy of OpenID Connect enterprise connections (issue 11). */
    public static final String OIDC = "oidc";
    /** The strategy of SAML 2.0 enterprise connections (issue 11). */
    public static final String SAMLP = "samlp";

    public Connection {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public String name() {
        return Json.text(doc, "name", id);
    }

    public String strategy() {
        return Json.text(doc, "strategy", DATABASE);
    }

    public boolean isDatabase() {
        return strategy().equals(DATABASE);
    }

    /** An OpenID Connect enterprise connection; its options are read by {@code connections.oidc}. */
    public boolean isOidc() {
        return strategy().equals(OIDC);
    }

    /** A SAML 2.0 enterprise connection; its options are read by {@code connections.saml}. */
    public boolean isSaml() {
        return strategy().equals(SAMLP);
    }

    /** An enterprise connection (OpenID Connect or SAML): sign-in happens at the customer's identity provider. */
    public boolean isEnterprise() {
        return isOidc() || isSaml();
    }

    /** Whether the login page shows this connection as a button (Auth0's {@code show_as_button}, default true). */
    public boolean showAsButton() {
        return Json.bool(doc, "show_as_button", true);
    }

    public String displayName() {
        return Json.text(doc, "display_name", name());
    }

    /** {@code options.domain_aliases}, lower case: e-mail domains whose users sign in through this connection. */
    public java.util.List<String> domainAliases() {
        return Json.stringList(options().get("domain_aliases"));
    }

    public boolean isDomainConnection() {
        return Json.bool(doc, "is_domain_connection", false);
    }

    /** The options as a command would carry them to keep them (see {@link ConnectionOptions#stored}). */
    public ConnectionOptions settings() {
        return ConnectionOptions.stored(strategy(), options());
    }

    public JsonNode options() {
        JsonNode o = doc.get("options");
        return o == null ? Json.object() : o;
    }

    /** {@code none}, {@code low}, {@code fair}, {@code good} (default) or {@code excellent}. */
    public String passwordPolicy() {
        return Json.text(options(), "passwordPolicy", "good");
    }

    /** The strength level passwords must reach; an unknown name counts as the default. */
    public PasswordPolicy policy() {
        return PasswordPolicy.named(passwordPolicy()).orElse(PasswordPolicy.GOOD);
    }

    public boolean requiresUsername() {
        return Json.bool(options(), "requires_username", false);
    }

    public boolean bruteForceProtection() {
        return Json.bool(options(), "brute_force_protection", true);
    }

    /** Sign-up through the login page is allowed unless {@code options.disable_signup} is true. */
    public boolean signupAllowed() {
        return !Json.bool(options(), "disable_signup", false);
    }
}
