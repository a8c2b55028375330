package dev.atrium.web.management;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.KeptFields;
import dev.atrium.resourceservers.AccessPolicies;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ApiScope;
import dev.atrium.resourceservers.NewResourceServer;
import dev.atrium.resourceservers.ResourceServerPatch;
import dev.atrium.resourceservers.TokenDialect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API bodies ({@code /resource-servers}), already type-checked by their {@link Schema}, mapped once to
 * {@link NewResourceServer} and {@link ResourceServerPatch}. The nested shapes the schemas do not describe
 * ({@code scopes}, {@code subject_type_authorization}) are checked here; the values' own rules live in the
 * command records, the rules between properties in the service. The properties Atrium only stores are kept
 * as sent. Broken shapes throw {@link InvalidRequestException}, which {@link ManagementApi#domain} answers as 400.
 */
final class ResourceServerRequests {
    private static final Set<String> TYPED_OR_KEY;

    static {
        Set<String> s = new HashSet<>(ResourceServerPatch.TYPED);
        s.add("identifier");
        TYPED_OR_KEY = Set.copyOf(s);
    }

    private ResourceServerRequests() {
    }

    static NewResourceServer newResourceServer(ObjectNode body) {
        return new NewResourceServer(Json.text(body, "identifier", ""), patch(body));
    }

    static ResourceServerPatch patch(ObjectNode body) {
        ResourceServerPatch p = ResourceServerPatch.none().withOthers(KeptFields.of(body, TYPED_OR_KEY));
        if (body.has("name")) {
            p = p.withName(Json.text(body, "name", ""));
        }
        if (body.has("scopes")) {
            p = p.withScopes(scopes(body.get("scopes")));
        }
        if (body.has("token_lifetime")) {
            p = p.withTokenLifetime(Json.number(body, "token_lifetime", 0));
        }
        if (body.has("token_lifetime_for_web")) {
            p = p.withTokenLifetimeForWeb(Json.number(body, "token_lifetime_for_web", 0));
        }
        if (body.has("allow_offline_access")) {
            p = p.withAllowOfflineAccess(Json.bool(body, "allow_offline_access", false));
        }
        if (body.has("skip_consent_for_verifiable_first_party_clients")) {
            p = p.withSkipConsentForVerifiableFirstPartyClients(Json.bool(body, "skip_consent_for_verifiable_first_party_clients", false));
        }
        if (body.has("enforce_policies")) {
            p = p.withEnforcePolicies(Json.bool(body, "enforce_policies", false));
        }
        if (body.has("token_dialect")) {
            String v = Json.text(body, "token_dialect", "");
            p = p.withTokenDialect(TokenDialect.parse(v).orElseThrow(() -> new InvalidRequestException("token_dialect",
                    "token_dialect must be access_token, access_token_authz, rfc9068_profile or rfc9068_profile_authz")));
        }
        if (body.has("subject_type_authorization")) {
            p = p.withSubjectTypeAuthorization(policies(body.get("subject_type_authorization")));
        }
        return p;
    }

    /** Each scope an object with a string {@code value} and at most a string {@code description}. */
    private static List<ApiScope> scopes(JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidRequestException("scopes", "scopes must be an array");
        }
        List<ApiScope> out = new ArrayList<>();
        for (JsonNode s : node) {
            JsonNode value = s.get("value");
            if (!s.isObject() || value == null || !value.isString()) {
                throw new InvalidRequestException("scopes", "each scope needs a value without spaces (at most 280 characters)");
            }
            ApiScope scope = new ApiScope(value.asString(), Optional.empty());
            for (String k : s.propertyNames()) {
                if (!k.equals("value") && !k.equals("description")) {
                    throw new InvalidRequestException("scopes", "a scope has only value and description");
                }
            }
            JsonNode description = s.get("description");
            if (description != null && !description.isNull()) {
                if (!description.isString()) {
                    throw new InvalidRequestException("scopes", "a scope's description must be a string");
                }
                scope = new ApiScope(scope.value(), Optional.of(description.asString()));
            }
            out.add(scope);
        }
        return out;
    }

    /** {@code {"user": {"policy": ...}, "client": {"policy": ...}}}, either left out for its default. */
    private static AccessPolicies policies(JsonNode node) {
        if (!(node instanceof ObjectNode sta)) {
            throw new InvalidRequestException("subject_type_authorization", "subject_type_authorization must be an object");
        }
        for (String k : sta.propertyNames()) {
            if (!k.equals("user") && !k.equals("client")) {
                throw new InvalidRequestException("subject_type_authorization",
                        "Additional properties not allowed: subject_type_authorization." + k);
            }
        }
        Optional<ApiAccessPolicy> user = sta.has("user")
                ? Optional.of(policy(sta.get("user"), "user").orElseThrow(AccessPolicies::userRefused)) : Optional.empty();
        Optional<ApiAccessPolicy> client = sta.has("client")
                ? Optional.of(policy(sta.get("client"), "client").orElseThrow(AccessPolicies::clientRefused)) : Optional.empty();
        return new AccessPolicies(user, client);
    }

    private static Optional<ApiAccessPolicy> policy(JsonNode subject, String name) {
        if (subject instanceof ObjectNode o) {
            for (String k : o.propertyNames()) {
                if (!k.equals("policy")) {
                    throw new InvalidRequestException("subject_type_authorization",
                            "Additional properties not allowed: subject_type_authorization." + name + "." + k);
                }
            }
        }
        return ApiAccessPolicy.parse(Json.text(subject, "policy", ""));
    }
}
