package dev.atrium.migration;

import dev.atrium.common.Json;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcJobStore;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the user jobs over HTTP: a file over a megabyte imported with progress and errors, upsert,
 * the memberships extension, JSON and CSV exports behind their download link, the attacks on the
 * routes and the link, bad input, and a job interrupted by a restart resumed exactly once.
 */
class UserJobsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static String connectionId;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void connection() {
        connectionId = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json().get(0).get("id").asString();
    }

    static JsonNode awaitJob(TestAtrium a, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = a.mgmt("GET", "/jobs/" + id, null).json();
            String status = job.path("status").asString();
            if (status.equals("completed") || status.equals("failed")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    static TestAtrium.Response upload(TestAtrium a, Path file, Map<String, String> fields) throws IOException {
        return a.send(UsersFiles.upload(a.baseUrl() + "/api/v2/jobs/users-imports", a.managementToken(), file, fields));
    }

    @Test
    void aFileOverAMegabyteImportsWithProgressThenUpsertChangesOnlyWhatItMay() throws Exception {
        int n = 10_000;
        Path file = UsersFiles.generate(tmp.resolve("big.json"), n, "big.example.com");
        assertThat(Files.size(file)).isGreaterThan(1_000_000);
        long start = System.nanoTime();
        var posted = upload(atrium, file, Map.of("connection_id", connectionId));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
        JsonNode job = awaitJob(atrium, posted.json().get("id").asString());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("users import: %d users in %.1f s = %.0f users/s%n", n, seconds, n / seconds);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.at("/summary/inserted").asInt()).isEqualTo(n);
        assertThat(job.at("/summary/failed").asInt()).isZero();
        JsonNode u = atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|u42"), null).json();
        assertThat(u.get("email").asString()).isEqualTo("user42@big.example.com");
        assertThat(u.at("/app_metadata/plan").asString()).isEqualTo("basic");

        // the same file again without upsert: every user is a duplicate, reported, nothing changes
        Path again = Files.writeString(tmp.resolve("again.json"),
                "[{\"email\":\"user42@big.example.com\",\"given_name\":\"Changed\",\"app_metadata\":{\"plan\":\"pro\"}}]");
        JsonNode dup = awaitJob(atrium, upload(atrium, again, Map.of("connection_id", connectionId)).json().get("id").asString());
        assertThat(dup.at("/summary/failed").asInt()).isEqualTo(1);
        JsonNode errors = atrium.mgmt("GET", "/jobs/" + dup.get("id").asString() + "/errors", null).json();
        assertThat(errors.at("/0/errors/0/code").asString()).isEqualTo("DUPLICATED_USER");
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|u42"), null).json().get("given_name").asString())
                .isEqualTo("Given42");

        JsonNode up = awaitJob(atrium, upload(atrium, again, Map.of("connection_id", connectionId, "upsert", "true"))
                .json().get("id").asString());
        assertThat(up.at("/summary/updated").asInt()).isEqualTo(1);
        JsonNode changed = atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|u42"), null).json();
        assertThat(changed.get("given_name").asString()).isEqualTo("Changed");
        assertThat(changed.at("/app_metadata/plan").asString()).isEqualTo("pro");
        // a job without errors answers its errors with the job itself, as Auth0 does
        assertThat(atrium.mgmt("GET", "/jobs/" + up.get("id").asString() + "/errors", null).json().get("id").asString())
                .isEqualTo(up.get("id").asString());
    }

    @Test
    void rolesAndOrganizationMembershipsComeFromTheAtriumExtension() throws Exception {
        String roleId = atrium.mgmt("POST", "/roles", "{\"name\":\"Imported Reader\"}").json().get("id").asString();
        String orgId = atrium.mgmt("POST", "/organizations", "{\"name\":\"imported-org\"}").json().get("id").asString();
        Path file = Files.writeString(tmp.resolve("members.json"), "[{\"email\":\"member@ext.example.com\",\"user_id\":\"member1\","
                + "\"atrium\":{\"roles\":[\"Imported Reader\"],\"organizations\":[{\"organization\":\"imported-org\","
                + "\"roles\":[\"" + roleId + "\"]}]}},"
                + "{\"email\":\"ghost@ext.example.com\",\"atrium\":{\"organizations\":[{\"organization\":\"no-such-org\"}]}}]");
        JsonNode job = awaitJob(atrium, upload(atrium, file, Map.of("connection_id", connectionId)).json().get("id").asString());
        assertThat(job.at("/summary/inserted").asInt()).isEqualTo(1);
        assertThat(job.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|member1") + "/roles", null).json())
                .extracting(r -> r.get("name").asString()).containsExactly("Imported Reader");
        JsonNode members = atrium.mgmt("GET", "/organizations/" + orgId + "/members?fields=user_id,roles", null).json();
        assertThat(members.toString()).contains("auth0|member1", roleId);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc("auth0|member1"), null).json().has("atrium")).isFalse();
        // the user whose membership failed is not left half-imported
        assertThat(atrium.mgmt("GET", "/users-by-email?email=ghost%40ext.example.com", null).json()).isEmpty();
    }

    @Test
    void exportsJsonAndCsvBehindADownloadLinkOnlyItsTokenOpens() throws Exception {
        Path file = Files.writeString(tmp.resolve("export.json"), "[{\"email\":\"exp1@exp.example.com\",\"user_id\":\"exp1\","
                + "\"name\":\"=cmd|' /C calc'!A0\",\"app_metadata\":{\"plan\":\"gold\"}},{\"email\":\"exp2@exp.example.com\",\"name\":\"Two, Jr\"}]");
        awaitJob(atrium, upload(atrium, file, Map.of("connection_id", connectionId)).json().get("id").asString());

        var created = atrium.mgmt("POST", "/jobs/users-exports", "{\"connection_id\":\"" + connectionId + "\",\"format\":\"csv\","
                + "\"fields\":[{\"name\":\"email\"},{\"name\":\"name\"},{\"name\":\"app_metadata.plan\",\"export_as\":\"plan\"}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("type").asString()).isEqualTo("users_export");
        JsonNode done = awaitJob(atrium, created.json().get("id").asString());
        String location = done.get("location").asString();
        assertThat(location).startsWith(atrium.issuer() + "jobs/");
        List<String> csv = gunzip(get(location)).lines().toList();
        assertThat(csv.get(0)).isEqualTo("email,name,plan");
        assertThat(csv).contains("exp1@exp.example.com,'=cmd|' /C calc'!A0,gold", "exp2@exp.example.com,\"Two, Jr\",");

        JsonNode json = awaitJob(atrium, atrium.mgmt("POST", "/jobs/users-exports", "{\"format\":\"json\",\"connection_id\":\""
                + connectionId + "\"}").json().get("id").asString());
        String ndjson = gunzip(get(json.get("location").asString()));
        JsonNode first = ndjson.lines().map(Json::parseObject).filter(o -> o.path("email").asString().equals("exp1@exp.example.com"))
                .findFirst().orElseThrow();
        assertThat(first.get("user_id").asString()).isEqualTo("auth0|exp1");
        assertThat(first.at("/app_metadata/plan").asString()).isEqualTo("gold");
        assertThat(ndjson).doesNotContain("password");

        // attacks on the link: another job's token, a changed token, no token
        String otherToken = location.substring(location.indexOf("token=") + 6);
        String jsonId = json.get("id").asString();
        assertThat(status(atrium.baseUrl() + "/jobs/" + jsonId + "/download?token=" + otherToken)).isEqualTo(404);
        assertThat(status(location.replace("token=", "token=x"))).isEqualTo(404);
        assertThat(status(atrium.baseUrl() + "/jobs/" + jsonId + "/download")).isEqualTo(404);
    }

    @Test
    void theRoutesRefuseCallersWithoutTheScopesAndBadInputInAuth0sShape() throws Exception {
        Path file = Files.writeString(tmp.resolve("one.json"), "[{\"email\":\"one@scope.example.com\"}]");
        var anonymous = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/api/v2/jobs/users-imports"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(anonymous.status()).isEqualTo(401);
        String readOnly = token("read:users");
        var noCreate = atrium.send(UsersFiles.upload(atrium.baseUrl() + "/api/v2/jobs/users-imports", readOnly, file,
                Map.of("connection_id", connectionId)));
        assertThat(noCreate.status()).isEqualTo(403);
        assertThat(noCreate.json().get("errorCode").asString()).isEqualTo("insufficient_scope");
        String createOnly = token("create:users");
        assertThat(atrium.mgmt("POST", "/jobs/users-exports", "{}", createOnly).status()).isEqualTo(403);
        assertThat(atrium.mgmt("GET", "/jobs/job_nope", null, token("read:clients")).status()).isEqualTo(403);

        var unknown = atrium.mgmt("GET", "/jobs/job_doesNotExist000", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorCode").asString()).isEqualTo("inexistent_job");
        var noConnection = upload(atrium, file, Map.of());
        assertThat(noConnection.status()).isEqualTo(400);
        assertThat(noConnection.json().get("message").asString()).contains("connection_id");
        var wrongConnection = upload(atrium, file, Map.of("connection_id", "con_doesNotExist00"));
        assertThat(wrongConnection.status()).isEqualTo(400);
        var notJson = atrium.mgmt("POST", "/jobs/users-imports", "{\"users\":[]}");
        assertThat(notJson.status()).isEqualTo(400);
        var badFormat = atrium.mgmt("POST", "/jobs/users-exports", "{\"format\":\"xml\"}");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().get("message").asString()).startsWith("Payload validation error");

        // a file that is not a JSON array fails the job with a readable reason, and writes nobody
        Path broken = Files.writeString(tmp.resolve("broken.json"), "[{\"email\":\"half@broken.example.com\"}, {\"email\": ");
        JsonNode failed = awaitJob(atrium, upload(atrium, broken, Map.of("connection_id", connectionId)).json().get("id").asString());
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("status_details").asString()).contains("not valid JSON");
    }

    @Test
    void aJobInterruptedByARestartResumesAfterItsLastCommittedChunk() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("restart/db").toAbsolutePath();
        Path full = UsersFiles.generate(tmp.resolve("full.json"), 1200, "restart.example.com");
        Path firstChunk = UsersFiles.generate(tmp.resolve("first.json"), UserJobs.CHUNK, "restart.example.com");
        String con;
        try (TestAtrium before = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            con = before.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json().get(0).get("id").asString();
            JsonNode first = awaitJob(before, upload(before, firstChunk, Map.of("connection_id", con)).json().get("id").asString());
            assertThat(first.at("/summary/inserted").asInt()).isEqualTo(UserJobs.CHUNK);
        }
        // the state a crash after the first chunk leaves: the job processing, 500 users committed with its progress
        Path jobs = Path.of("data", "atrium.key").toAbsolutePath().getParent().resolve("jobs");
        Files.createDirectories(jobs);
        String id = "job_resume" + Long.toString(System.nanoTime(), 36);
        Path upload = Files.copy(full, jobs.resolve(id + ".users.json"));
        try (Database db = new Database(url, "", "")) {
            Instant now = Instant.now();
            new JdbcJobStore(db.jdbi(), Clock.systemUTC()).create(new Job(id, Job.IMPORT, Job.PROCESSING, Optional.of(con),
                    Json.object().put("upsert", false).put("connection", "Username-Password-Authentication"),
                    Optional.of(upload.toString()), Files.size(full), 0, UserJobs.CHUNK, UserJobs.CHUNK, 0, 0, Optional.empty(), now, now));
        }
        try (TestAtrium after = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            JsonNode resumed = awaitJob(after, id);
            assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("completed");
            assertThat(resumed.at("/summary/total").asInt()).isEqualTo(1200);
            assertThat(resumed.at("/summary/inserted").asInt()).isEqualTo(1200);
            assertThat(resumed.at("/summary/failed").asInt()).as("no user imported twice").isZero();
            assertThat(after.mgmt("GET", "/users/" + TestAtrium.enc("auth0|u1199"), null).status()).isEqualTo(200);
            assertThat(Files.exists(upload)).as("the upload is removed once imported").isFalse();
        }
    }

    private static String token(String scope) {
        return atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET, atrium.server().managementAudience(), scope)
                .json().get("access_token").asString();
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
