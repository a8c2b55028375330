package dev.atrium.resourceservers;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code token_dialect} of an API: the shape of its access tokens. The {@code _authz} dialects add the
 * {@code permissions} claim and need {@code enforce_policies}; the {@code rfc9068} ones follow RFC 9068.
 */
public enum TokenDialect {
    ACCESS_TOKEN("access_token"), ACCESS_TOKEN_AUTHZ("access_token_authz"), RFC9068_PROFILE("rfc9068_profile"),
    RFC9068_PROFILE_AUTHZ("rfc9068_profile_authz");

    private final String wire;

    TokenDialect(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether tokens carry the {@code permissions} claim, which needs RBAC ({@code enforce_policies}). */
    public boolean withPermissions() {
        return wire.endsWith("_authz");
    }

    public static Optional<TokenDialect> parse(String value) {
        return Arrays.stream(values()).filter(d -> d.wire.equals(value)).findFirst();
    }
}
