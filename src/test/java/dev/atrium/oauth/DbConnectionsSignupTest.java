package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /dbconnections/signup} (api-contract.md §A.12; X21 for third-party applications). */
class DbConnectionsSignupTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String CONNECTION = "Username-Password-Authentication";
    static String app;
    static String thirdParty;

    @BeforeAll
    static void apps() {
        app = atrium.mgmt("POST", "/clients", "{\"name\":\"Signup app\",\"app_type\":\"spa\",\"callbacks\":[\"https://s.example.com/cb\"]}")
                .json().get("client_id").asString();
        thirdParty = atrium.mgmt("POST", "/clients", "{\"name\":\"Partner\",\"is_first_party\":false,\"app_type\":\"spa\","
                + "\"callbacks\":[\"https://p.example.com/cb\"]}").json().get("client_id").asString();
        JsonNode conns = atrium.mgmt("GET", "/connections?name=" + CONNECTION, null).json();
        String connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + app + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    static TestAtrium.Response json(String body) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/dbconnections/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static void assertError(TestAtrium.Response r, int status, String error, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        assertThat(r.json().get("error_description").asString()).isEqualTo(description);
    }

    @Test
    void signupCreatesADatabaseUserAndAnswersWithItsId() {
        String email = "new-" + System.nanoTime() + "@example.com";
        var r = json("{\"client_id\":\"" + app + "\",\"email\":\"" + email + "\",\"password\":\"Corr3ct-Horse-Battery\","
                + "\"connection\":\"" + CONNECTION + "\",\"given_name\":\"Ada\",\"user_metadata\":{\"plan\":\"pro\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.json().get("_id").asString();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(r.json().get("email").asString()).isEqualTo(email);
        assertThat(r.json().get("email_verified").asBoolean()).isFalse();
        JsonNode user = atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|" + id), null).json();
        assertThat(user.get("given_name").asString()).isEqualTo("Ada");
        assertThat(user.get("user_metadata").get("plan").asString()).isEqualTo("pro");
    }

    @Test
    void aFormBodyWorksToo() {
        var r = atrium.postForm("/dbconnections/signup", "client_id=" + app + "&email=form-" + System.nanoTime()
                + "%40example.com&password=Corr3ct-Horse-Battery&connection=" + CONNECTION);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void aWeakPasswordIsInvalidPassword() {
        assertError(json("{\"client_id\":\"" + app + "\",\"email\":\"weak-" + System.nanoTime() + "@example.com\",\"password\":\"abc\","
                + "\"connection\":\"" + CONNECTION + "\"}"), 400, "invalid_password", "Password is too weak");
    }

    @Test
    void anExistingUserIsInvalidSignup() {
        String body = "{\"client_id\":\"" + app + "\",\"email\":\"twice-" + System.nanoTime() + "@example.com\","
                + "\"password\":\"Corr3ct-Horse-Battery\",\"connection\":\"" + CONNECTION + "\"}";
        assertThat(json(body).status()).isEqualTo(200);
        assertError(json(body), 400, "invalid_signup", "The user already exists");
    }

    @Test
    void X21_T100_thirdPartyApplicationsMayNotSignUsersUpHere() {
        assertError(json("{\"client_id\":\"" + thirdParty + "\",\"email\":\"x-" + System.nanoTime() + "@example.com\","
                        + "\"password\":\"Corr3ct-Horse-Battery\",\"connection\":\"" + CONNECTION + "\"}"),
                403, "unauthorized_client", "endpoint not available for third-party clients");
    }

    @Test
    void missingFieldsUnknownClientsAndConnectionsAreRefused() {
        assertError(json("{\"client_id\":\"" + app + "\",\"email\":\"a@example.com\",\"connection\":\"" + CONNECTION + "\"}"),
                400, "invalid_request", "Missing required parameter: password");
        assertError(json("{\"client_id\":\"nope\",\"email\":\"a@example.com\",\"password\":\"x\",\"connection\":\"" + CONNECTION + "\"}"),
                400, "invalid_request", "Unknown client: nope");
        assertError(json("{\"client_id\":\"" + app + "\",\"email\":\"a@example.com\",\"password\":\"Corr3ct-Horse-Battery\","
                        + "\"connection\":\"elsewhere\"}"),
                400, "invalid_signup", "The connection elsewhere is not a database connection enabled for this application");
    }
}
