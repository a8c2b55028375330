package dev.atrium.mfa;

import tools.jackson.databind.JsonNode;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether a sign-in or a refresh needs a second factor: the tenant's policy, the request's {@code acr_values}, and
 * the {@code require_mfa} of the sign-in's organization, as {@link MfaPolicy} combines them. A sign-in whose SSO
 * session was itself started after a second factor has it already (so a silent sign-in keeps its {@code amr}).
 */
public final class MfaRequirement {
    private final Supplier<JsonNode> tenantDoc;
    private final Predicate<String> organizationRequires;
    private final MfaService mfa;

    /**
     * @param organizationRequires whether the organization of this id has {@code require_mfa} on
     */
    public MfaRequirement(Supplier<JsonNode> tenantDoc, Predicate<String> organizationRequires, MfaService mfa) {
        this.tenantDoc = tenantDoc;
        this.organizationRequires = organizationRequires;
        this.mfa = mfa;
    }

    public MfaSettings settings() {
        return MfaSettings.of(tenantDoc.get());
    }

    /**
     * A browser sign-in into {@code organizationId} (or none) through the SSO session {@code sid} (or none yet)
     * needs a second factor it has not passed.
     */
    public boolean signIn(String acrValues, String organizationId, String sid) {
        MfaSettings s = settings();
        boolean required = MfaPolicy.required(s.policies(), s.anyChallengeFactor(), acrValues, organizationRequires(organizationId));
        return required && !mfa.sessionMethods(sid).contains("mfa");
    }

    /** T58/X17: a sign-in into {@code organizationId} would need a second factor now (a refresh cannot ask for one). */
    public boolean refresh(String organizationId) {
        MfaSettings s = settings();
        return MfaPolicy.required(s.policies(), s.anyChallengeFactor(), null, organizationRequires(organizationId));
    }

    private boolean organizationRequires(String organizationId) {
        return organizationId != null && organizationRequires.test(organizationId);
    }
}
