package dev.atrium.resourceservers;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for APIs, shared by the Management API and the dashboard: defaults, the immutable
 * identifier, the token-dialect and policy rules, and the protected system API.
 *
 * <p>Specifications: Auth0 Management API "Resource Servers"; "Role-Based Access Control";
 * "API Access Policies for Applications".
 */
public final class ResourceServerService {
    public static final String MANAGEMENT_API_NAME = "Auth0 Management API";
    private final ResourceServerStore store;
    private final Clock clock;

    /** Thrown when a change targets the system API. */
    public static final class SystemApiException extends RuntimeException {
        SystemApiException(String message) {
            super(message);
        }
    }

    public ResourceServerService(ResourceServerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<ResourceServer> list() {
        return store.list();
    }

    /** By id, or by its (URL-decoded) identifier. */
    public Optional<ResourceServer> find(String idOrIdentifier) {
        return store.find(idOrIdentifier).or(() -> store.findByIdentifier(idOrIdentifier));
    }

    public Optional<ResourceServer> findByIdentifier(String identifier) {
        return store.findByIdentifier(identifier);
    }

    public ResourceServer create(ObjectNode request) {
        ObjectNode doc = request.deepCopy();
        String id = Ids.hex(12);
        doc.put("id", id);
        doc.put("is_system", false);
        if (!doc.has("name")) {
            doc.put("name", Json.text(doc, "identifier", ""));
        }
        defaults(doc);
        check(doc);
        ResourceServer rs = new ResourceServer(id, doc);
        store.create(rs);
        return rs;
    }

    /**
     * Creates the Management API as a system API, once; on later starts brings its scope list up to
     * {@code scopes} (a new version may declare more, such as the current_user scopes).
     */
    public ResourceServer ensureManagementApi(String identifier, List<String> scopes) {
        Optional<ResourceServer> existing = store.findByIdentifier(identifier);
        if (existing.isPresent()) {
            if (existing.get().scopes().equals(scopes)) {
                return existing.get();
            }
            ObjectNode doc = existing.get().doc();
            doc.set("scopes", scopeArray(scopes));
            ResourceServer rs = new ResourceServer(existing.get().id(), doc);
            store.update(rs);
            return rs;
        }
        ObjectNode doc = Json.object();
        String id = Ids.hex(12);
        doc.put("id", id);
        doc.put("name", MANAGEMENT_API_NAME);
        doc.put("identifier", identifier);
        doc.put("is_system", true);
        doc.set("scopes", scopeArray(scopes));
        defaults(doc);
        ResourceServer rs = new ResourceServer(id, doc);
        store.create(rs);
        return rs;
    }

    public Optional<ResourceServer> update(String idOrIdentifier, ObjectNode patch) {
        Optional<ResourceServer> existing = find(idOrIdentifier);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (existing.get().isSystem()) {
            throw new SystemApiException("You cannot modify a system resource server.");
        }
        return store.update(existing.get().id(), current -> patched(current, patch));
    }

    /** {@code current} with the PATCH applied and checked; runs while the stored row is locked. */
    private static ResourceServer patched(ResourceServer current, ObjectNode patch) {
        ObjectNode doc = current.doc();
        Json.applyPatch(doc, patch);
        // Auth0's SDK update type has no token_lifetime_for_web: lowering token_lifetime alone must
        // pull the browser-flow lifetime down with it rather than fail on a value the caller cannot send.
        if (!patch.has("token_lifetime_for_web") && doc.has("token_lifetime") && doc.has("token_lifetime_for_web")
                && Json.number(doc, "token_lifetime_for_web", 0) > Json.number(doc, "token_lifetime", 0)) {
            doc.set("token_lifetime_for_web", doc.get("token_lifetime"));
        }
        defaults(doc);
        check(doc);
        return new ResourceServer(current.id(), doc);
    }

    /** False when there was nothing to delete. */
    public boolean delete(String idOrIdentifier) {
        Optional<ResourceServer> existing = find(idOrIdentifier);
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().isSystem()) {
            throw new SystemApiException("You cannot delete a system resource server.");
        }
        return store.delete(existing.get().id());
    }

    private static tools.jackson.databind.node.ArrayNode scopeArray(List<String> scopes) {
        var arr = Json.array();
        scopes.forEach(s -> arr.add(Json.object().put("value", s).put("description", s.replace(':', ' ').replace('_', ' '))));
        return arr;
    }

    private static void defaults(ObjectNode doc) {
        putIfAbsent(doc, "scopes", Json.array());
        putIfAbsent(doc, "signing_alg", Json.MAPPER.getNodeFactory().stringNode("RS256"));
        putIfAbsent(doc, "allow_offline_access", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "skip_consent_for_verifiable_first_party_clients", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "token_lifetime", Json.MAPPER.getNodeFactory().numberNode(86400));
        putIfAbsent(doc, "token_lifetime_for_web", Json.MAPPER.getNodeFactory().numberNode(
                Math.min(7200, Json.number(doc, "token_lifetime", 86400))));
        putIfAbsent(doc, "enforce_policies", Json.MAPPER.getNodeFactory().booleanNode(false));
        putIfAbsent(doc, "token_dialect", Json.MAPPER.getNodeFactory().stringNode("access_token"));
        ObjectNode sta = doc.get("subject_type_authorization") instanceof ObjectNode o ? o : Json.object();
        if (!sta.has("user")) {
            sta.set("user", Json.object().put("policy", ApiAccessPolicy.ALLOW_ALL.wire()));
        }
        if (!sta.has("client")) {
            sta.set("client", Json.object().put("policy", ApiAccessPolicy.REQUIRE_CLIENT_GRANT.wire()));
        }
        doc.set("subject_type_authorization", sta);
    }

    private static void check(ObjectNode doc) {
        String identifier = Json.text(doc, "identifier", "");
        if (identifier.isBlank()) {
            throw new InvalidRequestException("identifier", "identifier is required");
        }
        String name = Json.text(doc, "name", "");
        if (name.contains("<") || name.contains(">")) {
            throw new InvalidRequestException("name", "name must not contain '<' or '>'");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode s : doc.get("scopes")) {
            String v = Json.text(s, "value", null);
            if (!s.isObject() || v == null || v.isBlank() || v.length() > 280 || v.contains(" ")) {
                throw new InvalidRequestException("scopes", "each scope needs a value without spaces (at most 280 characters)");
            }
            for (String k : s.propertyNames()) {
                if (!k.equals("value") && !k.equals("description")) {
                    throw new InvalidRequestException("scopes", "a scope has only value and description");
                }
            }
            if (!seen.add(v)) {
                throw new InvalidRequestException("scopes", "duplicate scope: " + v);
            }
        }
        long life = Json.number(doc, "token_lifetime", 86400);
        long web = Json.number(doc, "token_lifetime_for_web", 7200);
        if (life < 1 || life > 2592000) {
            throw new InvalidRequestException("token_lifetime", "token_lifetime must be between 1 and 2592000");
        }
        if (web < 1 || web > life) {
            throw new InvalidRequestException("token_lifetime_for_web", "token_lifetime_for_web must be between 1 and token_lifetime");
        }
        String dialect = Json.text(doc, "token_dialect", "access_token");
        if (dialect.endsWith("_authz") && !Json.bool(doc, "enforce_policies", false)) {
            throw new InvalidRequestException("token_dialect", "token_dialect " + dialect + " requires enforce_policies=true");
        }
        JsonNode sta = doc.get("subject_type_authorization");
        String user = Json.text(sta.get("user"), "policy", "");
        String client = Json.text(sta.get("client"), "policy", "");
        if (ApiAccessPolicy.parse(user).isEmpty()) {
            throw new InvalidRequestException("subject_type_authorization", "subject_type_authorization.user.policy must be allow_all, deny_all or require_client_grant");
        }
        if (ApiAccessPolicy.parse(client).filter(p -> p != ApiAccessPolicy.ALLOW_ALL).isEmpty()) {
            throw new InvalidRequestException("subject_type_authorization", "subject_type_authorization.client.policy must be deny_all or require_client_grant");
        }
    }

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name) || doc.get(name).isNull()) {
            doc.set(name, value);
        }
    }
}
