package dev.atrium.clients;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for creating and changing applications, shared by the Management API and the dashboard:
 * defaults, identifier formats ({@code tpc_} for strict third-party applications), the properties
 * that cannot change after creation, and secret generation and rotation.
 *
 * <p>Specifications: Auth0 Management API "Create a client", "Update a client", "Rotate a client secret";
 * third-party-apps.md T1–T9.
 */
public final class ClientService {
    public static final String TENANT_NAME = "atrium";
    public static final List<String> DEFAULT_GRANT_TYPES =
            List.of("authorization_code", "implicit", "refresh_token", "client_credentials");
    static final List<String> THIRD_PARTY_DEFAULT_GRANT_TYPES = List.of("authorization_code", "refresh_token");

    private final ClientStore store;
    private final ClientCredentialStore credentials;
    private final ClientSecrets secrets;
    private final Clock clock;

    /** A new application and, when it authenticates with one, its secret in clear: the only time it is seen. */
    public record Created(Client client, Optional<String> secret) {
    }

    public ClientService(ClientStore store, ClientCredentialStore credentials, ClientSecrets secrets, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Optional<Client> find(String clientId) {
        return store.find(clientId);
    }

    public List<Client> list() {
        return store.list();
    }

    /**
     * The tenant settings that decide third-party security modes (third-party-apps.md §1.7).
     *
     * @param permissiveEligible  the operator marked the tenant eligible for permissive mode (T4)
     * @param permissiveByDefault "Create Permissive Third-Party Clients by Default" (T3; only honoured when eligible)
     */
    public record TenantModes(boolean permissiveEligible, boolean permissiveByDefault) {
        /** The modes a tenant's settings allow. */
        public static TenantModes of(dev.atrium.tenant.TenantSettings t) {
            return new TenantModes(t.flag("third_party_permissive_mode_eligible"),
                    t.flag("create_permissive_third_party_clients_by_default"));
        }
    }

    /** Creates an application from a request document whose types were already checked. */
    public Created create(ObjectNode request, TenantModes modes) {
        ThirdPartyRules.checkNoImportedId(request);
        ObjectNode doc = request.deepCopy();
        boolean firstParty = Json.bool(doc, "is_first_party", true);
        doc.put("is_first_party", firstParty);
        String mode = null;
        if (firstParty) {
            if (doc.has("third_party_security_mode")) {
                throw new InvalidRequestException("third_party_security_mode",
                        "third_party_security_mode is only for third-party applications (is_first_party=false)");
            }
        } else {
            boolean defaultPermissive = modes.permissiveEligible() && modes.permissiveByDefault();
            mode = Json.text(doc, "third_party_security_mode", (defaultPermissive ? ThirdPartySecurityMode.PERMISSIVE : ThirdPartySecurityMode.STRICT).wire());
            if (ThirdPartySecurityMode.PERMISSIVE.is(mode) && !modes.permissiveEligible()) {
                throw new InvalidRequestException("third_party_security_mode",
                        "third_party_security_mode \"permissive\" is not available for this tenant");
            }
            if (ThirdPartySecurityMode.STRICT.is(mode)) {
                ThirdPartyRules.checkRequestProperties(request);
            }
            doc.put("third_party_security_mode", mode);
        }
        return insert(doc, firstParty, mode, false);
    }

    /**
     * Creates an application through dynamic client registration (T93): third-party, in the tenant's
     * registration mode, marked read-only as dynamically registered.
     */
    public Created register(ObjectNode request, String mode) {
        ObjectNode doc = request.deepCopy();
        doc.put("is_first_party", false);
        doc.put("third_party_security_mode", mode);
        doc.put(ThirdPartyRules.DYNAMICALLY_REGISTERED, true);
        return insert(doc, false, mode, true);
    }

    /**
     * Issue 14: the application behind a Client ID Metadata Document, under the internal id {@code clientId}
     * derived from its URL. Created on first use as a strict, public, self-registered third-party application;
     * afterwards only what the document describes (name, callbacks, grant types, links) follows the document.
     */
    public Client upsertFromMetadataDocument(String clientId, ObjectNode request) {
        Optional<Client> existing = store.find(clientId);
        if (existing.isEmpty()) {
            ObjectNode doc = request.deepCopy();
            doc.put("is_first_party", false);
            doc.put("third_party_security_mode", ThirdPartySecurityMode.STRICT.wire());
            doc.put(ThirdPartyRules.DYNAMICALLY_REGISTERED, true);
            return insert(doc, false, ThirdPartySecurityMode.STRICT.wire(), true, clientId).client();
        }
        ObjectNode doc = existing.get().doc();
        for (String f : List.of("name", "callbacks", "grant_types", "logo_uri", "client_uri", CLIENT_ID_METADATA_DOCUMENT,
                "client_id_metadata_fetched_at")) {
            if (request.has(f)) {
                doc.set(f, request.get(f));
            } else if (!f.equals("name")) {
                doc.remove(f);
            }
        }
        ClientUrls.check(doc, ClientUrls.FIELDS.keySet());
        doc.put("updated_at", clock.instant().toString());
        Client updated = existing.get().withDoc(doc);
        store.update(updated);
        return updated;
    }

    /** The member holding the URL of a Client ID Metadata Document an application was created from. */
    public static final String CLIENT_ID_METADATA_DOCUMENT = "client_id_metadata_document";

    private Created insert(ObjectNode doc, boolean firstParty, String mode, boolean dynamic) {
        return insert(doc, firstParty, mode, dynamic, null);
    }

    private Created insert(ObjectNode doc, boolean firstParty, String mode, boolean dynamic, String givenId) {
        boolean strict = ThirdPartySecurityMode.STRICT.is(mode);
        String clientId = givenId != null ? givenId : strict ? "tpc_" + Ids.alnum(32) : Ids.alnum(32);
        if (dynamic && Json.text(doc, "name", "").isBlank()) {
            doc.put("name", "Dynamic client " + clientId);
        }
        checkCommon(doc);
        if (!Client.privateKeyJwtIds(doc).isEmpty()) {
            throw new InvalidRequestException("client_authentication_methods",
                    "A new application has no credentials yet: create it, add them through /clients/{id}/credentials, then list them here.");
        }
        Instant now = clock.instant();
        doc.put("client_id", clientId);
        doc.put("tenant", TENANT_NAME);
        doc.put("global", false);
        putIfAbsent(doc, "oidc_conformant", Json.MAPPER.getNodeFactory().booleanNode(!firstParty));
        if (!doc.has("grant_types")) {
            doc.set("grant_types", Json.strings(firstParty ? DEFAULT_GRANT_TYPES : THIRD_PARTY_DEFAULT_GRANT_TYPES));
        }
        if (!doc.has("token_endpoint_auth_method") && !doc.has("client_authentication_methods")) {
            String type = Json.text(doc, "app_type", "");
            doc.put("token_endpoint_auth_method", type.equals("spa") || type.equals("native") ? "none" : "client_secret_post");
        }
        // strict applications get no defaults for properties outside their curated set (T10)
        for (String list : strict ? List.of("callbacks", "allowed_origins", "web_origins")
                : List.of("callbacks", "allowed_origins", "web_origins", "allowed_logout_urls", "client_aliases", "allowed_clients")) {
            putIfAbsent(doc, list, Json.array());
        }
        ObjectNode jwt = doc.has("jwt_configuration") ? (ObjectNode) doc.get("jwt_configuration") : Json.object();
        if (!jwt.has("lifetime_in_seconds")) {
            jwt.put("lifetime_in_seconds", firstParty ? 36000 : 3600);
        }
        if (!firstParty && !jwt.has("alg")) {
            jwt.put("alg", "RS256");
        }
        if (!jwt.has("secret_encoded")) {
            jwt.put("secret_encoded", false);
        }
        doc.set("jwt_configuration", jwt);
        if (strict) {
            doc.set("refresh_token", ThirdPartyRules.strictRefreshToken(doc.get("refresh_token"), rotatesByDefault(doc)));
            putIfAbsent(doc, "redirection_policy", Json.MAPPER.getNodeFactory().stringNode("open_redirect_protection"));
        } else {
            if (!doc.has("refresh_token") || doc.get("refresh_token").isNull()) {
                doc.set("refresh_token", defaultRefreshToken(doc, mode));
            } else if (doc.get("refresh_token") instanceof ObjectNode given && rotatesByDefault(doc)) {
                // a public application's partial object is completed towards rotating and expiring, so one
                // that names only its leeway does not fall back to non-rotating, non-expiring tokens
                if (!given.has("rotation_type")) {
                    given.put("rotation_type", "rotating");
                }
                if (!given.has("expiration_type")) {
                    given.put("expiration_type", "expiring");
                }
                boolean infinite = "non-expiring".equals(Json.text(given, "expiration_type", ""));
                for (String f : List.of("infinite_token_lifetime", "infinite_idle_token_lifetime")) {
                    if (!given.has(f)) {
                        given.put(f, infinite);
                    }
                }
                defaultRefreshToken(doc, mode).properties().forEach(e -> {
                    if (!given.has(e.getKey())) {
                        given.set(e.getKey(), e.getValue());
                    }
                });
            }
            putIfAbsent(doc, "sso_disabled", Json.MAPPER.getNodeFactory().booleanNode(false));
            putIfAbsent(doc, "cross_origin_authentication", Json.MAPPER.getNodeFactory().booleanNode(false));
            putIfAbsent(doc, "custom_login_page_on", Json.MAPPER.getNodeFactory().booleanNode(true));
            putIfAbsent(doc, "is_token_endpoint_ip_header_trusted", Json.MAPPER.getNodeFactory().booleanNode(false));
        }
        checkThirdParty(doc, mode, dynamic);
        ClientUrls.check(doc, ClientUrls.FIELDS.keySet());
        doc.put("created_at", now.toString());
        doc.put("updated_at", now.toString());

        Optional<String> secret = needsSecret(doc) ? Optional.of(ClientSecrets.generate()) : Optional.empty();
        Client client = new Client(clientId, doc, secret.map(secrets::hash));
        store.create(client);
        return new Created(client, secret);
    }

    /** Creates (or keeps) an application with a known id and secret: the bootstrap client of operations.md. */
    public Client ensure(String clientId, String secret, ObjectNode request) {
        Optional<Client> existing = store.find(clientId);
        Instant now = clock.instant();
        if (existing.isPresent()) {
            Client c = existing.get();
            if (c.secretHash().isEmpty() || !secrets.matches(secret, c.secretHash().get())) {
                c = c.withSecretHash(secrets.hash(secret));
                store.update(c);
            }
            return c;
        }
        ObjectNode doc = request.deepCopy();
        doc.put("client_id", clientId);
        doc.put("tenant", TENANT_NAME);
        doc.put("global", false);
        doc.put("is_first_party", true);
        doc.put("created_at", now.toString());
        doc.put("updated_at", now.toString());
        Client c = new Client(clientId, doc, Optional.of(secrets.hash(secret)));
        store.create(c);
        return c;
    }

    /**
     * Applies a PATCH (shallow merge; {@code null} removes a property). {@code newSecret}: a secret
     * the caller sets explicitly (already authorised by the caller's scope).
     */
    public Optional<Client> update(String clientId, ObjectNode patch, Optional<String> newSecret) {
        // hashed before the row is locked: the hash is slow and does not depend on the stored record
        Optional<String> newHash = newSecret.map(secrets::hash);
        return store.update(clientId, c -> patched(c, patch, newHash));
    }

    /** {@code c} with the PATCH applied, checked; runs while the stored row is locked. */
    private Client patched(Client c, ObjectNode patch, Optional<String> newHash) {
        String clientId = c.clientId();
        ObjectNode doc = c.doc();
        if (patch.has("is_first_party") && patch.get("is_first_party").isBoolean()
                && patch.get("is_first_party").asBoolean() != c.isFirstParty()) {
            throw new InvalidRequestException("is_first_party", "is_first_party cannot be changed after creation");
        }
        if (patch.has("third_party_security_mode")) {
            JsonNode m = patch.get("third_party_security_mode");
            if (c.isFirstParty() || m.isNull() || !m.asString().equals(c.thirdPartySecurityMode().orElse(""))) {
                throw new InvalidRequestException("third_party_security_mode",
                        "third_party_security_mode cannot be changed after creation");
            }
        }
        if (c.isStrictThirdParty()) {
            ThirdPartyRules.checkRequestProperties(patch);
        }
        Json.applyPatch(doc, patch);
        if (c.isStrictThirdParty() && patch.has("refresh_token")) {
            doc.set("refresh_token", ThirdPartyRules.strictRefreshToken(patch.get("refresh_token"), rotatesByDefault(doc)));
        }
        checkCommon(doc);
        checkThirdParty(doc, c.thirdPartySecurityMode().orElse(null), c.isDynamicallyRegistered());
        // only what the PATCH names (or a changed app_type) is re-checked, so a URL stored before the rule
        // does not block unrelated changes; the logout endpoint re-checks before redirecting anyway
        ClientUrls.check(doc, patch.has("app_type") ? ClientUrls.FIELDS.keySet()
                : ClientUrls.FIELDS.keySet().stream().filter(patch::has).collect(java.util.stream.Collectors.toSet()));
        checkCredentials(clientId, doc);
        doc.put("updated_at", clock.instant().toString());
        Client updated = c.withDoc(doc);
        return newHash.isPresent() ? updated.withSecretHash(newHash.get()) : updated;
    }

    /** A new secret for the application; the old one stops working at once. */
    public Optional<Created> rotateSecret(String clientId) {
        String secret = ClientSecrets.generate();
        String hash = secrets.hash(secret);
        return store.update(clientId, c -> {
            ObjectNode doc = c.doc();
            doc.put("updated_at", clock.instant().toString());
            return c.withDoc(doc).withSecretHash(hash);
        }).map(updated -> new Created(updated, Optional.of(secret)));
    }

    public boolean delete(String clientId) {
        return store.delete(clientId);
    }

    private static boolean needsSecret(ObjectNode doc) {
        return !"none".equals(Json.text(doc, "token_endpoint_auth_method", ""))
                || doc.has("client_authentication_methods");
    }

    private static void checkThirdParty(ObjectNode doc, String mode, boolean dynamic) {
        if (Json.bool(doc, "is_first_party", true)) {
            return;
        }
        if (ThirdPartySecurityMode.STRICT.is(mode)) {
            ThirdPartyRules.checkStrictDocument(doc, dynamic);
        } else {
            ThirdPartyRules.checkPermissiveDocument(doc);
        }
    }

    /** T17: public and browser/native strict applications rotate refresh tokens unless an admin says otherwise. */
    private static boolean rotatesByDefault(ObjectNode doc) {
        String type = Json.text(doc, "app_type", "");
        return type.equals("spa") || type.equals("native") || "none".equals(Json.text(doc, "token_endpoint_auth_method", ""));
    }

    /**
     * Strict applications and every public application (no client secret: a refresh token in a browser or
     * on a device can leak) get rotating, expiring refresh tokens (RFC 9700 §4.14.2, issue 9 point 8);
     * other confidential applications keep Auth0's non-rotating, non-expiring default.
     */
    private static ObjectNode defaultRefreshToken(ObjectNode doc, String mode) {
        ObjectNode r = Json.object();
        boolean strict = ThirdPartySecurityMode.STRICT.is(mode);
        boolean isPublic = rotatesByDefault(doc);
        boolean rotate = isPublic;
        boolean expire = strict || isPublic;
        r.put("rotation_type", rotate ? "rotating" : "non-rotating");
        r.put("expiration_type", expire ? "expiring" : "non-expiring");
        r.put("leeway", 0);
        r.put("token_lifetime", 2592000);
        r.put("infinite_token_lifetime", !expire);
        r.put("idle_token_lifetime", 1296000);
        r.put("infinite_idle_token_lifetime", !expire);
        return r;
    }

    /** {@code private_key_jwt} replaces the secret methods, and lists only this application's own credentials. */
    private void checkCredentials(String clientId, ObjectNode doc) {
        if (!doc.path("client_authentication_methods").has("private_key_jwt")) {
            return;
        }
        if (doc.has("token_endpoint_auth_method")) {
            throw new InvalidRequestException("token_endpoint_auth_method",
                    "token_endpoint_auth_method must be null when client_authentication_methods.private_key_jwt is set");
        }
        List<String> ids = Client.privateKeyJwtIds(doc);
        if (ids.isEmpty()) {
            throw new InvalidRequestException("client_authentication_methods",
                    "client_authentication_methods.private_key_jwt.credentials must list at least one credential id");
        }
        for (String id : ids) {
            if (credentials.find(clientId, id).isEmpty()) {
                throw new InvalidRequestException("client_authentication_methods", "No credential " + id + " for this application");
            }
        }
    }


    /** Rules that hold for every stored application, checked after defaults and merges. */
    private static void checkCommon(ObjectNode doc) {
        String name = Json.text(doc, "name", "");
        if (name.isBlank() || name.contains("<") || name.contains(">")) {
            throw new InvalidRequestException("name", "name must be non-empty and must not contain '<' or '>'");
        }
        RequireBehavior behavior = RequireBehavior.parse(Json.text(doc, "organization_require_behavior",
                RequireBehavior.NO_PROMPT.wire())).orElseThrow(() ->
                new InvalidRequestException("organization_require_behavior", "organization_require_behavior is invalid"));
        // strict third-party applications cannot set oidc_conformant (T10) yet have no legacy flows to leave
        // behind, and T79 recommends Prompt for Credentials for them
        boolean strictThirdParty = !Json.bool(doc, "is_first_party", true)
                && ThirdPartySecurityMode.STRICT.is(Json.text(doc, "third_party_security_mode", null));
        if (behavior == RequireBehavior.POST_LOGIN_PROMPT && !Json.bool(doc, "oidc_conformant", false) && !strictThirdParty) {
            throw new InvalidRequestException("organization_require_behavior",
                    "organization_require_behavior post_login_prompt requires oidc_conformant=true");
        }
        // organizations.md O15: at least one discovery method, each once (the values are checked by the API schema)
        JsonNode methods = doc.get("organization_discovery_methods");
        if (methods != null && methods.isArray()
                && (methods.isEmpty() || Json.stringList(methods).stream().distinct().count() != methods.size())) {
            throw new InvalidRequestException("organization_discovery_methods",
                    "organization_discovery_methods must hold at least one method, each once");
        }
        // O17: default_organization names an organization and applies to client_credentials only
        JsonNode def = doc.get("default_organization");
        if (def != null && def.isObject()) {
            // an empty flows list is accepted: it keeps the organization without applying it anywhere
            JsonNode flows = def.get("flows");
            if (Json.text(def, "organization_id", "").isEmpty() || flows == null || !flows.isArray()
                    || !Json.stringList(flows).stream().allMatch("client_credentials"::equals)
                    || Json.stringList(flows).size() != flows.size()) {
                throw new InvalidRequestException("default_organization",
                        "default_organization requires organization_id and flows [\"client_credentials\"]");
            }
        }
        JsonNode meta = doc.get("client_metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject() || meta.size() > 10) {
                throw new InvalidRequestException("client_metadata", "client_metadata holds at most 10 string properties");
            }
            for (String k : meta.propertyNames()) {
                JsonNode v = meta.get(k);
                if (!v.isString() || v.asString().length() > 255 || k.length() > 255) {
                    throw new InvalidRequestException("client_metadata",
                            "client_metadata values are strings of at most 255 characters");
                }
            }
        }
        JsonNode jwt = doc.get("jwt_configuration");
        if (jwt != null && jwt.isObject()) {
            JsonNode life = jwt.get("lifetime_in_seconds");
            if (life != null && (!life.isIntegralNumber() || life.asLong() < 1 || life.asLong() > 2592000)) {
                throw new InvalidRequestException("jwt_configuration", "jwt_configuration.lifetime_in_seconds must be between 1 and 2592000");
            }
            JsonNode alg = jwt.get("alg");
            if (alg != null && !Set.of("HS256", "RS256", "RS512", "PS256").contains(alg.asString())) {
                throw new InvalidRequestException("jwt_configuration", "jwt_configuration.alg must be HS256, RS256, RS512 or PS256");
            }
        }
        JsonNode rt = doc.get("refresh_token");
        if (rt != null && rt.isObject()) {
            String rot = Json.text(rt, "rotation_type", "non-rotating");
            String exp = Json.text(rt, "expiration_type", "non-expiring");
            if (!Set.of("rotating", "non-rotating").contains(rot)) {
                throw new InvalidRequestException("refresh_token", "refresh_token.rotation_type must be rotating or non-rotating");
            }
            if (!Set.of("expiring", "non-expiring").contains(exp)) {
                throw new InvalidRequestException("refresh_token", "refresh_token.expiration_type must be expiring or non-expiring");
            }
            for (String f : List.of("leeway", "token_lifetime", "idle_token_lifetime")) {
                JsonNode n = rt.get(f);
                if (n != null && (!n.isIntegralNumber() || n.asLong() < 0)) {
                    throw new InvalidRequestException("refresh_token", "refresh_token." + f + " must be a non-negative integer");
                }
            }
        }
        for (String list : List.of("callbacks", "allowed_origins", "web_origins", "allowed_logout_urls")) {
            for (String url : Json.stringList(doc.get(list))) {
                if (url.isBlank() || url.length() > 1024) {
                    throw new InvalidRequestException(list, list + " holds an empty or too long URL");
                }
            }
        }
    }

    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name)) {
            doc.set(name, value);
        }
    }
}
