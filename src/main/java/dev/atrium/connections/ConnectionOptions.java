package dev.atrium.connections;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;
import dev.atrium.connections.oidc.OidcSettings;
import dev.atrium.connections.saml.SamlSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code options} of a connection as a command carries them. They differ per strategy: a database connection's
 * ({@link DatabaseOptions}), an OpenID Connect one's ({@link OidcSettings}), a SAML one's ({@link SamlSettings}); the
 * options of the other strategies Atrium only stores ({@link OtherOptions}). What Atrium acts on is typed; the rest
 * travels in {@link #others()} and round-trips as sent.
 */
public interface ConnectionOptions {
    /** The options Atrium stores without acting on them. */
    KeptFields others();

    /** No options, of the kind {@code strategy} takes. */
    static ConnectionOptions none(String strategy) {
        return switch (strategy) {
            case Connection.DATABASE -> DatabaseOptions.none();
            case Connection.OIDC -> OidcSettings.none();
            case Connection.SAMLP -> SamlSettings.none();
            default -> OtherOptions.none();
        };
    }

    /** Whether these are the options {@code strategy} takes. */
    static boolean fits(String strategy, ConnectionOptions options) {
        return switch (strategy) {
            case Connection.DATABASE -> options instanceof DatabaseOptions;
            case Connection.OIDC -> options instanceof OidcSettings;
            case Connection.SAMLP -> options instanceof SamlSettings;
            default -> options instanceof OtherOptions;
        };
    }

    /**
     * The {@code options} of a request for a connection of {@code strategy}; a value Atrium cannot use is refused
     * with its reason. {@code passwordPolicy} and {@code requires_username} are checked whatever the strategy.
     */
    static ConnectionOptions parse(String strategy, JsonNode node) {
        ObjectNode o = OptionValues.object(node);
        if (!strategy.equals(Connection.DATABASE)) {
            DatabaseOptions.parse(o); // the two checks every connection's options pass; nothing else is read
        }
        return switch (strategy) {
            case Connection.DATABASE -> DatabaseOptions.parse(o);
            case Connection.OIDC -> OidcSettings.parse(o);
            case Connection.SAMLP -> SamlSettings.parse(o);
            default -> new OtherOptions(KeptFields.of(o, java.util.Set.of()));
        };
    }

    /**
     * The options a connection of {@code strategy} has stored, as a command would carry them to keep them: the values
     * only the server sets (sealed secrets and keys) are left out, and the service keeps them on a change.
     */
    static ConnectionOptions stored(String strategy, JsonNode options) {
        return switch (strategy) {
            case Connection.DATABASE -> DatabaseOptions.parse(OptionValues.object(options));
            case Connection.OIDC -> OidcSettings.stored(options);
            case Connection.SAMLP -> SamlSettings.stored(options);
            default -> new OtherOptions(KeptFields.of(options, java.util.Set.of()));
        };
    }

    /** The reason a request names a password policy Auth0 does not define. */
    static InvalidRequestException unknownPolicy() {
        return new InvalidRequestException("options", "options.passwordPolicy must be none, low, fair, good or excellent");
    }
}
