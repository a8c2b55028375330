package dev.atrium.organizations;

import java.util.Optional;
import java.util.Set;

/**
 * {@code third_party_client_access} of an organization: whether its members may log in to
 * third-party applications. {@link #BLOCK} is the default and is what is stored and emitted for
 * both {@code block} and its synonym {@code deny} (organizations.md Q6).
 */
public enum ThirdPartyClientAccess {
    ALLOW("allow"), BLOCK("block");

    /** Every value requests may carry, the synonym included. */
    public static final Set<String> ACCEPTED = Set.of("allow", "block", "deny");

    private final String wire;

    ThirdPartyClientAccess(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A request's value; {@code deny} reads as {@link #BLOCK}. */
    public static Optional<ThirdPartyClientAccess> parse(String value) {
        return switch (value == null ? "" : value) {
            case "allow" -> Optional.of(ALLOW);
            case "block", "deny" -> Optional.of(BLOCK);
            default -> Optional.empty();
        };
    }
}
