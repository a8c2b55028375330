package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code token_endpoint_auth_method}: how an application authenticates at the token endpoint with its
 * secret, or {@link #NONE} for a public application (RFC 7591 §2). {@code private_key_jwt} is set through
 * {@code client_authentication_methods} instead.
 */
public enum TokenEndpointAuthMethod {
    NONE("none"), CLIENT_SECRET_POST("client_secret_post"), CLIENT_SECRET_BASIC("client_secret_basic");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(TokenEndpointAuthMethod::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String wire;

    TokenEndpointAuthMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TokenEndpointAuthMethod> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
