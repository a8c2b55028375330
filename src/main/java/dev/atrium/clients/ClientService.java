package dev.atrium.clients;

import dev.atrium.clients.RefreshTokenSettings.Expiration;
import dev.atrium.clients.RefreshTokenSettings.Rotation;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for creating and changing applications, shared by the Management API and the dashboard:
 * defaults, identifier formats ({@code tpc_} for strict third-party applications), the properties
 * that cannot change after creation, and secret generation and rotation. Commands arrive typed
 * ({@link NewClient}, {@link ClientPatch}); their values' own rules are checked once, where the patch is
 * written ({@link ClientDocument}), and the rules between properties on the merged document. Broken rules
 * throw {@link InvalidRequestException}.
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

    /** Creates an application (its values' types were checked where the request was read). */
    public Created create(NewClient request, TenantModes modes) {
        ClientPatch fields = request.fields();
        boolean firstParty = request.firstParty();
        ThirdPartySecurityMode mode = null;
        if (firstParty) {
            if (fields.thirdPartySecurityMode().isPresent()) {
                throw new InvalidRequestException("third_party_security_mode",
                        "third_party_security_mode is only for third-party applications (is_first_party=false)");
            }
        } else {
            boolean defaultPermissive = modes.permissiveEligible() && modes.permissiveByDefault();
            mode = fields.thirdPartySecurityMode()
                    .orElse(defaultPermissive ? ThirdPartySecurityMode.PERMISSIVE : ThirdPartySecurityMode.STRICT);
            if (mode == ThirdPartySecurityMode.PERMISSIVE && !modes.permissiveEligible()) {
                throw new InvalidRequestException("third_party_security_mode",
                        "third_party_security_mode \"permissive\" is not available for this tenant");
            }
            if (mode == ThirdPartySecurityMode.STRICT) {
                ThirdPartyRules.checkRequestProperties(fields.names());
            }
        }
        ObjectNode doc = ClientDocument.of(request);
        doc.put("is_first_party", firstParty);
        if (mode != null) {
            doc.put("third_party_security_mode", mode.wire());
        }
        return insert(doc, fields, firstParty, mode, false, null);
    }

    /**
     * Creates an application through dynamic client registration (T93): third-party, in the tenant's
     * registration mode, marked read-only as dynamically registered; named after its id when unnamed.
     */
    public Created register(NewClient request, ThirdPartySecurityMode mode) {
        ObjectNode doc = ClientDocument.of(request);
        doc.put("is_first_party", false);
        doc.put("third_party_security_mode", mode.wire());
        doc.put(ThirdPartyRules.DYNAMICALLY_REGISTERED, true);
        return insert(doc, request.fields(), false, mode, true, null);
    }

    /**
     * Issue 14: the application behind a Client ID Metadata Document, under the internal id {@code clientId}
     * derived from its URL. Created on first use as a strict, public, self-registered third-party application;
     * afterwards only what the document describes (name, callbacks, grant types, links) follows the document.
     */
    public Client upsertFromMetadataDocument(String clientId, NewClient request) {
        Optional<Client> existing = store.find(clientId);
        ObjectNode wanted = ClientDocument.of(request);
        if (existing.isEmpty()) {
            wanted.put("is_first_party", false);
            wanted.put("third_party_security_mode", ThirdPartySecurityMode.STRICT.wire());
            wanted.put(ThirdPartyRules.DYNAMICALLY_REGISTERED, true);
            return insert(wanted, request.fields(), false, ThirdPartySecurityMode.STRICT, true, clientId).client();
        }
        ObjectNode doc = existing.get().doc();
        for (String f : List.of("name", "callbacks", "grant_types", "logo_uri", "client_uri", CLIENT_ID_METADATA_DOCUMENT,
                CLIENT_ID_METADATA_FETCHED_AT)) {
            if (wanted.has(f)) {
                doc.set(f, wanted.get(f));
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
    /** The member holding when that document was last fetched. */
    public static final String CLIENT_ID_METADATA_FETCHED_AT = "client_id_metadata_fetched_at";

    /**
     * Stores a new application: {@code doc} is the request's document, {@code fields} what it set (their
     * values are checked here), then the defaults for its kind and the document's rules.
     */
    private Created insert(ObjectNode doc, ClientPatch fields, boolean firstParty, ThirdPartySecurityMode mode, boolean dynamic,
                           String givenId) {
        boolean strict = mode == ThirdPartySecurityMode.STRICT;
        String clientId = givenId != null ? givenId : strict ? "tpc_" + Ids.alnum(32) : Ids.alnum(32);
        if (dynamic && Json.text(doc, "name", "").isBlank()) {
            doc.put("name", "Dynamic client " + clientId);
        }
        ClientDocument.checkName(Json.text(doc, "name", ""));
        ClientDocument.checkValues(fields);
        ClientDocument.checkCommon(doc);
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
            boolean isPublic = appType(doc).map(AppType::isPublicByDefault).orElse(false);
            doc.put("token_endpoint_auth_method",
                    (isPublic ? TokenEndpointAuthMethod.NONE : TokenEndpointAuthMethod.CLIENT_SECRET_POST).wire());
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
            putIfAbsent(doc, "redirection_policy", Json.MAPPER.getNodeFactory().stringNode(RedirectionPolicy.OPEN_REDIRECT_PROTECTION.wire()));
        } else {
            if (!doc.has("refresh_token") || doc.get("refresh_token").isNull()) {
                doc.set("refresh_token", defaultRefreshToken(doc, mode));
            } else if (doc.get("refresh_token") instanceof ObjectNode given && rotatesByDefault(doc)) {
                // a public application's partial object is completed towards rotating and expiring, so one
                // that names only its leeway does not fall back to non-rotating, non-expiring tokens
                if (!given.has("rotation_type")) {
                    given.put("rotation_type", Rotation.ROTATING.wire());
                }
                if (!given.has("expiration_type")) {
                    given.put("expiration_type", Expiration.EXPIRING.wire());
                }
                boolean infinite = Expiration.NON_EXPIRING.wire().equals(Json.text(given, "expiration_type", ""));
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
    public Client ensure(String clientId, String secret, NewClient request) {
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
        ObjectNode doc = ClientDocument.of(request);
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
     * Applies a patch (each property kept, removed or replaced whole). {@code newSecret}: a secret the
     * caller sets explicitly (already authorised by the caller's scope).
     */
    public Optional<Client> update(String clientId, ClientPatch patch, Optional<String> newSecret) {
        // hashed before the row is locked: the hash is slow and does not depend on the stored record
        Optional<String> newHash = newSecret.map(secrets::hash);
        return store.update(clientId, c -> patched(c, patch, newHash));
    }

    /** {@code c} with the patch applied, checked; runs while the stored row is locked. */
    private Client patched(Client c, ClientPatch patch, Optional<String> newHash) {
        String clientId = c.clientId();
        ObjectNode doc = c.doc();
        if (patch.firstParty().isPresent() && patch.firstParty().get() != c.isFirstParty()) {
            throw new InvalidRequestException("is_first_party", "is_first_party cannot be changed after creation");
        }
        if (patch.thirdPartySecurityMode().isPresent() && (c.isFirstParty()
                || !patch.thirdPartySecurityMode().get().is(c.thirdPartySecurityMode().orElse(null)))) {
            throw new InvalidRequestException("third_party_security_mode",
                    "third_party_security_mode cannot be changed after creation");
        }
        Set<String> names = patch.names();
        if (c.isStrictThirdParty()) {
            ThirdPartyRules.checkRequestProperties(names);
        }
        ClientDocument.write(doc, patch, false);
        if (c.isStrictThirdParty() && patch.refreshToken().present()) {
            doc.set("refresh_token", ThirdPartyRules.strictRefreshToken(
                    patch.refreshToken().value().map(RefreshTokenSettings::toJson).orElse(null), rotatesByDefault(doc)));
        }
        ClientDocument.checkValues(patch);
        ClientDocument.checkCommon(doc);
        checkThirdParty(doc, c.thirdPartySecurityMode().flatMap(ThirdPartySecurityMode::parse).orElse(null),
                c.isDynamicallyRegistered());
        // only what the patch names (or a changed app_type) is re-checked, so a URL stored before the rule
        // does not block unrelated changes; the logout endpoint re-checks before redirecting anyway
        ClientUrls.check(doc, patch.appType().isPresent() ? ClientUrls.FIELDS.keySet()
                : ClientUrls.FIELDS.keySet().stream().filter(names::contains).collect(java.util.stream.Collectors.toSet()));
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
        return !TokenEndpointAuthMethod.NONE.wire().equals(Json.text(doc, "token_endpoint_auth_method", ""))
                || doc.has("client_authentication_methods");
    }

    private static void checkThirdParty(ObjectNode doc, ThirdPartySecurityMode mode, boolean dynamic) {
        if (Json.bool(doc, "is_first_party", true)) {
            return;
        }
        if (mode == ThirdPartySecurityMode.STRICT) {
            ThirdPartyRules.checkStrictDocument(doc, dynamic);
        } else {
            ThirdPartyRules.checkPermissiveDocument(doc);
        }
    }

    /** T17: public and browser/native strict applications rotate refresh tokens unless an admin says otherwise. */
    private static boolean rotatesByDefault(ObjectNode doc) {
        return appType(doc).map(AppType::isPublicByDefault).orElse(false)
                || TokenEndpointAuthMethod.NONE.wire().equals(Json.text(doc, "token_endpoint_auth_method", ""));
    }

    private static Optional<AppType> appType(ObjectNode doc) {
        return AppType.parse(Json.text(doc, "app_type", null));
    }

    /**
     * Strict applications and every public application (no client secret: a refresh token in a browser or
     * on a device can leak) get rotating, expiring refresh tokens (RFC 9700 §4.14.2, issue 9 point 8);
     * other confidential applications keep Auth0's non-rotating, non-expiring default.
     */
    private static ObjectNode defaultRefreshToken(ObjectNode doc, ThirdPartySecurityMode mode) {
        ObjectNode r = Json.object();
        boolean strict = mode == ThirdPartySecurityMode.STRICT;
        boolean isPublic = rotatesByDefault(doc);
        boolean rotate = isPublic;
        boolean expire = strict || isPublic;
        r.put("rotation_type", (rotate ? Rotation.ROTATING : Rotation.NON_ROTATING).wire());
        r.put("expiration_type", (expire ? Expiration.EXPIRING : Expiration.NON_EXPIRING).wire());
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


    private static void putIfAbsent(ObjectNode doc, String name, JsonNode value) {
        if (!doc.has(name)) {
            doc.set(name, value);
        }
    }
}
