package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A tenant for sign-in tests, made through the Management API: an API with scopes, a confidential
 * web application, a public single-page application, both enabled on the default database
 * connection, and a user.
 */
final class SignInFixture {
    static final String WEB_CALLBACK = "https://app.example.com/callback";
    static final String WEB_LOGOUT = "https://app.example.com/bye";
    static final String SPA_CALLBACK = "http://localhost:3000/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";

    final TestAtrium atrium;
    final String api;
    final String webId;
    final String webSecret;
    final String spaId;
    final String email;
    final String userId;
    final String connectionId;

    SignInFixture(TestAtrium atrium) {
        this.atrium = atrium;
        String n = Long.toString(System.nanoTime(), 36);
        api = "https://orders-" + n + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Orders API\","
                + "\"allow_offline_access\":true,\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read your orders\"},"
                + "{\"value\":\"write:orders\",\"description\":\"Create and change orders\"}]}"));
        JsonNode web = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Orders Web " + n + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + WEB_CALLBACK + "\"],\"allowed_logout_urls\":[\"" + WEB_LOGOUT + "\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"token_endpoint_auth_method\":\"client_secret_basic\","
                + "\"refresh_token\":{\"rotation_type\":\"rotating\",\"expiration_type\":\"expiring\",\"token_lifetime\":86400,"
                + "\"idle_token_lifetime\":3600,\"leeway\":0}}"));
        webId = web.get("client_id").asString();
        webSecret = web.get("client_secret").asString();
        JsonNode spa = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Orders SPA " + n + "\",\"app_type\":\"spa\","
                + "\"callbacks\":[\"" + SPA_CALLBACK + "\"],\"web_origins\":[\"http://localhost:3000\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}"));
        spaId = spa.get("client_id").asString();
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        int status = atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + webId + "\",\"status\":true},{\"client_id\":\"" + spaId + "\",\"status\":true}]").status();
        if (status != 204) {
            throw new AssertionError("enable clients: " + status);
        }
        email = "ada-" + n + "@example.com";
        JsonNode user = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + PASSWORD + "\",\"given_name\":\"Ada\",\"name\":\"Ada Lovelace\"}"));
        userId = user.get("user_id").asString();
    }

    static JsonNode ok(TestAtrium.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("unexpected " + r);
        }
        return r.json();
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
