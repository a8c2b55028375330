package dev.atrium.oauth;

import dev.atrium.common.Json;
import dev.atrium.migration.UsersFiles;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a users file with a hash of every supported family is imported through
 * {@code POST /api/v2/jobs/users-imports}; each user then signs in with the original password through
 * the hosted login page, and the stored hash is Argon2id afterwards. A wrong password still fails.
 */
class UserImportSignInTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void fixture() {
        f = new SignInFixture(atrium);
    }

    static JsonNode awaitJob(TestAtrium atrium, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = atrium.mgmt("GET", "/jobs/" + id, null).json();
            String status = job.get("status").asString();
            if (status.equals("completed") || status.equals("failed")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void everyHashFamilySignsInWithTheOriginalPasswordAndIsRehashedWithArgon2id() throws Exception {
        Map<String, ObjectNode> users = UsersFiles.everyFamily("families.example.com");
        ArrayNode file = Json.array();
        users.values().forEach(file::add);
        // one user whose algorithm Auth0's schema does not know: reported, not imported
        file.add(Json.parseObject("{\"email\":\"bad@families.example.com\",\"custom_password_hash\":{\"algorithm\":\"sha3\","
                + "\"hash\":{\"value\":\"00\",\"encoding\":\"hex\"}}}"));
        Path path = Files.writeString(tmp.resolve("families.json"), Json.write(file));

        var posted = atrium.send(UsersFiles.upload(atrium.baseUrl() + "/api/v2/jobs/users-imports", atrium.managementToken(), path,
                Map.of("connection_id", f.connectionId, "upsert", "false", "external_id", "families-1")));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
        assertThat(posted.json().get("type").asString()).isEqualTo("users_import");
        assertThat(posted.json().get("status").asString()).isEqualTo("pending");
        assertThat(posted.json().get("external_id").asString()).isEqualTo("families-1");
        String jobId = posted.json().get("id").asString();

        JsonNode job = awaitJob(atrium, jobId);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("percentage_done").asInt()).isEqualTo(100);
        assertThat(job.at("/summary/inserted").asInt()).isEqualTo(users.size());
        assertThat(job.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(job.at("/summary/total").asInt()).isEqualTo(users.size() + 1);
        JsonNode errors = atrium.mgmt("GET", "/jobs/" + jobId + "/errors", null).json();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.at("/user/email").asString()).isEqualTo("bad@families.example.com");
            assertThat(e.at("/user").has("custom_password_hash")).isFalse();
            assertThat(e.at("/errors/0/code").asString()).isEqualTo("INVALID_FORMAT");
            assertThat(e.at("/errors/0/message").asString()).contains("sha3");
        });

        for (String family : users.keySet()) {
            String email = family + "@families.example.com";
            String userId = atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null).json().get(0)
                    .get("user_id").asString();
            assertThat(atrium.users().passwordHash(userId)).get().asString().doesNotStartWith("$argon2id$");

            TestBrowser wrong = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page refused = wrong.follow(wrong.submit(wrong.open(authorize()), "form",
                    Map.of("username", email, "password", "pw-" + family + "-wrong")));
            assertThat(refused.screen()).as(family + " with a wrong password").isEqualTo("login");

            TestBrowser browser = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page page = browser.follow(browser.submit(browser.open(authorize()), "form",
                    Map.of("username", email, "password", "pw-" + family)));
            if ("consent".equals(page.screen())) {
                page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
            }
            assertThat(page.status()).as(family + ": " + page.body()).isEqualTo(302);
            assertThat(page.location()).as(family).startsWith(SignInFixture.WEB_CALLBACK + "?code=");
            assertThat(atrium.users().passwordHash(userId)).get().asString().as(family).startsWith("$argon2id$");
        }
    }

    private static String authorize() {
        return "/authorize?response_type=code&client_id=" + f.webId + "&redirect_uri=" + TestAtrium.enc(SignInFixture.WEB_CALLBACK)
                + "&scope=openid&state=s1&nonce=n1";
    }
}
