package dev.atrium.resourceservers;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change to an API ({@code PATCH /resource-servers/{id}}, the dashboard's forms), or the properties of a new
 * one: each property the service or the token code acts on, kept when empty, replaced whole when present
 * ({@code scopes} and {@code subject_type_authorization} too). The properties Atrium only stores
 * ({@code signing_alg}, {@code consent_policy}, {@code token_encryption}, ...) travel in {@code others}; a
 * {@code null} there removes one.
 */
public record ResourceServerPatch(Optional<String> name, Optional<List<ApiScope>> scopes, Optional<Long> tokenLifetime,
                                  Optional<Long> tokenLifetimeForWeb, Optional<Boolean> allowOfflineAccess,
                                  Optional<Boolean> skipConsentForVerifiableFirstPartyClients, Optional<Boolean> enforcePolicies,
                                  Optional<TokenDialect> tokenDialect, Optional<AccessPolicies> subjectTypeAuthorization,
                                  KeptFields others) {
    /** The names of the properties this record types; {@code others} holds none of them. */
    public static final Set<String> TYPED = Set.of("name", "scopes", "token_lifetime", "token_lifetime_for_web",
            "allow_offline_access", "skip_consent_for_verifiable_first_party_clients", "enforce_policies", "token_dialect",
            "subject_type_authorization");

    public ResourceServerPatch {
        scopes = scopes.map(List::copyOf);
        scopes.ifPresent(ResourceServerPatch::checkDistinct);
        for (String typed : TYPED) {
            if (others.has(typed)) {
                throw new IllegalArgumentException(typed + " is a typed property");
            }
        }
    }

    /** A patch that changes nothing. */
    public static ResourceServerPatch none() {
        return new ResourceServerPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), KeptFields.none());
    }

    private static void checkDistinct(List<ApiScope> scopes) {
        Set<String> seen = new HashSet<>();
        for (ApiScope s : scopes) {
            if (!seen.add(s.value())) {
                throw new InvalidRequestException("scopes", "duplicate scope: " + s.value());
            }
        }
    }

    public ResourceServerPatch withName(String v) {
        return new ResourceServerPatch(Optional.of(v), scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withScopes(List<ApiScope> v) {
        return new ResourceServerPatch(name, Optional.of(v), tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withTokenLifetime(long v) {
        return new ResourceServerPatch(name, scopes, Optional.of(v), tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withTokenLifetimeForWeb(long v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, Optional.of(v), allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withAllowOfflineAccess(boolean v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, Optional.of(v),
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withSkipConsentForVerifiableFirstPartyClients(boolean v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                Optional.of(v), enforcePolicies, tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withEnforcePolicies(boolean v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, Optional.of(v), tokenDialect, subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withTokenDialect(TokenDialect v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, Optional.of(v), subjectTypeAuthorization, others);
    }

    public ResourceServerPatch withSubjectTypeAuthorization(AccessPolicies v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, Optional.of(v), others);
    }

    public ResourceServerPatch withOthers(KeptFields v) {
        return new ResourceServerPatch(name, scopes, tokenLifetime, tokenLifetimeForWeb, allowOfflineAccess,
                skipConsentForVerifiableFirstPartyClients, enforcePolicies, tokenDialect, subjectTypeAuthorization, v);
    }
}
