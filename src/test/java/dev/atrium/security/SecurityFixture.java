package dev.atrium.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the attacks need, made over HTTP: a first-party regular web application (code and refresh
 * grants, rotating refresh tokens) enabled on the default database connection, an API that allows
 * offline access, users signed up through {@code /dbconnections/signup}, and a scripted browser
 * running {@code /authorize} with PKCE S256 through the hosted login and consent pages.
 */
final class SecurityFixture {
    static final String CALLBACK = "https://app.example.com/callback";
    static final String CONNECTION = "Username-Password-Authentication";
    static final String VERIFIER = "security-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    final TestAtrium atrium;
    final String appId;
    final String appSecret;
    final String api;
    final String connectionId;

    private SecurityFixture(TestAtrium atrium, SecurityFixture same) {
        this.atrium = atrium;
        this.appId = same.appId;
        this.appSecret = same.appSecret;
        this.api = same.api;
        this.connectionId = same.connectionId;
    }

    /** The same tenant seen through {@code server}, another server on the same database (a restart). */
    SecurityFixture on(TestAtrium server) {
        return new SecurityFixture(server, this);
    }

    SecurityFixture(TestAtrium atrium) {
        this.atrium = atrium;
        String n = Long.toString(System.nanoTime(), 36);
        api = "https://things-" + n + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Things " + n + "\","
                + "\"allow_offline_access\":true,\"scopes\":[{\"value\":\"read:things\",\"description\":\"Read things\"}]}"));
        JsonNode app = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"First-party web " + n + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\","
                + "\"refresh_token\":{\"rotation_type\":\"rotating\",\"expiration_type\":\"expiring\",\"token_lifetime\":86400,"
                + "\"idle_token_lifetime\":3600,\"leeway\":0}}"));
        appId = app.get("client_id").asString();
        appSecret = app.get("client_secret").asString();
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=" + CONNECTION, null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + appId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    /** Signs up through the Authentication API, as anyone on the internet can; returns the new user's id. */
    String signUp(String email, String password) {
        TestAtrium.Response r = atrium.postForm("/dbconnections/signup", "client_id=" + appId + "&email=" + TestAtrium.enc(email)
                + "&password=" + TestAtrium.enc(password) + "&connection=" + CONNECTION);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return userId(email);
    }

    /** The id of the user with this email (read with the bootstrap client). */
    String userId(String email) {
        JsonNode found = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null));
        assertThat(found).as(found.toString()).hasSize(1);
        return found.get(0).get("user_id").asString();
    }

    /** A user created with the bootstrap client; returns its id. */
    String createUser(String email, String password) {
        return ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + CONNECTION + "\",\"email\":\"" + email
                + "\",\"password\":\"" + password + "\"}")).get("user_id").asString();
    }

    /** The /authorize URL of the application with PKCE S256; {@code audience} may be null. */
    String authorizeUrl(String audience, String scope) {
        return "/authorize?response_type=code&client_id=" + appId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=" + TestAtrium.enc(scope) + "&state=s-1&nonce=n-1&code_challenge=" + s256(VERIFIER)
                + "&code_challenge_method=S256" + (audience == null ? "" : "&audience=" + TestAtrium.enc(audience));
    }

    /**
     * Runs /authorize in {@code browser}: logs in when the login page shows, accepts consent when asked;
     * returns the answer that leaves Atrium (the redirect to the callback).
     */
    TestBrowser.Page authorize(TestBrowser browser, String audience, String scope, String email, String password) {
        TestBrowser.Page page = browser.open(authorizeUrl(audience, scope));
        if ("login".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("username", email, "password", password)));
        }
        if ("consent".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        return page;
    }

    /** A code for the application, from a flow in {@code browser}. */
    String code(TestBrowser browser, String audience, String scope, String email, String password) {
        TestBrowser.Page back = authorize(browser, audience, scope, email, password);
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        Map<String, String> q = query(back.location());
        assertThat(q).as(back.location()).containsKey("code");
        return q.get("code");
    }

    TestAtrium.Response exchange(String code) {
        return atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code)
                + "&redirect_uri=" + TestAtrium.enc(CALLBACK) + "&client_id=" + appId + "&client_secret=" + TestAtrium.enc(appSecret)
                + "&code_verifier=" + VERIFIER);
    }

    TestAtrium.Response refresh(String refreshToken) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(refreshToken)
                + "&client_id=" + appId + "&client_secret=" + TestAtrium.enc(appSecret));
    }

    /** Tokens for a signed-in flow in {@code browser} for this fixture's API with offline access: a live session and a refresh token. */
    JsonNode signedInWithRefreshToken(TestBrowser browser, String email, String password) {
        TestAtrium.Response r = exchange(code(browser, api, "openid offline_access read:things", email, password));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().has("refresh_token")).as(r.toString()).isTrue();
        return r.json();
    }

    /** True when {@code browser} still holds a live SSO session: /authorize answers with a code without the login page. */
    boolean hasSsoSession(TestBrowser browser) {
        TestBrowser.Page page = browser.open(authorizeUrl(null, "openid"));
        return page.status() == 302 && page.location().startsWith(CALLBACK) && query(page.location()).containsKey("code");
    }

    /** Verifies an access token with Nimbus against the JWKS, the issuer and {@code audience}; returns its claims. */
    JWTClaimsSet verify(String token, String audience) {
        try {
            JWKSet keys = JWKSet.parse(atrium.get("/.well-known/jwks.json").body());
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
            p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                    new JWTClaimsSet.Builder().issuer(atrium.issuer()).build(), Set.of("sub", "exp", "iat", "scope")));
            return p.process(token, null);
        } catch (Exception e) {
            throw new AssertionError("access token refused by the client-side validator: " + e, e);
        }
    }

    /** The scope claim of a verified token, as a list. */
    List<String> scopes(String token, String audience) {
        Object s = verify(token, audience).getClaim("scope");
        return s == null || s.toString().isBlank() ? List.of() : List.of(s.toString().trim().split("\\s+"));
    }

    /** A Management API client with exactly {@code scopes}; returns its token. */
    String managementClient(String... scopes) {
        String n = Long.toString(System.nanoTime(), 36);
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"M2M " + n + "\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        StringBuilder list = new StringBuilder();
        for (String s : scopes) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(s).append('"');
        }
        ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + c.get("client_id").asString() + "\",\"audience\":\""
                + atrium.server().managementAudience() + "\",\"scope\":[" + list + "]}"));
        TestAtrium.Response t = atrium.clientCredentials(c.get("client_id").asString(), c.get("client_secret").asString(),
                atrium.server().managementAudience(), null);
        assertThat(t.status()).as(t.toString()).isEqualTo(200);
        return t.json().get("access_token").asString();
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = URI.create(location).getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static JsonNode ok(TestAtrium.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("unexpected " + r);
        }
        return r.body().isEmpty() ? null : r.json();
    }

    /** Asserts a Management API refusal in Auth0's shape. */
    static void assertManagementError(TestAtrium.Response r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode b = r.json();
        assertThat(b.get("statusCode").asInt()).isEqualTo(status);
        assertThat(b.get("error").asString()).isNotBlank();
        assertThat(b.get("message").asString()).isNotBlank();
        if (errorCode != null) {
            assertThat(b.get("errorCode").asString()).isEqualTo(errorCode);
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code browser} in to the dashboard through /authorize and the hosted login page; returns where it ended. */
    static TestBrowser.Page dashboardSignIn(TestBrowser browser, String email, String password) {
        TestBrowser.Page page = browser.open("/dashboard");
        if ("login".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("username", email, "password", password)));
        }
        return page;
    }

    /** The value of cookie {@code name} in {@code browser}, or null. */
    static String cookie(TestBrowser browser, String name) {
        return browser.cookies().getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    /** A fresh browser holding only cookie {@code name} with {@code value}. */
    TestBrowser browserWith(String name, String value) {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        java.net.HttpCookie c = new java.net.HttpCookie(name, value);
        c.setPath("/");
        c.setVersion(0);
        b.cookies().getCookieStore().add(URI.create(atrium.baseUrl() + "/"), c);
        return b;
    }
}
