package dev.atrium.email;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant the e-mail tests share: an API with refresh tokens and a first-party web application. */
final class EmailFixture {
    static final String CALLBACK = "https://app.example.com/callback";
    static final String LOGIN_ROUTE = "https://app.example.com/login";
    static final String CONNECTION = "Username-Password-Authentication";
    static final String PASSWORD = "Corr3ct-Horse-Battery";

    final TestAtrium atrium;
    final String api;
    final String connectionId;
    final String clientId;
    final String clientSecret;

    EmailFixture(TestAtrium atrium) {
        this.atrium = atrium;
        String n = Long.toString(System.nanoTime(), 36);
        api = "https://api-" + n + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Mail API " + n + "\","
                + "\"skip_consent_for_verifiable_first_party_clients\":true,\"allow_offline_access\":true,"
                + "\"scopes\":[{\"value\":\"read:things\"}]}"));
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=" + CONNECTION, null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Umbrella App\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"initiate_login_uri\":\"" + LOGIN_ROUTE + "\",\"organization_usage\":\"allow\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        clientId = c.get("client_id").asString();
        clientSecret = c.get("client_secret").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.body().isEmpty() ? null : r.json();
    }

    String user(String email) {
        return ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + CONNECTION + "\",\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + email.substring(0, email.indexOf('@')) + "\"}"))
                .get("user_id").asString();
    }

    JsonNode userDoc(String userId) {
        return ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null));
    }

    String authorizeUrl(String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=" + TestAtrium.enc("openid profile email offline_access read:things") + "&audience="
                + TestAtrium.enc(api) + "&state=st" + extra;
    }

    /** Signs in through the hosted login page; the page it ends on (the redirect to the callback when it worked). */
    TestBrowser.Page signIn(TestBrowser b, String email, String password) {
        TestBrowser.Page page = b.open(authorizeUrl(""));
        assertThat(page.screen()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", email, "password", password)));
    }

    JsonNode exchange(String location) {
        String code = query(location).get("code");
        assertThat(code).as(location).isNotNull();
        TestAtrium.Response r = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code)
                + "&redirect_uri=" + TestAtrium.enc(CALLBACK) + "&client_id=" + clientId + "&client_secret=" + TestAtrium.enc(clientSecret));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    TestAtrium.Response refresh(String refreshToken) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(refreshToken)
                + "&client_id=" + clientId + "&client_secret=" + TestAtrium.enc(clientSecret));
    }

    TestAtrium.Response changePassword(String email) {
        return atrium.postForm("/dbconnections/change_password", "client_id=" + clientId + "&email=" + TestAtrium.enc(email)
                + "&connection=" + CONNECTION);
    }

    /** The path and query of a link to this server (TestBrowser resolves it against the base URL). */
    String local(String link) {
        assertThat(link).startsWith(atrium.issuer());
        return "/" + link.substring(atrium.issuer().length());
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
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
}
