package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code refresh_token} of an application as sent: rotation, expiration and lifetimes; {@code policies}
 * is kept as sent. The members left out are completed by the service from the application's kind
 * (public and strict applications rotate and expire, RFC 9700 §4.14.2).
 */
public record RefreshTokenSettings(Optional<Rotation> rotationType, Optional<Expiration> expirationType, Optional<Long> leeway,
                                   Optional<Long> tokenLifetime, Optional<Boolean> infiniteTokenLifetime,
                                   Optional<Long> idleTokenLifetime, Optional<Boolean> infiniteIdleTokenLifetime,
                                   KeptFields rest) {
    public enum Rotation {
        ROTATING("rotating"), NON_ROTATING("non-rotating");

        private final String wire;

        Rotation(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Rotation> parse(String value) {
            return java.util.Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
        }
    }

    public enum Expiration {
        EXPIRING("expiring"), NON_EXPIRING("non-expiring");

        private final String wire;

        Expiration(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Expiration> parse(String value) {
            return java.util.Arrays.stream(values()).filter(e -> e.wire.equals(value)).findFirst();
        }
    }

    /** Nothing set: the service's defaults for the application. */
    public static RefreshTokenSettings defaults() {
        return new RefreshTokenSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), KeptFields.none());
    }

    /** Rotating, expiring tokens with these lifetimes in seconds and no leeway. */
    public static RefreshTokenSettings rotatingAndExpiring(long tokenLifetime, long idleTokenLifetime) {
        return new RefreshTokenSettings(Optional.of(Rotation.ROTATING), Optional.of(Expiration.EXPIRING), Optional.of(0L),
                Optional.of(tokenLifetime), Optional.of(false), Optional.of(idleTokenLifetime), Optional.of(false),
                KeptFields.none());
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        rotationType.ifPresent(r -> o.put("rotation_type", r.wire()));
        expirationType.ifPresent(e -> o.put("expiration_type", e.wire()));
        leeway.ifPresent(v -> ClientDocument.number(o, "leeway", v));
        tokenLifetime.ifPresent(v -> ClientDocument.number(o, "token_lifetime", v));
        infiniteTokenLifetime.ifPresent(v -> o.put("infinite_token_lifetime", v));
        idleTokenLifetime.ifPresent(v -> ClientDocument.number(o, "idle_token_lifetime", v));
        infiniteIdleTokenLifetime.ifPresent(v -> o.put("infinite_idle_token_lifetime", v));
        rest.writeTo(o);
        return o;
    }
}
