package dev.atrium.web.management;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v2/users?q=} with the part of Auth0's v3 query syntax administrators type (issue 17
 * point 8): field terms, trailing wildcards, AND/OR/NOT with parentheses, ranges, connections,
 * metadata, bare terms; anything else is a 400 naming the part; values never reach the SQL text.
 */
class UserSearchApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String PASSWORD = "Str0ng-Passw0rd!";
    static String tag;
    static String db;
    static String otherDb;
    static String jane;
    static String janet;
    static String john;

    @BeforeAll
    static void users() {
        tag = "q" + System.nanoTime();
        db = "search-" + tag;
        otherDb = "other-" + tag;
        for (String c : List.of(db, otherDb)) {
            assertThat(atrium.mgmt("POST", "/connections", "{\"name\":\"" + c + "\",\"strategy\":\"auth0\","
                    + TestAtrium.ENABLED_FOR_AN_APPLICATION + "}").status()).isEqualTo(201);
        }
        jane = create(db, "jane." + tag + "@example.com", "Jane Doe", "jd" + tag,
                "{\"plan\":\"gold\",\"address\":{\"city\":\"Lyon\"}}", "{\"lang\":\"fr\"}");
        janet = create(db, "janet." + tag + "@example.org", "Janet Dale", "jt" + tag, "{\"plan\":\"silver\"}", "{}");
        john = create(otherDb, "john." + tag + "@example.com", "John Roe", "jr" + tag, "{\"plan\":\"gold\"}", "{\"lang\":\"en\"}");
    }

    private static String create(String connection, String email, String name, String nickname, String app, String user) {
        var r = atrium.mgmt("POST", "/users", "{\"connection\":\"" + connection + "\",\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\",\"name\":\"" + name + "\",\"nickname\":\"" + nickname + "\",\"app_metadata\":" + app
                + ",\"user_metadata\":" + user + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("user_id").asString();
    }

    /** The ids found for {@code q}, restricted to this test's users. */
    private static List<String> search(String q) {
        var r = atrium.mgmt("GET", "/users?per_page=100&q=" + TestAtrium.enc(q), null);
        assertThat(r.status()).as(q + " -> " + r).isEqualTo(200);
        return r.json().findValuesAsString("user_id").stream().filter(id -> id.equals(jane) || id.equals(janet) || id.equals(john)).toList();
    }

    private static JsonNode refused(String q) {
        var r = atrium.mgmt("GET", "/users?q=" + TestAtrium.enc(q), null);
        assertThat(r.status()).as(q + " -> " + r).isEqualTo(400);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_query_string");
        return r.json();
    }

    @Test
    @DisplayName("field terms: exact values, trailing wildcards after 3 characters, quoted phrases with a wildcard")
    void fieldTermsAndWildcards() {
        assertThat(search("email:jane." + tag + "@example.com")).containsExactly(jane);
        assertThat(search("email:JANE*")).contains(jane, janet).doesNotContain(john);
        assertThat(search("email:jane." + tag + "*")).containsExactly(jane);
        assertThat(search("name:\"Jane D*\"")).contains(jane).doesNotContain(janet, john);
        assertThat(search("name:\"janet dale\"")).containsExactly(janet);
        assertThat(search("nickname:jd" + tag)).containsExactly(jane);
        assertThat(search("user_id:\"" + john + "\"")).containsExactly(john);
        assertThat(refused("email:ja*").get("message").asString()).contains("at least 3 characters");
        assertThat(refused("email:*@example.com").get("message").asString()).contains("only at the end");
    }

    @Test
    @DisplayName("AND, OR, NOT and parentheses; identities.connection; bare terms over name, email and nickname")
    void operatorsConnectionsAndBareTerms() {
        assertThat(search("identities.connection:\"" + db + "\"")).containsExactlyInAnyOrder(jane, janet);
        assertThat(search("identities.connection:\"" + db + "\" AND NOT name:\"jane doe\"")).containsExactly(janet);
        assertThat(search("(email:jane." + tag + "* OR email:john." + tag + "*) AND -identities.connection:" + otherDb))
                .containsExactly(jane);
        assertThat(search("name:\"John Roe\" OR nickname:jt" + tag)).containsExactlyInAnyOrder(janet, john);
        assertThat(search(tag)).containsExactlyInAnyOrder(jane, janet, john);
        assertThat(search("jt" + tag)).containsExactly(janet);
        assertThat(search("\"janet dale\"")).containsExactly(janet);
        assertThat(search("janet dale")).containsExactly(janet);
    }

    @Test
    @DisplayName("ranges on counts and dates, and app_metadata / user_metadata exact values")
    void rangesAndMetadata() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(search("logins_count:[0 TO 0] AND " + tag)).containsExactlyInAnyOrder(jane, janet, john);
        assertThat(search("logins_count:[1 TO *] AND " + tag)).isEmpty();
        assertThat(search("logins_count:0 AND " + tag)).hasSize(3);
        assertThat(search("created_at:[" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + " TO *] AND " + tag)).hasSize(3);
        assertThat(search("created_at:[2000-01-01 TO 2000-12-31] AND " + tag)).isEmpty();
        assertThat(search("created_at:" + today + " AND " + tag)).hasSize(3);
        assertThat(search("app_metadata.plan:gold AND " + tag)).containsExactlyInAnyOrder(jane, john);
        assertThat(search("app_metadata.address.city:Lyon AND " + tag)).containsExactly(jane);
        assertThat(search("user_metadata.lang:fr AND " + tag)).containsExactly(jane);
        assertThat(search("user_metadata.plan:gold AND " + tag)).isEmpty();
        // a metadata change is searchable at once
        var patched = atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(janet), "{\"app_metadata\":{\"plan\":\"gold\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(search("app_metadata.plan:gold AND " + tag)).containsExactlyInAnyOrder(jane, janet, john);
        // a change that leaves the metadata alone keeps it searchable (the store skips rewriting its rows)
        var pictured = atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(janet), "{\"picture\":\"https://example.com/janet.png\"}");
        assertThat(pictured.status()).as(pictured.toString()).isEqualTo(200);
        assertThat(search("app_metadata.plan:gold AND " + tag)).containsExactlyInAnyOrder(jane, janet, john);
        // and the old value stops matching when it changes
        atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(janet), "{\"app_metadata\":{\"plan\":\"silver\"}}");
        assertThat(search("app_metadata.plan:gold AND " + tag)).containsExactlyInAnyOrder(jane, john);
        assertThat(search("app_metadata.plan:silver AND " + tag)).containsExactly(janet);
    }

    @Test
    @DisplayName("pages without include_totals are bare arrays (not counted), with it they carry the total")
    void pagesWithAndWithoutTotals() {
        String q = "&q=" + TestAtrium.enc("identities.connection:\"" + db + "\" OR identities.connection:\"" + otherDb + "\"");
        JsonNode first = atrium.mgmt("GET", "/users?per_page=2&page=0" + q, null).json();
        JsonNode second = atrium.mgmt("GET", "/users?per_page=2&page=1" + q, null).json();
        JsonNode beyond = atrium.mgmt("GET", "/users?per_page=2&page=5" + q, null).json();
        assertThat(first.isArray() && second.isArray() && beyond.isArray()).isTrue();
        assertThat(first.size()).isEqualTo(2);
        assertThat(second.size()).isEqualTo(1);
        assertThat(beyond.size()).isZero();
        List<String> seen = new java.util.ArrayList<>();
        first.forEach(u -> seen.add(u.get("user_id").asString()));
        second.forEach(u -> seen.add(u.get("user_id").asString()));
        assertThat(seen).containsExactlyInAnyOrder(jane, janet, john);
        JsonNode totals = atrium.mgmt("GET", "/users?per_page=2&page=1&include_totals=true" + q, null).json();
        assertThat(totals.get("total").asLong()).isEqualTo(3);
        assertThat(totals.get("users").size()).isEqualTo(1);
        assertThat(totals.get("length").asInt()).isEqualTo(1);
        JsonNode past = atrium.mgmt("GET", "/users?per_page=2&page=5&include_totals=true" + q, null).json();
        assertThat(past.get("total").asLong()).isEqualTo(3);
        assertThat(past.get("users").size()).isZero();
    }

    @Test
    @DisplayName("anything else is 400 naming the unsupported part")
    void unsupportedSyntaxIsNamed() {
        assertThat(refused("family_name:doe").get("message").asString()).contains("'family_name'");
        assertThat(refused("name:jane~").get("message").asString()).contains("'~'");
        assertThat(refused("name:/ja.e/").get("message").asString()).contains("'/'");
        assertThat(refused("logins_count:lots").get("message").asString()).contains("logins_count");
        assertThat(refused("email:[a TO b]").get("message").asString()).contains("Ranges are supported on");
        assertThat(refused("app_metadata.plan:gol*").get("message").asString()).contains("app_metadata.plan");
        assertThat(refused("(email:x@y.z").get("message").asString()).contains("parenthesis");
    }

    @Test
    @DisplayName("attack: SQL in values, field names and metadata paths is data or refused, never executed")
    void sqlInjectionIsInert() {
        long before = atrium.mgmt("GET", "/users?include_totals=true&per_page=1", null).json().get("total").asLong();
        assertThat(search("email:\"x' OR '1'='1\"")).isEmpty();
        assertThat(search("name:\"a'); delete from users; --\"")).isEmpty();
        assertThat(search("app_metadata.plan:\"gold' OR 1=1 --\"")).isEmpty();
        assertThat(search("' OR 1=1 --")).isEmpty();
        assertThat(search("email:x%25*")).isEmpty();
        assertThat(search("email:___*")).isEmpty();
        refused("email) or (1=1:x");
        assertThat(search("app_metadata.plan'--:gold")).isEmpty();
        assertThat(search("users.email;drop:x")).isEmpty();
        // nothing was deleted, and the users are still found
        assertThat(atrium.mgmt("GET", "/users?include_totals=true&per_page=1", null).json().get("total").asLong()).isEqualTo(before);
        assertThat(search("email:jane." + tag + "@example.com")).containsExactly(jane);
    }
}
