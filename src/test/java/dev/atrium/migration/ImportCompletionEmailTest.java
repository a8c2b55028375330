package dev.atrium.migration;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, {@code send_completion_email} against a real SMTP server: as on Auth0 it defaults to true
 * and goes to the tenant's owners, which in Atrium are the dashboard administrators (a blocked one
 * gets nothing); {@code false} sends nothing; a failed job says so. The message names the job and its
 * counts, and carries nothing of the imported users.
 */
class ImportCompletionEmailTest {
    static final String OWNER = "owner@import-mail.example.com";
    static final String BLOCKED = "blocked-owner@import-mail.example.com";
    static final TestMail mail = TestMail.start();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()), Optional.empty())
            .withAdmin(OWNER, "0wner-Passw0rd!"));
    static String connectionId;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void tenant() {
        connectionId = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json().get(0).get("id").asString();
        // a second administrator, blocked: an owner who may not act gets no mail
        String blocked = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + BLOCKED
                + "\",\"password\":\"Bl0cked-Passw0rd!\",\"email_verified\":true}").json().get("user_id").asString();
        assertThat(atrium.mgmt("POST", "/users/" + TestAtrium.enc(blocked) + "/atrium-admin", null).status()).isIn(200, 201, 204);
        assertThat(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(blocked), "{\"blocked\":true}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    private static JsonNode run(String file, Map<String, String> fields) throws Exception {
        Path users = Files.writeString(tmp.resolve("users-" + System.nanoTime() + ".json"), file);
        var posted = UserJobsApiTest.upload(atrium, users, fields);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
        return UserJobsApiTest.awaitJob(atrium, posted.json().get("id").asString());
    }

    @Test
    void theAdministratorsHearOfTheEndByDefaultAndNotWhenTheCallerSaysFalse() throws Exception {
        int before = mail.to(OWNER).size();
        // false first: had it queued anything, that message would be delivered before the next one
        JsonNode quiet = run("[{\"email\":\"quiet@import-mail.example.com\"}]",
                Map.of("connection_id", connectionId, "send_completion_email", "false"));
        assertThat(quiet.get("status").asString()).isEqualTo("completed");

        JsonNode loud = run("[{\"email\":\"secret-person@import-mail.example.com\",\"given_name\":\"Confidential\"},"
                + "{\"email\":\"broken@import-mail.example.com\",\"password_hash\":\"not-bcrypt\"}]", Map.of("connection_id", connectionId));
        String id = loud.get("id").asString();
        TestMail.Mail m = mail.await(OWNER, before + 1, java.time.Duration.ofSeconds(15));
        assertThat(m.subject()).isEqualTo("Users import " + id + " completed");
        assertThat(m.text()).contains("Username-Password-Authentication", "Inserted: 1", "Failed: 1",
                atrium.issuer() + "dashboard/import/jobs/" + id, "/api/v2/jobs/" + id + "/errors");
        assertThat(m.text() + m.html()).as("no user data in the message").doesNotContain("secret-person", "Confidential", "broken@");
        assertThat(mail.to(OWNER)).as("the quiet job sent nothing").hasSize(before + 1);
        assertThat(mail.to(BLOCKED)).isEmpty();
    }

    @Test
    void aFailedJobIsReportedAsFailed() throws Exception {
        int before = mail.to(OWNER).size();
        JsonNode failed = run("{\"this is\": \"not an array of users\"}", Map.of("connection_id", connectionId,
                "send_completion_email", "true"));
        assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("failed");
        TestMail.Mail m = mail.await(OWNER, before + 1, java.time.Duration.ofSeconds(15));
        assertThat(m.subject()).isEqualTo("Users import " + failed.get("id").asString() + " failed");
        assertThat(m.text()).contains("has failed", "Reason: ");
    }

    @Test
    void aValueThatIsNotABooleanIsRefusedInAuth0sShape() throws Exception {
        Path users = Files.writeString(tmp.resolve("one.json"), "[{\"email\":\"one@import-mail.example.com\"}]");
        var posted = UserJobsApiTest.upload(atrium, users, Map.of("connection_id", connectionId, "send_completion_email", "yes"));
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.json().get("message").asString()).contains("send_completion_email");
    }
}
