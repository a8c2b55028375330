package dev.atrium.web.management;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v2/connections} and {@code /api/v2/clients/{id}/connections} over HTTP (api-contract.md §B.5). */
class ConnectionsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static JsonNode createConnection(String name, String extra) {
        var r = atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"auth0\"" + extra + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static String createClient() {
        var r = atrium.mgmt("POST", "/clients", "{\"name\":\"" + unique("app") + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("client_id").asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isString() ? n.asString() : n.get("client_id").asString()));
        return out;
    }

    @Test
    void createAppliesDatabaseDefaults() {
        String name = unique("db");
        JsonNode c = createConnection(name, "");
        assertThat(c.get("id").asString()).matches("con_[A-Za-z0-9]{16}");
        assertThat(c.get("name").asString()).isEqualTo(name);
        assertThat(c.get("display_name").asString()).isEqualTo(name);
        assertThat(c.get("strategy").asString()).isEqualTo("auth0");
        assertThat(c.get("is_domain_connection").asBoolean()).isFalse();
        assertThat(strings(c.get("realms"))).containsExactly(name);
        assertThat(strings(c.get("enabled_clients"))).isEmpty();
        JsonNode o = c.get("options");
        assertThat(o.get("passwordPolicy").asString()).isEqualTo("good");
        assertThat(o.get("brute_force_protection").asBoolean()).isTrue();
        assertThat(o.get("strategy_version").asInt()).isEqualTo(2);
        assertThat(o.get("mfa").get("active").asBoolean()).isTrue();
        assertThat(o.get("authentication_methods").get("password").get("enabled").asBoolean()).isTrue();
        assertThat(o.get("passkey_options").get("challenge_ui").asString()).isEqualTo("both");

        var got = atrium.mgmt("GET", "/connections/" + c.get("id").asString(), null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(c);
    }

    @Test
    void defaultDatabaseConnectionExistsOnEveryStart() {
        var r = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json()).hasSize(1);
        assertThat(r.json().get(0).get("strategy").asString()).isEqualTo("auth0");
    }

    @Test
    void listFiltersByStrategyAndNameAndPagesByCheckpoint() {
        String db = unique("list-db");
        String oidc = unique("list-oidc");
        createConnection(db, "");
        var r = atrium.mgmt("POST", "/connections", "{\"name\":\"" + oidc + "\",\"strategy\":\"oidc\",\"options\":{\"client_id\":\"x\",\"client_secret\":\"s\",\"issuer\":\"https://idp.example.com/\"}}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("options").has("passwordPolicy")).isFalse();

        JsonNode oidcOnly = atrium.mgmt("GET", "/connections?strategy=oidc&strategy=samlp", null).json();
        assertThat(oidcOnly.findValuesAsString("strategy")).containsOnly("oidc");
        assertThat(oidcOnly.findValuesAsString("name")).contains(oidc).doesNotContain(db);

        JsonNode page = atrium.mgmt("GET", "/connections?include_totals=true&take=1", null).json();
        assertThat(page.get("connections")).hasSize(1);
        assertThat(page.has("next")).isTrue();
        JsonNode second = atrium.mgmt("GET", "/connections?take=1&from=" + page.get("next").asString(), null).json();
        assertThat(second.get("connections").get(0).get("id")).isNotEqualTo(page.get("connections").get(0).get("id"));

        JsonNode fields = atrium.mgmt("GET", "/connections?name=" + db + "&fields=name,strategy", null).json();
        assertThat(fields.get(0).propertyNames()).containsExactlyInAnyOrder("name", "strategy");
    }

    @Test
    void duplicateNameIs409() {
        String name = unique("dup");
        createConnection(name, "");
        var r = atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"auth0\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asString()).isEqualTo("Conflict");
    }

    @Test
    void badBodiesAre400() {
        for (String body : List.of(
                "{\"name\":\"-starts-with-dash\",\"strategy\":\"auth0\"}",
                "{\"name\":\"has space\",\"strategy\":\"auth0\"}",
                "{\"name\":\"ok-name\",\"strategy\":\"no-such-strategy\"}",
                "{\"name\":\"ok-name\"}",
                "{\"name\":\"ok-name\",\"strategy\":\"auth0\",\"unknown\":1}",
                "{\"name\":\"ok-name\",\"strategy\":\"auth0\",\"options\":{\"passwordPolicy\":\"strong\"}}",
                "{\"name\":\"ok-name\",\"strategy\":\"auth0\",\"enabled_clients\":[\"no-such-client\"]}",
                "{\"name\":",
                "[]")) {
            var r = atrium.mgmt("POST", "/connections", body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_body");
        }
    }

    @Test
    void unknownIdIs404WithAuth0Body() {
        for (String method : List.of("GET", "PATCH")) {
            var r = atrium.mgmt(method, "/connections/con_doesnotexist0000", method.equals("PATCH") ? "{}" : null);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("statusCode").asInt()).isEqualTo(404);
            assertThat(r.json().get("error").asString()).isEqualTo("Not Found");
            assertThat(r.json().get("message").asString()).isEqualTo("The connection does not exist");
            assertThat(r.json().get("errorCode").asString()).isEqualTo("inexistent_connection");
        }
        assertThat(atrium.mgmt("GET", "/connections/con_doesnotexist0000/clients", null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("PATCH", "/connections/con_doesnotexist0000/clients", "[]").status()).isEqualTo(404);
    }

    @Test
    void patchMergesShallowlyReplacesOptionsAndRefusesCreateOnlyFields() {
        JsonNode c = createConnection(unique("patch"), ",\"options\":{\"requires_username\":true},\"metadata\":{\"a\":\"1\"}");
        String id = c.get("id").asString();
        var r = atrium.mgmt("PATCH", "/connections/" + id, "{\"options\":{\"passwordPolicy\":\"low\"},\"show_as_button\":true}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("options").propertyNames()).containsExactly("passwordPolicy");
        assertThat(r.json().get("show_as_button").asBoolean()).isTrue();
        assertThat(r.json().get("metadata").get("a").asString()).isEqualTo("1");
        assertThat(r.json().get("name")).isEqualTo(c.get("name"));

        assertThat(atrium.mgmt("PATCH", "/connections/" + id, "{\"name\":\"renamed\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("PATCH", "/connections/" + id, "{\"strategy\":\"oidc\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("PATCH", "/connections/" + id, "{\"metadata\":{\"n\":1}}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/connections/" + id, null).json().get("options").get("passwordPolicy").asString())
                .isEqualTo("low");
    }

    @Test
    void enabledClientsAcrossEveryEndpoint() {
        String app1 = createClient();
        String app2 = createClient();
        JsonNode c = createConnection(unique("enable"), ",\"enabled_clients\":[\"" + app1 + "\"]");
        String id = c.get("id").asString();
        assertThat(strings(c.get("enabled_clients"))).containsExactly(app1);

        var patch = atrium.mgmt("PATCH", "/connections/" + id + "/clients",
                "[{\"client_id\":\"" + app2 + "\",\"status\":true},{\"client_id\":\"" + app1 + "\",\"status\":false}]");
        assertThat(patch.status()).as(patch.toString()).isEqualTo(204);
        JsonNode clients = atrium.mgmt("GET", "/connections/" + id + "/clients", null).json();
        assertThat(strings(clients.get("clients"))).containsExactly(app2);
        assertThat(clients.has("next")).isFalse();
        assertThat(strings(atrium.mgmt("GET", "/connections/" + id, null).json().get("enabled_clients"))).containsExactly(app2);

        JsonNode forApp2 = atrium.mgmt("GET", "/clients/" + app2 + "/connections", null).json();
        assertThat(forApp2.get("connections").findValuesAsString("id")).containsExactly(id);
        assertThat(atrium.mgmt("GET", "/clients/" + app1 + "/connections", null).json().get("connections")).isEmpty();
        assertThat(atrium.mgmt("GET", "/clients/nosuchclient/connections", null).status()).isEqualTo(404);

        var replaced = atrium.mgmt("PATCH", "/connections/" + id, "{\"enabled_clients\":[\"" + app1 + "\",\"" + app2 + "\"]}");
        assertThat(strings(replaced.json().get("enabled_clients"))).containsExactlyInAnyOrder(app1, app2);
        JsonNode firstPage = atrium.mgmt("GET", "/connections/" + id + "/clients?take=1", null).json();
        assertThat(firstPage.get("clients")).hasSize(1);
        assertThat(firstPage.has("next")).isTrue();

        assertThat(atrium.mgmt("DELETE", "/clients/" + app1, null).status()).isEqualTo(204);
        assertThat(strings(atrium.mgmt("GET", "/connections/" + id + "/clients", null).json().get("clients")))
                .containsExactly(app2);
    }

    @Test
    void clientStatusBodyIsChecked() {
        String id = createConnection(unique("status"), "").get("id").asString();
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"client_id\":\"c").append(i).append("\",\"status\":false}");
        }
        for (String body : List.of("{}", "[{\"client_id\":\"x\"}]", "[{\"client_id\":\"x\",\"status\":\"yes\"}]",
                "[{\"client_id\":\"nosuchclient\",\"status\":true}]", "[1]", tooMany + "]")) {
            var r = atrium.mgmt("PATCH", "/connections/" + id + "/clients", body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
        }
    }

    @Test
    void deleteAnswers202AndIsIdempotentAndTakesUsersAlong() {
        String name = unique("gone");
        String id = createConnection(name, "," + TestAtrium.ENABLED_FOR_AN_APPLICATION).get("id").asString();
        var user = atrium.mgmt("POST", "/users", "{\"connection\":\"" + name + "\",\"email\":\"u@example.com\",\"password\":\"Str0ng-Passw0rd!\"}");
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String userId = user.json().get("user_id").asString();

        var r = atrium.mgmt("DELETE", "/connections/" + id, null);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("deleted_at").asString()).isNotBlank();
        assertThat(atrium.mgmt("GET", "/connections/" + id, null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("DELETE", "/connections/" + id, null).status()).isEqualTo(202);
    }
}
