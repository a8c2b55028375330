package dev.atrium.resourceservers;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

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

    /** Creates an API; the name defaults to the identifier, the other properties to Auth0's defaults. */
    public ResourceServer create(NewResourceServer request) {
        ObjectNode doc = Json.object();
        String id = Ids.hex(12);
        doc.put("id", id);
        doc.put("identifier", request.identifier());
        request.fields().others().writeTo(doc);
        doc.put("id", id); // the server's, whatever the kept fields hold
        doc.put("is_system", false);
        doc.put("name", request.fields().name().orElse(request.identifier()));
        apply(doc, request.fields());
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

    /** Applies a change; empty when there is no such API. Throws {@link SystemApiException} for the system API. */
    public Optional<ResourceServer> update(String idOrIdentifier, ResourceServerPatch patch) {
        Optional<ResourceServer> existing = find(idOrIdentifier);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (existing.get().isSystem()) {
            throw new SystemApiException("You cannot modify a system resource server.");
        }
        return store.update(existing.get().id(), current -> patched(current, patch));
    }

    /** {@code current} with the change applied and checked; runs while the stored row is locked. */
    private static ResourceServer patched(ResourceServer current, ResourceServerPatch patch) {
        ObjectNode doc = current.doc();
        patch.others().patch(doc);
        apply(doc, patch);
        // Auth0's SDK update type has no token_lifetime_for_web: lowering token_lifetime alone must
        // pull the browser-flow lifetime down with it rather than fail on a value the caller cannot send.
        if (patch.tokenLifetimeForWeb().isEmpty() && doc.has("token_lifetime") && doc.has("token_lifetime_for_web")
                && Json.number(doc, "token_lifetime_for_web", 0) > Json.number(doc, "token_lifetime", 0)) {
            doc.set("token_lifetime_for_web", doc.get("token_lifetime"));
        }
        defaults(doc);
        check(doc);
        return new ResourceServer(current.id(), doc);
    }

    /** Writes the typed properties the patch sets into {@code doc}. */
    private static void apply(ObjectNode doc, ResourceServerPatch p) {
        p.name().ifPresent(v -> doc.put("name", v));
        p.scopes().ifPresent(list -> {
            var arr = Json.array();
            for (ApiScope s : list) {
                ObjectNode o = arr.addObject().put("value", s.value());
                s.description().ifPresent(d -> o.put("description", d));
            }
            doc.set("scopes", arr);
        });
        p.tokenLifetime().ifPresent(v -> doc.put("token_lifetime", v));
        p.tokenLifetimeForWeb().ifPresent(v -> doc.put("token_lifetime_for_web", v));
        p.allowOfflineAccess().ifPresent(v -> doc.put("allow_offline_access", v));
        p.skipConsentForVerifiableFirstPartyClients().ifPresent(v -> doc.put("skip_consent_for_verifiable_first_party_clients", v));
        p.enforcePolicies().ifPresent(v -> doc.put("enforce_policies", v));
        p.tokenDialect().ifPresent(v -> doc.put("token_dialect", v.wire()));
        p.subjectTypeAuthorization().ifPresent(sta -> {
            ObjectNode o = Json.object();
            sta.user().ifPresent(u -> o.set("user", Json.object().put("policy", u.wire())));
            sta.client().ifPresent(c -> o.set("client", Json.object().put("policy", c.wire())));
            doc.set("subject_type_authorization", o);
        });
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

    /**
     * The rules that hold between properties, checked on the document after defaults and the change: the
     * name, the two lifetimes, and the dialect that needs RBAC. The values' own rules live in the commands.
     */
    private static void check(ObjectNode doc) {
        String name = Json.text(doc, "name", "");
        if (name.contains("<") || name.contains(">")) {
            throw new InvalidRequestException("name", "name must not contain '<' or '>'");
        }
        long life = Json.number(doc, "token_lifetime", 86400);
        long web = Json.number(doc, "token_lifetime_for_web", 7200);
        if (life < 1 || life > 2592000) {
            throw new InvalidRequestException("token_lifetime", "token_lifetime must be between 1 and 2592000");
        }
        if (web < 1 || web > life) {
            throw new InvalidRequestException("token_lifetime_for_web", "token_lifetime_for_web must be between 1 and token_lifetime");
        }
        String dialect = Json.text(doc, "token_dialect", TokenDialect.ACCESS_TOKEN.wire());
        if (TokenDialect.parse(dialect).filter(TokenDialect::withPermissions).isPresent() && !Json.bool(doc, "enforce_policies", false)) {
            throw new InvalidRequestException("token_dialect", "token_dialect " + dialect + " requires enforce_policies=true");
        }
    }

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name) || doc.get(name).isNull()) {
            doc.set(name, value);
        }
    }
}
