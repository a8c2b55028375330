package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import tools.jackson.databind.JsonNode;

import dev.atrium.support.TestBrowser;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A tenant for sign-in tests, made through the Management API: an API with scopes, a confidential
 * web application, a public single-page application, both enabled on the default database
 * connection, and a user.
 */
public final class SignInFixture {
    public static final String WEB_CALLBACK = "https://app.example.com/callback";
    public static final String WEB_LOGOUT = "https://app.example.com/bye";
    public static final String SPA_CALLBACK = "http://localhost:3000/callback";
    public static final String PASSWORD = "Corr3ct-Horse-Battery";

    public final TestAtrium atrium;
    public final String api;
    public final String webId;
    public final String webSecret;
    public final String spaId;
    public final String email;
    public final String userId;
    public final String connectionId;

    public SignInFixture(TestAtrium atrium) {
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

    /** Another confidential web application on the fixture's callback and connection; {@code extra}: more JSON members. */
    public JsonNode webClient(String name, String extra) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"" + name + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + WEB_CALLBACK + "\"],\"allowed_logout_urls\":[\"" + WEB_LOGOUT + "\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]" + extra + "}"));
        int status = atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + c.get("client_id").asString() + "\",\"status\":true}]").status();
        if (status != 204) {
            throw new AssertionError("enable client: " + status);
        }
        return c;
    }

    /** The query parameters of a redirect Location, decoded. */
    public static Map<String, String> query(String location) {
        return params(URI.create(location).getRawQuery());
    }

    /** The fragment parameters of a redirect Location, decoded. */
    public static Map<String, String> fragment(String location) {
        return params(URI.create(location).getRawFragment());
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** An /authorize URL for the web application with its callback, plus {@code extra} ({@code &k=v…}). */
    public String authorizeWeb(String scope, String extra) {
        return "/authorize?response_type=code&client_id=" + webId + "&redirect_uri=" + TestAtrium.enc(WEB_CALLBACK)
                + "&scope=" + TestAtrium.enc(scope) + "&state=st-1" + extra;
    }

    /** Logs in on the login page of {@code authorizeUrl}, accepting consent when asked; returns the answer that leaves Atrium. */
    public TestBrowser.Page signIn(TestBrowser browser, String authorizeUrl) {
        TestBrowser.Page page = browser.open(authorizeUrl);
        if ("login".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("username", email, "password", PASSWORD)));
        }
        if ("consent".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        return page;
    }

    /** A code for the web application (a fresh browser, signed in), from {@code authorizeUrl}. */
    public String webCode(String authorizeUrl) {
        return code(new TestBrowser(atrium.baseUrl()), authorizeUrl);
    }

    /** A code from {@code authorizeUrl} in {@code browser} (signing in when it has no session yet). */
    public String code(TestBrowser browser, String authorizeUrl) {
        TestBrowser.Page back = signIn(browser, authorizeUrl);
        if (back.status() != 302 || !back.location().contains("code=")) {
            throw new AssertionError("no code: " + back.status() + " " + back.location() + " " + back.body());
        }
        return query(back.location()).get("code");
    }

    /** Exchanges a web application's code with client_secret_post. */
    public TestAtrium.Response exchangeWeb(String code) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code)
                + "&redirect_uri=" + TestAtrium.enc(WEB_CALLBACK) + "&client_id=" + webId
                + "&client_secret=" + TestAtrium.enc(webSecret));
    }

    public TestAtrium.Response refreshWeb(String refreshToken) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(refreshToken)
                + "&client_id=" + webId + "&client_secret=" + TestAtrium.enc(webSecret));
    }

    /** Asserts an OAuth JSON error: status, {@code error}, {@code error_description}, and the JSON content type. */
    public static void assertError(TestAtrium.Response r, int status, String error, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        if (description != null) {
            assertThat(r.json().get("error_description").asString()).isEqualTo(description);
        }
    }

    public static JsonNode ok(TestAtrium.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("unexpected " + r);
        }
        return r.json();
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
