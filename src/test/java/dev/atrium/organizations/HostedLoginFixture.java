package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Management calls and URLs shared by the hosted login tests of issue 17 (invitations, identifier first, hidden connections). */
final class HostedLoginFixture {
    static final String CALLBACK = "https://b2b.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";

    final TestAtrium atrium;
    final String n = Long.toString(System.nanoTime(), 36);

    HostedLoginFixture(TestAtrium atrium) {
        this.atrium = atrium;
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.body().isEmpty() ? null : r.json();
    }

    /** A database connection; {@code options}: its options object. Returns its id. */
    String connection(String name, String options) {
        return ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"auth0\",\"options\":" + options
                        + "," + TestAtrium.ENABLED_FOR_AN_APPLICATION + "}"))
                .get("id").asString();
    }

    /** A first-party web application using {@code connectionIds} (enabled in that order). Returns its client id. */
    String app(String usage, String connections) {
        String id = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Flow " + System.nanoTime() + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"initiate_login_uri\":\"https://b2b.example.com/login\","
                + "\"grant_types\":[\"authorization_code\"],\"organization_usage\":\"" + usage + "\"}")).get("client_id").asString();
        for (String c : connections.split(",")) {
            if (!c.isEmpty()) {
                assertThat(atrium.mgmt("PATCH", "/connections/" + c + "/clients", "[{\"client_id\":\"" + id + "\",\"status\":true}]")
                        .status()).isEqualTo(204);
            }
        }
        return id;
    }

    /** An organization with the given {@code enabled_connections} JSON array. Returns its id. */
    String organization(String name, String enabledConnections) {
        return ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"enabled_connections\":" + enabledConnections + "}"))
                .get("id").asString();
    }

    String user(String connection, String email) {
        return ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + connection + "\",\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\"}")).get("user_id").asString();
    }

    /** An invitation ticket of {@code org} for {@code email}. */
    String invite(String org, String clientId, String email) {
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + email + "\"},\"client_id\":\"" + clientId + "\"}"));
        return query(inv.get("invitation_url").asString()).get("invitation");
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=openid&state=st" + extra;
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        String q = URI.create(location).getRawQuery();
        for (String pair : q == null ? new String[0] : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The connection name of the (single) account with this email, or null when there is none. */
    String connectionOf(String email) {
        JsonNode users = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null));
        return users.isEmpty() ? null : users.get(0).get("identities").get(0).get("connection").asString();
    }

    int accounts(String email) {
        return ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null)).size();
    }

    /** Submits the hosted login form with these credentials and follows it to the first page or the callback. */
    static TestBrowser.Page login(TestBrowser b, TestBrowser.Page page, String identifier) {
        return b.follow(b.submit(page, "form[action^=/u/login]", Map.of("username", identifier, "password", PASSWORD)));
    }
}
