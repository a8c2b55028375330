package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code jwt_configuration} of an application: the ID token's signing algorithm and lifetime, and
 * {@code secret_encoded}; {@code scopes} is kept as sent. Members left out are filled in at creation
 * (36000 s first-party, 3600 s and RS256 third-party).
 */
public record JwtConfiguration(Optional<Algorithm> alg, Optional<Long> lifetimeInSeconds, Optional<Boolean> secretEncoded,
                               KeptFields rest) {
    /** The longest ID token lifetime, 30 days. */
    public static final long MAX_LIFETIME = 2_592_000;

    /** The algorithms an application's ID tokens may be signed with (Auth0 also offers RS512 to no one here). */
    public enum Algorithm { HS256, RS256, PS256 }

    public JwtConfiguration {
        if (lifetimeInSeconds.isPresent() && (lifetimeInSeconds.get() < 1 || lifetimeInSeconds.get() > MAX_LIFETIME)) {
            throw new InvalidRequestException("jwt_configuration",
                    "jwt_configuration.lifetime_in_seconds must be between 1 and " + MAX_LIFETIME);
        }
    }

    /** Nothing set: every member takes its default. */
    public static JwtConfiguration defaults() {
        return new JwtConfiguration(Optional.empty(), Optional.empty(), Optional.empty(), KeptFields.none());
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        alg.ifPresent(a -> o.put("alg", a.name()));
        lifetimeInSeconds.ifPresent(l -> ClientDocument.number(o, "lifetime_in_seconds", l));
        secretEncoded.ifPresent(s -> o.put("secret_encoded", s));
        rest.writeTo(o);
        return o;
    }
}
