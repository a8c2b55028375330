package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code subject_type} of a client grant: whom the tokens it allows are about. {@link #CLIENT} (machine-to-machine,
 * the default), {@link #USER} (user-delegated access) or {@link #ANONYMOUS_USER}.
 */
public enum SubjectType {
    CLIENT("client"), USER("user"), ANONYMOUS_USER("anonymous_user");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(SubjectType::wire).collect(Collectors.toUnmodifiableSet());

    private final String wire;

    SubjectType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether {@code value} (a stored value, possibly null) is this subject type. */
    public boolean is(String value) {
        return wire.equals(value);
    }

    public static Optional<SubjectType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
