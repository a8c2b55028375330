package dev.atrium.migration;

import dev.atrium.support.StoppablePostgres;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 on PostgreSQL (the other tests run on H2): the realistic Deploy CLI export imports into an empty
 * Atrium on a real PostgreSQL server and reads back equal, a second run changes nothing, a broken export writes
 * nothing (one transaction there too), and a users file of several chunks runs as a job to the end.
 */
class ImportOnPostgresIT {
    private static StoppablePostgres pg;
    private static TestAtrium node;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        pg = StoppablePostgres.startNew();
        pg.createDatabase("import");
        node = new TestAtrium(cfg -> cfg.withDatabase(pg.url("import"), pg.user(), "")).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aBrokenExportWritesNothingThenTheDirectoryExportImportsAndASecondRunChangesNothing() throws IOException {
        Path copy = TenantImportTest.copyTree(TenantImportTest.DIRECTORY, tmp.resolve("broken"));
        Files.writeString(copy.resolve("organizations/zz-broken.json"), "{\"name\": \"Not A Valid Name!\"}");
        String before = TenantImportTest.snapshot(node);
        assertThatThrownBy(() -> TenantImportTest.importer(node).run(DeployExport.read(copy), false))
                .isInstanceOf(ImportException.class);
        assertThat(TenantImportTest.snapshot(node)).isEqualTo(before);

        TenantImportTest.importsAndReadsBack(node, DeployExport.read(TenantImportTest.DIRECTORY));
    }

    @Test
    void aUsersFileOfSeveralChunksRunsAsAJobToTheEnd() throws Exception {
        String connection = node.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json().get(0).get("id").asString();
        int n = 2 * UserJobs.CHUNK + 7;
        Path file = UsersFiles.generate(tmp.resolve("users.json"), n, "pg.example.com");
        TestAtrium.Response posted = UserJobsApiTest.upload(node, file, Map.of("connection_id", connection));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
        JsonNode job = UserJobsApiTest.awaitJob(node, posted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.at("/summary/inserted").asInt()).isEqualTo(n);
        assertThat(node.mgmt("GET", "/users/" + TestAtrium.enc("auth0|u7"), null).json().get("email").asString())
                .isEqualTo("user7@pg.example.com");
    }
}
