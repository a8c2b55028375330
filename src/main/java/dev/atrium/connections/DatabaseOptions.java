package dev.atrium.connections;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The options of a database connection (strategy {@code auth0}) that Atrium acts on: {@code passwordPolicy},
 * {@code requires_username}, {@code brute_force_protection} and {@code disable_signup}. Everything else (MFA, passkey
 * and validation settings, ...) travels in {@code others}. A {@code brute_force_protection} or {@code disable_signup}
 * that is not a boolean is kept as sent, and, as before, reads as the default.
 */
public record DatabaseOptions(Optional<PasswordPolicy> passwordPolicy, Optional<Boolean> requiresUsername,
                              Optional<Boolean> bruteForceProtection, Optional<Boolean> disableSignup,
                              KeptFields others) implements ConnectionOptions {
    public DatabaseOptions {
        if (passwordPolicy.isPresent() && others.has("passwordPolicy") || requiresUsername.isPresent() && others.has("requires_username")
                || bruteForceProtection.isPresent() && others.has("brute_force_protection")
                || disableSignup.isPresent() && others.has("disable_signup")) {
            throw new IllegalArgumentException("a typed option is also among the kept ones");
        }
    }

    public static DatabaseOptions none() {
        return new DatabaseOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), KeptFields.none());
    }

    /** The options of a request; a {@code passwordPolicy} or {@code requires_username} Atrium cannot use is refused. */
    static DatabaseOptions parse(ObjectNode o) {
        Set<String> taken = new HashSet<>();
        Optional<PasswordPolicy> policy = Optional.empty();
        if (o.has("passwordPolicy")) {
            JsonNode v = o.get("passwordPolicy");
            policy = Optional.of(PasswordPolicy.named(v.isString() ? v.asString() : null).orElseThrow(ConnectionOptions::unknownPolicy));
            taken.add("passwordPolicy");
        }
        Optional<Boolean> requiresUsername = Optional.empty();
        if (o.has("requires_username")) {
            if (!o.get("requires_username").isBoolean()) {
                throw new InvalidRequestException("options", "options.requires_username must be a boolean");
            }
            requiresUsername = Optional.of(o.get("requires_username").asBoolean());
            taken.add("requires_username");
        }
        Optional<Boolean> bruteForce = lenientBool(o, "brute_force_protection", taken);
        Optional<Boolean> disableSignup = lenientBool(o, "disable_signup", taken);
        return new DatabaseOptions(policy, requiresUsername, bruteForce, disableSignup, KeptFields.of(o, taken));
    }

    private static Optional<Boolean> lenientBool(ObjectNode o, String field, Set<String> taken) {
        JsonNode v = o.get(field);
        if (v == null || !v.isBoolean()) {
            return Optional.empty();
        }
        taken.add(field);
        return Optional.of(v.asBoolean());
    }

    /** The options as the stored document holds them: {@code others}, then the typed ones that are set. */
    ObjectNode document() {
        ObjectNode o = dev.atrium.common.Json.object();
        others.writeTo(o);
        passwordPolicy.ifPresent(p -> o.put("passwordPolicy", p.value()));
        requiresUsername.ifPresent(v -> o.put("requires_username", v));
        bruteForceProtection.ifPresent(v -> o.put("brute_force_protection", v));
        disableSignup.ifPresent(v -> o.put("disable_signup", v));
        return o;
    }

    public DatabaseOptions withPasswordPolicy(PasswordPolicy v) {
        return new DatabaseOptions(Optional.of(v), requiresUsername, bruteForceProtection, disableSignup, others.without("passwordPolicy"));
    }

    public DatabaseOptions withRequiresUsername(boolean v) {
        return new DatabaseOptions(passwordPolicy, Optional.of(v), bruteForceProtection, disableSignup, others.without("requires_username"));
    }

    public DatabaseOptions withBruteForceProtection(boolean v) {
        return new DatabaseOptions(passwordPolicy, requiresUsername, Optional.of(v), disableSignup, others.without("brute_force_protection"));
    }

    public DatabaseOptions withDisableSignup(boolean v) {
        return new DatabaseOptions(passwordPolicy, requiresUsername, bruteForceProtection, Optional.of(v), others.without("disable_signup"));
    }
}
