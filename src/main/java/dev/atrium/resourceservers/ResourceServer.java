package dev.atrium.resourceservers;

import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An API (Auth0 "resource server"), kept as its Management API document. The Management API itself
 * is one, marked {@code is_system}: it cannot be changed or deleted, and third-party applications
 * never obtain tokens for it.
 *
 * <p>Specifications: Auth0 Management API "Resource Servers"; Auth0 "API Access Policies for Applications".
 */
public record ResourceServer(String id, ObjectNode doc) {
    public ResourceServer {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public String identifier() {
        return Json.text(doc, "identifier", "");
    }

    public String name() {
        return Json.text(doc, "name", identifier());
    }

    public boolean isSystem() {
        return Json.bool(doc, "is_system", false);
    }

    public List<String> scopes() {
        List<String> out = new ArrayList<>();
        JsonNode s = doc.get("scopes");
        if (s != null && s.isArray()) {
            s.forEach(e -> {
                String v = Json.text(e, "value", null);
                if (v != null) {
                    out.add(v);
                }
            });
        }
        return out;
    }

    public long tokenLifetime() {
        return Json.number(doc, "token_lifetime", 86400);
    }

    public long tokenLifetimeForWeb() {
        return Json.number(doc, "token_lifetime_for_web", 7200);
    }

    public boolean allowOfflineAccess() {
        return Json.bool(doc, "allow_offline_access", false);
    }

    public boolean enforcePolicies() {
        return Json.bool(doc, "enforce_policies", false);
    }

    /** {@code access_token} (default), {@code access_token_authz}, {@code rfc9068_profile}, {@code rfc9068_profile_authz}. */
    public String tokenDialect() {
        return Json.text(doc, "token_dialect", "access_token");
    }

    public boolean skipConsentForVerifiableFirstPartyClients() {
        return Json.bool(doc, "skip_consent_for_verifiable_first_party_clients", false);
    }

    /** The policy for user flows: {@code allow_all} (default, also for an unknown stored value), {@code require_client_grant}, {@code deny_all}. */
    public ApiAccessPolicy userPolicy() {
        return policy("user", ApiAccessPolicy.ALLOW_ALL);
    }

    /** The policy for machine-to-machine flows: {@code require_client_grant} (default) or {@code deny_all}. */
    public ApiAccessPolicy clientPolicy() {
        return policy("client", ApiAccessPolicy.REQUIRE_CLIENT_GRANT);
    }

    private ApiAccessPolicy policy(String subject, ApiAccessPolicy dflt) {
        JsonNode sta = doc.get("subject_type_authorization");
        return sta == null ? dflt : ApiAccessPolicy.parse(Json.text(sta.get(subject), "policy", dflt.wire())).orElse(dflt);
    }
}
