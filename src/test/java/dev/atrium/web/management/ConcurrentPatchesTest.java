package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Management API PATCHes of different fields of one application, user, connection or API, sent at
 * the same time: each is applied under the record's row lock, so every field ends up as its PATCH
 * set it and none writes back a document another PATCH read before it.
 */
class ConcurrentPatchesTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static final int ROUNDS = 2;

    @Test
    void concurrentPatchesOfOneApplicationAllSurvive() throws Exception {
        String id = created(atrium.mgmt("POST", "/clients", Json.write(TestRecords.newWebAppBody("Racing app")))).get("client_id").asString();
        race("/clients/" + id, List.of(
                Json.object().put("description", "raced"),
                Json.object().put("sso_disabled", true),
                (ObjectNode) Json.object().set("client_metadata", Json.object().put("plan", "gold")),
                (ObjectNode) Json.object().set("allowed_logout_urls", Json.strings(List.of("https://app.example.com/bye"))),
                (ObjectNode) Json.object().set("web_origins", Json.strings(List.of("https://app.example.com")))));
        JsonNode app = ok(atrium.mgmt("GET", "/clients/" + id, null));
        assertThat(app.path("description").asString()).isEqualTo("raced");
        assertThat(app.path("sso_disabled").asBoolean()).isTrue();
        assertThat(app.path("client_metadata").path("plan").asString()).isEqualTo("gold");
        assertThat(app.path("allowed_logout_urls").get(0).asString()).isEqualTo("https://app.example.com/bye");
        assertThat(app.path("web_origins").get(0).asString()).isEqualTo("https://app.example.com");
    }

    @Test
    void concurrentPatchesOfOneUserAllSurvive() throws Exception {
        String id = created(atrium.mgmt("POST", "/users", Json.write(TestRecords.newUserBody(
                TestRecords.DEFAULT_DATABASE, "racer-" + Ids.alnum(8).toLowerCase() + "@example.com")))).get("user_id").asString();
        // user_metadata merges one level deep: two PATCHes of different keys must both land
        race("/users/" + TestAtrium.enc(id), List.of(
                Json.object().put("given_name", "Ada"),
                Json.object().put("family_name", "Lovelace"),
                Json.object().put("nickname", "countess"),
                (ObjectNode) Json.object().set("user_metadata", Json.object().put("theme", "dark")),
                (ObjectNode) Json.object().set("user_metadata", Json.object().put("language", "en")),
                (ObjectNode) Json.object().set("app_metadata", Json.object().put("plan", "gold"))));
        JsonNode user = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(id), null));
        assertThat(user.path("given_name").asString()).isEqualTo("Ada");
        assertThat(user.path("family_name").asString()).isEqualTo("Lovelace");
        assertThat(user.path("nickname").asString()).isEqualTo("countess");
        assertThat(user.path("user_metadata").path("theme").asString()).isEqualTo("dark");
        assertThat(user.path("user_metadata").path("language").asString()).isEqualTo("en");
        assertThat(user.path("app_metadata").path("plan").asString()).isEqualTo("gold");
    }

    @Test
    void concurrentPatchesOfOneConnectionAllSurvive() throws Exception {
        String id = created(atrium.mgmt("POST", "/connections", Json.write(TestRecords.newDatabaseConnectionBody(
                "race-" + Ids.alnum(8).toLowerCase())))).get("id").asString();
        race("/connections/" + id, List.of(
                Json.object().put("display_name", "Racing staff"),
                Json.object().put("show_as_button", true),
                Json.object().put("is_domain_connection", true),
                (ObjectNode) Json.object().set("metadata", Json.object().put("team", "blue"))));
        JsonNode connection = ok(atrium.mgmt("GET", "/connections/" + id, null));
        assertThat(connection.path("display_name").asString()).isEqualTo("Racing staff");
        assertThat(connection.path("show_as_button").asBoolean()).isTrue();
        assertThat(connection.path("is_domain_connection").asBoolean()).isTrue();
        assertThat(connection.path("metadata").path("team").asString()).isEqualTo("blue");
    }

    @Test
    void concurrentPatchesOfOneApiAllSurvive() throws Exception {
        String id = created(atrium.mgmt("POST", "/resource-servers", Json.write(TestRecords.newApiBody(
                "https://race.example.com/" + Ids.alnum(8), "read:race")))).get("id").asString();
        race("/resource-servers/" + id, List.of(
                Json.object().put("name", "Raced API"),
                Json.object().put("allow_offline_access", true),
                Json.object().put("skip_consent_for_verifiable_first_party_clients", true),
                Json.object().put("enforce_policies", true)));
        JsonNode api = ok(atrium.mgmt("GET", "/resource-servers/" + id, null));
        assertThat(api.path("name").asString()).isEqualTo("Raced API");
        assertThat(api.path("allow_offline_access").asBoolean()).isTrue();
        assertThat(api.path("skip_consent_for_verifiable_first_party_clients").asBoolean()).isTrue();
        assertThat(api.path("enforce_policies").asBoolean()).isTrue();
    }

    /**
     * Sign-ins record {@code logins_count} and {@code last_login} under the same row lock as the PATCHes: sign-ins
     * and PATCHes of one user, all at once, lose no count and no field.
     */
    @Test
    void signInsDuringPatchesOfTheSameUserLoseNothing() throws Exception {
        SignInFixture f = new SignInFixture(atrium);
        int signIns = 3;
        List<ObjectNode> patches = List.of(Json.object().put("given_name", "Augusta"), Json.object().put("nickname", "ada"),
                (ObjectNode) Json.object().set("app_metadata", Json.object().put("plan", "gold")));
        ExecutorService pool = Executors.newFixedThreadPool(signIns + patches.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < signIns; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    return f.webCode(f.authorizeWeb("openid", ""));
                }));
            }
            for (ObjectNode patch : patches) {
                done.add(pool.submit(() -> {
                    start.await();
                    TestAtrium.Response r = atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(f.userId), Json.write(patch));
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    return r;
                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode user = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(f.userId), null));
        assertThat(user.path("logins_count").asInt()).isEqualTo(signIns);
        assertThat(user.path("last_login").asString()).isNotEmpty();
        assertThat(user.path("given_name").asString()).isEqualTo("Augusta");
        assertThat(user.path("nickname").asString()).isEqualTo("ada");
        assertThat(user.path("app_metadata").path("plan").asString()).isEqualTo("gold");
    }

    /** Sends every PATCH at once, {@link #ROUNDS} times over, and expects each to succeed. */
    private static void race(String path, List<ObjectNode> patches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(patches.size());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<TestAtrium.Response>> responses = new ArrayList<>();
                for (ObjectNode patch : patches) {
                    responses.add(pool.submit(() -> {
                        start.await();
                        return atrium.mgmt("PATCH", path, Json.write(patch));
                    }));
                }
                start.countDown();
                for (var response : responses) {
                    TestAtrium.Response r = response.get(60, TimeUnit.SECONDS);
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode created(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
