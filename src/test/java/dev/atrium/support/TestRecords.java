package dev.atrium.support;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientGrant;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ManagementApiScopes;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.users.User;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed factories for the stored records (applications, APIs, client grants, connections, users) and
 * for the Management API bodies that create them, so tests state what kind of record they need
 * instead of concatenating JSON. Every factory makes a fresh id; the {@code with...} methods return
 * a changed copy.
 */
public final class TestRecords {
    /** The database connection every tenant starts with. */
    public static final String DEFAULT_DATABASE = "Username-Password-Authentication";
    /** The callback the applications made here register. */
    public static final String CALLBACK = "https://app.example.com/callback";

    private TestRecords() {
    }

    // ---- applications

    /** A first-party regular web application (confidential) with the code and refresh-token grants. */
    public static Client webApp() {
        return client(Json.object().put("name", "Web app").put("app_type", "regular_web").put("is_first_party", true)
                .put("token_endpoint_auth_method", "client_secret_post"), "authorization_code", "refresh_token");
    }

    /** A first-party single-page application: public, so PKCE is required. */
    public static Client spa() {
        return client(Json.object().put("name", "SPA").put("app_type", "spa").put("is_first_party", true)
                .put("token_endpoint_auth_method", "none"), "authorization_code", "refresh_token");
    }

    /** A third-party application in {@code strict} security mode (public, code grant only). */
    public static Client strictThirdParty() {
        return client(Json.object().put("name", "Strict third party").put("app_type", "regular_web").put("is_first_party", false)
                .put("third_party_security_mode", ThirdPartySecurityMode.STRICT.wire()).put("token_endpoint_auth_method", "none"),
                "authorization_code", "refresh_token");
    }

    /** A third-party application in {@code permissive} security mode (confidential). */
    public static Client permissiveThirdParty() {
        return client(Json.object().put("name", "Permissive third party").put("app_type", "regular_web").put("is_first_party", false)
                .put("third_party_security_mode", ThirdPartySecurityMode.PERMISSIVE.wire()).put("token_endpoint_auth_method", "client_secret_post"),
                "authorization_code", "refresh_token");
    }

    /** {@code client} with {@code organization_usage} and {@code organization_require_behavior} set. */
    public static Client withOrganizations(Client client, OrganizationUsage usage, RequireBehavior behavior) {
        ObjectNode doc = client.doc();
        doc.put("organization_usage", usage.wire());
        doc.put("organization_require_behavior", behavior.wire());
        return client.withDoc(doc);
    }

    /** {@code client} allowed exactly these grant types. */
    public static Client withGrantTypes(Client client, String... grantTypes) {
        ObjectNode doc = client.doc();
        doc.set("grant_types", Json.strings(List.of(grantTypes)));
        return client.withDoc(doc);
    }

    private static Client client(ObjectNode doc, String... grantTypes) {
        String id = Ids.alnum(32);
        doc.put("client_id", id);
        doc.set("callbacks", Json.strings(List.of(CALLBACK)));
        doc.set("grant_types", Json.strings(List.of(grantTypes)));
        return new Client(id, doc, Optional.of("hash-of-" + id));
    }

    // ---- APIs and grants

    /** An API with a unique identifier and these scopes; user flows allowed to all applications, no RBAC, no offline access. */
    public static ResourceServer anyApi(String... scopes) {
        return api("https://api.example.com/" + Ids.alnum(12).toLowerCase(Locale.ROOT), scopes);
    }

    /** An API named by {@code identifier} with these scopes. */
    public static ResourceServer api(String identifier, String... scopes) {
        ObjectNode doc = Json.object().put("identifier", identifier).put("name", "API " + identifier);
        doc.set("scopes", scopeArray(List.of(scopes)));
        return new ResourceServer(Ids.alnum(24), doc);
    }

    /** The Management API as a user flow sees it: the system API with its administrative and current_user scopes. */
    public static ResourceServer managementApi(String identifier) {
        ObjectNode doc = Json.object().put("identifier", identifier).put("name", "Management API").put("is_system", true);
        doc.set("scopes", scopeArray(ManagementApiScopes.DECLARED));
        return new ResourceServer(Ids.alnum(24), doc);
    }

    public static ResourceServer withUserPolicy(ResourceServer api, ApiAccessPolicy policy) {
        ObjectNode doc = api.doc();
        ObjectNode sta = doc.get("subject_type_authorization") instanceof ObjectNode o ? o : Json.object();
        sta.set("user", Json.object().put("policy", policy.wire()));
        doc.set("subject_type_authorization", sta);
        return new ResourceServer(api.id(), doc);
    }

    /** RBAC on: user tokens are narrowed to the user's permissions. */
    public static ResourceServer withRbac(ResourceServer api) {
        ObjectNode doc = api.doc();
        doc.put("enforce_policies", true);
        return new ResourceServer(api.id(), doc);
    }

    public static ResourceServer withOfflineAccess(ResourceServer api) {
        ObjectNode doc = api.doc();
        doc.put("allow_offline_access", true);
        return new ResourceServer(api.id(), doc);
    }

    /** A user-subject client grant of {@code client} for {@code api} with these scopes. */
    public static ClientGrant userGrant(Client client, ResourceServer api, String... scopes) {
        ObjectNode doc = Json.object().put("client_id", client.clientId()).put("audience", api.identifier())
                .put("subject_type", "user");
        doc.set("scope", Json.strings(List.of(scopes)));
        String id = "cgr_" + Ids.alnum(16);
        doc.put("id", id);
        return new ClientGrant(id, doc);
    }

    // ---- connections and users

    /** A database connection ({@code auth0} strategy) with a unique name. */
    public static Connection databaseConnection() {
        return connection("db-" + Ids.alnum(10).toLowerCase(Locale.ROOT), "auth0", false);
    }

    /** A domain-level connection: usable by third-party applications without being enabled for them. */
    public static Connection domainConnection() {
        return connection("domain-" + Ids.alnum(10).toLowerCase(Locale.ROOT), "auth0", true);
    }

    private static Connection connection(String name, String strategy, boolean domainLevel) {
        String id = "con_" + Ids.alnum(16);
        return new Connection(id, Json.object().put("id", id).put("name", name).put("strategy", strategy)
                .put("is_domain_connection", domainLevel));
    }

    /** A user of {@code connection} with this email. */
    public static User user(Connection connection, String email) {
        String userId = "auth0|" + Ids.hex(12);
        return new User(userId, connection.id(), Json.object().put("user_id", userId).put("email", email)
                .put("email_verified", true).put("name", email), Optional.empty());
    }

    /** A unique email address. */
    public static String email(String prefix) {
        return prefix + "-" + Ids.alnum(8).toLowerCase(Locale.ROOT) + "@example.com";
    }

    // ---- Management API bodies

    /** {@code POST /clients}: a first-party regular web application with one callback. */
    public static ObjectNode newWebAppBody(String name) {
        ObjectNode body = Json.object().put("name", name).put("app_type", "regular_web");
        body.set("callbacks", Json.strings(List.of(CALLBACK)));
        return body;
    }

    /** {@code POST /users}: a user of the database connection {@code connection} with a password that passes the default policy. */
    public static ObjectNode newUserBody(String connection, String email) {
        return Json.object().put("connection", connection).put("email", email).put("password", "Test-password-" + Ids.alnum(8));
    }

    /** {@code POST /connections}: a database connection. */
    public static ObjectNode newDatabaseConnectionBody(String name) {
        return Json.object().put("name", name).put("strategy", "auth0");
    }

    /** {@code POST /resource-servers}: an API with these scopes. */
    public static ObjectNode newApiBody(String identifier, String... scopes) {
        ObjectNode body = Json.object().put("identifier", identifier).put("name", "API " + identifier);
        body.set("scopes", scopeArray(Arrays.asList(scopes)));
        return body;
    }

    private static ArrayNode scopeArray(List<String> scopes) {
        ArrayNode arr = Json.array();
        scopes.forEach(s -> arr.add(Json.object().put("value", s).put("description", s)));
        return arr;
    }
}
