package dev.atrium.mfa;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's second-factor settings, read from its document: {@code guardian_policies} ({@code []} or
 * {@code ["all-applications"]}), {@code guardian_factors} (on/off per factor name) and
 * {@code atrium_mfa_remember_browser_days} (0: browsers are never remembered).
 */
public record MfaSettings(List<String> policies, JsonNode factors, int rememberBrowserDays) {
    public static final String REMEMBER_BROWSER_DAYS = "atrium_mfa_remember_browser_days";
    /** The factors a user can be challenged with (a recovery code only backs one of them up). */
    static final List<String> CHALLENGE_FACTORS = List.of("otp", "webauthn-roaming", "webauthn-platform");

    public static MfaSettings of(JsonNode tenantDoc) {
        List<String> policies = new ArrayList<>();
        tenantDoc.path("guardian_policies").forEach(n -> policies.add(n.asString()));
        return new MfaSettings(List.copyOf(policies), tenantDoc.path("guardian_factors"),
                tenantDoc.path(REMEMBER_BROWSER_DAYS).asInt(0));
    }

    public boolean factorEnabled(String name) {
        return factors.path(name).asBoolean(false);
    }

    /** Some factor a user can enroll and be challenged with is on; without one there is nothing to ask for. */
    public boolean anyChallengeFactor() {
        return CHALLENGE_FACTORS.stream().anyMatch(this::factorEnabled);
    }

    public boolean allApplications() {
        return policies.contains(MfaPolicy.ALL_APPLICATIONS);
    }
}
