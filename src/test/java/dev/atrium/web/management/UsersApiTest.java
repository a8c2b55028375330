package dev.atrium.web.management;

import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.support.TestAtrium;
import dev.atrium.users.Argon2PasswordHasher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v2/users} and {@code /api/v2/users-by-email} over HTTP (api-contract.md §B.8). */
class UsersApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String PASSWORD = "Str0ng-Passw0rd!";
    static String db;
    static String usernameDb;

    @BeforeAll
    static void connections() {
        db = "users-" + System.nanoTime();
        usernameDb = "names-" + System.nanoTime();
        assertThat(atrium.mgmt("POST", "/connections", "{\"name\":\"" + db + "\",\"strategy\":\"auth0\","
                + TestAtrium.ENABLED_FOR_AN_APPLICATION + "}").status()).isEqualTo(201);
        assertThat(atrium.mgmt("POST", "/connections", "{\"name\":\"" + usernameDb
                + "\",\"strategy\":\"auth0\",\"options\":{\"requires_username\":true,\"passwordPolicy\":\"low\"},"
                + TestAtrium.ENABLED_FOR_AN_APPLICATION + "}").status()).isEqualTo(201);
    }

    private static String email(String prefix) {
        return prefix + System.nanoTime() + "@example.com";
    }

    private static JsonNode create(String email) {
        var r = atrium.mgmt("POST", "/users", "{\"connection\":\"" + db + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static String path(JsonNode user) {
        return "/users/" + TestAtrium.enc(user.get("user_id").asString());
    }

    @Test
    void O67_administratorsCreateUsersOnlyInAConnectionEnabledForAnApplication() {
        String lonely = "lonely-" + System.nanoTime();
        String id = atrium.mgmt("POST", "/connections", "{\"name\":\"" + lonely + "\",\"strategy\":\"auth0\"}").json()
                .get("id").asString();
        String email = email("o67-");
        String body = "{\"connection\":\"" + lonely + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
        var refused = atrium.mgmt("POST", "/users", body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("message").asString()).isEqualTo("connection is disabled");
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("invalid_body");
        // enabled only for an organization: still refused
        var org = atrium.mgmt("POST", "/organizations", "{\"name\":\"o67-" + System.nanoTime() + "\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + id + "\",\"assign_membership_on_login\":true}]}");
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        assertThat(atrium.mgmt("POST", "/users", body).json().get("message").asString()).isEqualTo("connection is disabled");
        assertThat(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null).json()).isEmpty();
        // enabled for an application: created; disabled again: refused again
        assertThat(atrium.mgmt("PATCH", "/connections/" + id + "/clients",
                "[{\"client_id\":\"" + TestAtrium.BOOTSTRAP_ID + "\",\"status\":true}]").status()).isEqualTo(204);
        assertThat(atrium.mgmt("POST", "/users", body).status()).isEqualTo(201);
        assertThat(atrium.mgmt("PATCH", "/connections/" + id + "/clients",
                "[{\"client_id\":\"" + TestAtrium.BOOTSTRAP_ID + "\",\"status\":false}]").status()).isEqualTo(204);
        var again = atrium.mgmt("POST", "/users", body.replace(email, email("o67-again-")));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("message").asString()).isEqualTo("connection is disabled");
    }

    @Test
    void createFillsAuth0DefaultsAndNeverShowsThePassword() {
        String email = email("Jane.Doe");
        var r = atrium.mgmt("POST", "/users", "{\"connection\":\"" + db + "\",\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\",\"given_name\":\"Jane\",\"user_metadata\":{\"lang\":\"fr\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(PASSWORD).doesNotContain("argon2").doesNotContain("password");
        JsonNode u = r.json();
        String lower = email.toLowerCase();
        assertThat(u.get("user_id").asString()).matches("auth0\\|[0-9a-f]{24}");
        assertThat(u.get("email").asString()).isEqualTo(lower);
        assertThat(u.get("email_verified").asBoolean()).isFalse();
        assertThat(u.get("name").asString()).isEqualTo(lower);
        assertThat(u.get("nickname").asString()).isEqualTo(lower.substring(0, lower.indexOf('@')));
        assertThat(u.get("picture").asString()).startsWith("https://s.gravatar.com/avatar/");
        assertThat(u.get("given_name").asString()).isEqualTo("Jane");
        assertThat(u.get("blocked").asBoolean()).isFalse();
        assertThat(u.get("logins_count").asInt()).isZero();
        assertThat(u.get("app_metadata").isEmpty()).isTrue();
        assertThat(u.get("user_metadata").get("lang").asString()).isEqualTo("fr");
        assertThat(u.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(u.get("updated_at")).isEqualTo(u.get("created_at"));
        JsonNode identity = u.get("identities").get(0);
        assertThat(identity.get("connection").asString()).isEqualTo(db);
        assertThat(identity.get("provider").asString()).isEqualTo("auth0");
        assertThat(identity.get("isSocial").asBoolean()).isFalse();
        assertThat("auth0|" + identity.get("user_id").asString()).isEqualTo(u.get("user_id").asString());

        var got = atrium.mgmt("GET", path(u), null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(u);
        assertThat(atrium.mgmt("GET", path(u) + "?fields=email,user_id", null).json().propertyNames())
                .containsExactlyInAnyOrder("email", "user_id");
    }

    @Test
    void rulesOfCreateAre400() {
        String e = email("bad");
        for (String body : List.of(
                "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"password\":\"short\"}",
                "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\"}",
                "{\"connection\":\"" + db + "\",\"password\":\"" + PASSWORD + "\"}",
                "{\"connection\":\"" + db + "\",\"email\":\"not-an-email\",\"password\":\"" + PASSWORD + "\"}",
                "{\"connection\":\"nosuchconnection\",\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\"}",
                "{\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\"}",
                "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\",\"username\":\"jo\"}",
                "{\"connection\":\"" + usernameDb + "\",\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\"}",
                "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\",\"logins_count\":3}",
                "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"password\":\"" + PASSWORD + "\",\"blocked\":\"no\"}",
                "{\"connection\":",
                "\"text\"")) {
            var r = atrium.mgmt("POST", "/users", body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_body");
        }
        var weak = atrium.mgmt("POST", "/users", "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"password\":\"abcdefgh\"}");
        assertThat(weak.json().get("message").asString()).isEqualTo("PasswordStrengthError: Password is too weak");
        var unknown = atrium.mgmt("POST", "/users", "{\"connection\":\"" + db + "\",\"email\":\"" + e + "\",\"colour\":\"red\"}");
        assertThat(unknown.json().get("message").asString()).contains("colour");
        assertThat(atrium.mgmt("GET", "/users-by-email?email=" + e, null).json()).isEmpty();
    }

    @Test
    void duplicateEmailOrUsernameInTheConnectionIs409() {
        String email = email("twice");
        create(email);
        var r = atrium.mgmt("POST", "/users", "{\"connection\":\"" + db + "\",\"email\":\"" + email.toUpperCase()
                + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asString()).isEqualTo("The user already exists.");

        String name = "u" + (System.nanoTime() % 1_000_000);
        String body = "{\"connection\":\"" + usernameDb + "\",\"email\":\"%s\",\"username\":\"" + name + "\",\"password\":\"secret\"}";
        assertThat(atrium.mgmt("POST", "/users", body.formatted(email("n1"))).status()).isEqualTo(201);
        assertThat(atrium.mgmt("POST", "/users", body.formatted(email("n2"))).status()).isEqualTo(409);
        // the same email in another connection is another user
        assertThat(atrium.mgmt("POST", "/users", "{\"connection\":\"" + usernameDb + "\",\"email\":\"" + email
                + "\",\"username\":\"x" + name + "\",\"password\":\"secret\"}").status()).isEqualTo(201);
        assertThat(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email.toUpperCase()), null).json()).hasSize(2);
    }

    @Test
    void listPagesWithTotalsAndSearches() {
        String tag = "srch" + System.nanoTime();
        JsonNode a = create(tag + "-a@example.com");
        JsonNode b = create(tag + "-b@example.com");
        atrium.mgmt("PATCH", path(b), "{\"name\":\"Zebra " + tag + "\"}");

        JsonNode page = atrium.mgmt("GET", "/users?page=0&per_page=1&include_totals=true&q=" + tag, null).json();
        assertThat(page.get("users")).hasSize(1);
        assertThat(page.get("start").asInt()).isZero();
        assertThat(page.get("limit").asInt()).isEqualTo(1);
        assertThat(page.get("length").asInt()).isEqualTo(1);
        assertThat(page.get("total").asInt()).isEqualTo(2);
        JsonNode second = atrium.mgmt("GET", "/users?page=1&per_page=1&include_totals=true&q=" + tag, null).json();
        assertThat(second.get("users").get(0).get("user_id")).isNotEqualTo(page.get("users").get(0).get("user_id"));
        assertThat(atrium.mgmt("GET", "/users?page=5&per_page=1&q=" + tag, null).json()).isEmpty();

        assertThat(search("email:\"" + tag.toUpperCase() + "-A@example.com\"")).containsExactly(a.get("user_id").asString());
        assertThat(search("user_id:\"" + b.get("user_id").asString() + "\"")).containsExactly(b.get("user_id").asString());
        assertThat(search("zebra " + tag)).containsExactly(b.get("user_id").asString());
        assertThat(search(tag + " zebra")).isEmpty();
        assertThat(search("zebra")).contains(b.get("user_id").asString()).doesNotContain(a.get("user_id").asString());
        assertThat(search("identities.connection:\"" + db + "\" AND " + tag)).hasSize(2);
        assertThat(search("identities.connection:\"" + usernameDb + "\" " + tag)).isEmpty();
        assertThat(atrium.mgmt("GET", "/users?connection=" + db + "&q=" + tag, null).json()).hasSize(2);
        assertThat(atrium.mgmt("GET", "/users?connection=nosuch&q=" + tag, null).json()).isEmpty();

        var refused = atrium.mgmt("GET", "/users?q=" + TestAtrium.enc("family_name:doe"), null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("invalid_query_string");
        assertThat(atrium.mgmt("GET", "/users?per_page=100&page=10", null).json().get("errorCode").asString())
                .isEqualTo("invalid_paging");
    }

    @Test
    void searchByUsername() {
        String name = "s" + (System.nanoTime() % 1_000_000);
        var r = atrium.mgmt("POST", "/users", "{\"connection\":\"" + usernameDb + "\",\"email\":\"" + email("un")
                + "\",\"username\":\"" + name + "\",\"password\":\"secret\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(search("username:\"" + name + "\"")).containsExactly(r.json().get("user_id").asString());
    }

    private static List<String> search(String q) {
        var r = atrium.mgmt("GET", "/users?q=" + TestAtrium.enc(q), null);
        assertThat(r.status()).as(q + " -> " + r).isEqualTo(200);
        return r.json().findValuesAsString("user_id").stream().filter(id -> id.startsWith("auth0|")).toList();
    }

    @Test
    void usersByEmailIsABareArrayAndRequiresEmail() {
        String email = email("byemail");
        JsonNode u = create(email);
        var r = atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email) + "&fields=user_id", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json()).hasSize(1);
        assertThat(r.json().get(0).get("user_id")).isEqualTo(u.get("user_id"));
        assertThat(r.json().get(0).has("email")).isFalse();
        assertThat(atrium.mgmt("GET", "/users-by-email", null).status()).isEqualTo(400);
    }

    @Test
    void patchMergesMetadataOneLevelAndNullDeletes() {
        JsonNode u = create(email("meta"));
        atrium.mgmt("PATCH", path(u), "{\"user_metadata\":{\"a\":1,\"b\":{\"x\":1}},\"app_metadata\":{\"plan\":\"pro\"}}");
        var r = atrium.mgmt("PATCH", path(u), "{\"user_metadata\":{\"a\":null,\"b\":{\"y\":2},\"c\":3},\"nickname\":\"Nick\",\"given_name\":\"G\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("user_metadata").has("a")).isFalse();
        assertThat(p.get("user_metadata").get("b").propertyNames()).containsExactly("y");
        assertThat(p.get("user_metadata").get("c").asInt()).isEqualTo(3);
        assertThat(p.get("app_metadata").get("plan").asString()).isEqualTo("pro");
        assertThat(p.get("nickname").asString()).isEqualTo("Nick");
        assertThat(p.get("email")).isEqualTo(u.get("email"));
        assertThat(p.get("created_at")).isEqualTo(u.get("created_at"));

        var unset = atrium.mgmt("PATCH", path(u), "{\"given_name\":null}").json();
        assertThat(unset.has("given_name")).isFalse();
        assertThat(atrium.mgmt("GET", path(u), null).json()).isEqualTo(unset);
    }

    @Test
    void patchRefusesReadOnlyFieldsAndBadValues() {
        JsonNode u = create(email("ro"));
        for (String body : List.of("{\"user_id\":\"x\"}", "{\"identities\":[]}", "{\"created_at\":\"2020-01-01\"}",
                "{\"updated_at\":\"2020-01-01\"}", "{\"last_login\":\"2020-01-01\"}", "{\"logins_count\":1}",
                "{\"last_ip\":\"1.2.3.4\"}", "{\"multifactor\":[]}", "{\"password\":\"weak\"}", "{\"blocked\":null}",
                "{\"email\":\"nope\"}", "{\"connection\":\"" + usernameDb + "\"}", "{\"username\":\"jo\"}", "{oops", "[]")) {
            var r = atrium.mgmt("PATCH", path(u), body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
        }
        assertThat(atrium.mgmt("PATCH", "/users/auth0%7Cnosuchuser", "{\"blocked\":true}").status()).isEqualTo(404);
    }

    @Test
    void passwordChangeIsStoredAsANewHashAndBlockToggles() {
        JsonNode u = create(email("pw"));
        var r = atrium.mgmt("PATCH", path(u), "{\"password\":\"An0ther-Passw0rd\",\"connection\":\"" + db + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("last_password_reset").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("An0ther-Passw0rd");

        try (Database database = new Database(atrium.server().config().databaseUrl(), "", "")) {
            var store = new JdbcUserStore(database.jdbi(), Clock.systemUTC());
            String hash = store.find(u.get("user_id").asString()).orElseThrow().passwordHash().orElseThrow();
            var hasher = new Argon2PasswordHasher();
            assertThat(hasher.verify("An0ther-Passw0rd", hash)).isTrue();
            assertThat(hasher.verify(PASSWORD, hash)).isFalse();
        }

        assertThat(atrium.mgmt("PATCH", path(u), "{\"blocked\":true}").json().get("blocked").asBoolean()).isTrue();
        assertThat(atrium.mgmt("GET", path(u), null).json().get("blocked").asBoolean()).isTrue();
        assertThat(atrium.mgmt("PATCH", path(u), "{\"blocked\":false}").json().get("blocked").asBoolean()).isFalse();
    }

    @Test
    void emailChangeUnverifiesAndCannotTakeAnotherUsersEmail() {
        JsonNode u = create(email("move"));
        atrium.mgmt("PATCH", path(u), "{\"email_verified\":true}");
        String next = email("Moved");
        JsonNode moved = atrium.mgmt("PATCH", path(u), "{\"email\":\"" + next + "\"}").json();
        assertThat(moved.get("email").asString()).isEqualTo(next.toLowerCase());
        assertThat(moved.get("email_verified").asBoolean()).isFalse();

        JsonNode other = create(email("other"));
        var taken = atrium.mgmt("PATCH", path(other), "{\"email\":\"" + next + "\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("message").asString()).isEqualTo("The user already exists.");
    }

    @Test
    void urlEncodedIdsAndIdempotentDelete() {
        JsonNode u = create(email("del"));
        String encoded = "/users/" + u.get("user_id").asString().replace("|", "%7C");
        assertThat(atrium.mgmt("GET", encoded, null).status()).isEqualTo(200);
        assertThat(atrium.mgmt("DELETE", encoded, null).status()).isEqualTo(204);
        var gone = atrium.mgmt("GET", encoded, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("message").asString()).isEqualTo("The user does not exist.");
        assertThat(gone.json().get("errorCode").asString()).isEqualTo("inexistent_user");
        assertThat(atrium.mgmt("DELETE", encoded, null).status()).isEqualTo(204);
    }

    @Test
    void malformedEncodingInTheIdIsNotAServerError() throws Exception {
        // the JDK client refuses such a URI, so the request is written by hand
        try (Socket socket = new Socket("localhost", atrium.server().port())) {
            socket.getOutputStream().write(("GET /api/v2/users/auth0%7Cab%ZZ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + atrium.managementToken() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).matches("HTTP/1.1 4\\d\\d .*");
        }
    }

    @Test
    void scopesAreChecked() {
        var token = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                atrium.server().managementAudience(), "read:users update:users_app_metadata").json().get("access_token").asString();
        JsonNode u = create(email("scope"));
        assertThat(atrium.mgmt("GET", path(u), null, token).status()).isEqualTo(200);
        assertThat(atrium.mgmt("POST", "/users", "{}", token).status()).isEqualTo(403);
        assertThat(atrium.mgmt("DELETE", path(u), null, token).status()).isEqualTo(403);
        assertThat(atrium.mgmt("PATCH", path(u), "{\"app_metadata\":{\"k\":\"v\"}}", token).status()).isEqualTo(200);
        assertThat(atrium.mgmt("PATCH", path(u), "{\"blocked\":true}", token).status()).isEqualTo(403);
    }
}
