package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code organization_require_behavior} of an application: how the organization is asked for when
 * one is required and none was named (organizations.md §2.2). {@link #NO_PROMPT} is the default.
 */
public enum RequireBehavior {
    NO_PROMPT("no_prompt"), PRE_LOGIN_PROMPT("pre_login_prompt"), POST_LOGIN_PROMPT("post_login_prompt");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(RequireBehavior::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String wire;

    RequireBehavior(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RequireBehavior> parse(String value) {
        return Arrays.stream(values()).filter(b -> b.wire.equals(value)).findFirst();
    }

    /** The stored value, {@link #NO_PROMPT} when it is absent or unknown. */
    public static RequireBehavior of(String value) {
        return parse(value).orElse(NO_PROMPT);
    }
}
