package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code redirection_policy} of a strict third-party application: whether errors met before the user
 * consented are shown as a page ({@link #OPEN_REDIRECT_PROTECTION}, the default, T60) or redirected to
 * the callback ({@link #ALLOW_ALWAYS}).
 */
public enum RedirectionPolicy {
    ALLOW_ALWAYS("allow_always"), OPEN_REDIRECT_PROTECTION("open_redirect_protection");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(RedirectionPolicy::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String wire;

    RedirectionPolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RedirectionPolicy> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(value)).findFirst();
    }
}
