package dev.atrium.migration;

import dev.atrium.common.Json;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of the README's "Moving from Auth0": opt-in, never in the default suite.
 * <pre>
 * mvn -B -o test -DskipITs -Dtest=MigrationSpeedTest -Datrium.speed.users=1000000 -DargLine=-Xmx256m
 * </pre>
 * ({@code -Datrium.speed.users=60000 -Datrium.speed.padding=8700} makes a file of just over 500 MB of fewer, larger users)
 * imports a generated file of that many users into an H2 file database through
 * {@code POST /api/v2/jobs/users-imports} and prints users/s and the peak heap sampled during the job
 * (the whole JVM: server, test and database cache), and imports a generated tenant of
 * {@code atrium.speed.objects} objects (default 1,200) with the tenant import, printing objects/s.
 */
@EnabledIfSystemProperty(named = "atrium.speed.users", matches = "\\d+")
class MigrationSpeedTest {
    @TempDir
    Path tmp;

    @Test
    void usersPerSecondAndPeakHeapForAGeneratedFile() throws Exception {
        long n = Long.getLong("atrium.speed.users");
        // atrium.speed.padding: characters of user_metadata per user, for a large file of fewer users (500 MB: 60000 and 8700)
        Path file = UsersFiles.generate(tmp.resolve("users.json"), n, "speed.example.com", Integer.getInteger("atrium.speed.padding", 0));
        String url = "jdbc:h2:file:" + tmp.resolve("db/atrium").toAbsolutePath();
        try (TestAtrium atrium = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            String con = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json().get(0).get("id").asString();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            var posted = atrium.send(UsersFiles.upload(atrium.baseUrl() + "/api/v2/jobs/users-imports", atrium.managementToken(),
                    file, Map.of("connection_id", con)));
            assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
            double uploaded = (System.nanoTime() - start) / 1e9;
            JsonNode job;
            String id = posted.json().get("id").asString();
            do {
                Thread.sleep(1000);
                job = atrium.mgmt("GET", "/jobs/" + id, null).json();
            } while (!job.get("status").asString().matches("completed|failed"));
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            assertThat(job.at("/summary/inserted").asLong()).as(job.toString()).isEqualTo(n);
            System.out.printf("USERS %d users, file %d MB, upload %.1f s, total %.1f s = %.0f users/s; heap baseline %d MB, peak %d MB, max %d MB%n",
                    n, Files.size(file) >> 20, uploaded, seconds, n / seconds, baseline >> 20, peak.get() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    @Test
    void objectsPerSecondForAGeneratedTenant() {
        int n = Integer.getInteger("atrium.speed.objects", 1200);
        int each = n / 6;
        var clients = new java.util.ArrayList<ObjectNode>();
        var apis = new java.util.ArrayList<ObjectNode>();
        var grants = new java.util.ArrayList<ObjectNode>();
        var roles = new java.util.ArrayList<ObjectNode>();
        var dbs = new java.util.ArrayList<ObjectNode>();
        var orgs = new java.util.ArrayList<ObjectNode>();
        for (int i = 0; i < each; i++) {
            String api = "https://api" + i + ".speed.example";
            apis.add(Json.parseObject("{\"name\":\"API " + i + "\",\"identifier\":\"" + api + "\",\"scopes\":[{\"value\":\"read:x\",\"description\":\"x\"}]}"));
            clients.add(Json.parseObject("{\"name\":\"App " + i + "\",\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]}"));
            grants.add(Json.parseObject("{\"client_id\":\"App " + i + "\",\"audience\":\"" + api + "\",\"scope\":[\"read:x\"],\"organization_usage\":\"allow\"}"));
            roles.add(Json.parseObject("{\"name\":\"Role " + i + "\",\"permissions\":[{\"permission_name\":\"read:x\",\"resource_server_identifier\":\"" + api + "\"}]}"));
            dbs.add(Json.parseObject("{\"name\":\"db-" + i + "\",\"strategy\":\"auth0\",\"enabled_clients\":[\"App " + i + "\"]}"));
            orgs.add(Json.parseObject("{\"name\":\"org-" + i + "\",\"display_name\":\"Org " + i + "\",\"connections\":[{\"name\":\"db-" + i
                    + "\",\"assign_membership_on_login\":false}],\"client_grants\":[{\"client_id\":\"App " + i + "\"}]}"));
        }
        DeployExport export = new DeployExport(Json.object().put("friendly_name", "Speed"), clients, apis, grants, dbs,
                new java.util.ArrayList<>(), roles, orgs, java.util.List.of());
        String url = "jdbc:h2:file:" + tmp.resolve("tenant-db/atrium").toAbsolutePath();
        try (TestAtrium atrium = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            long start = System.nanoTime();
            ImportReport report = atrium.server().migration().tenantImporter().run(export, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(report.count(ImportReport.Action.CREATE) + report.count(ImportReport.Action.CHANGE)).isEqualTo(export.size());
            long again = System.nanoTime();
            ImportReport second = atrium.server().migration().tenantImporter().run(export, false);
            double secondSeconds = (System.nanoTime() - again) / 1e9;
            assertThat(second.noChanges()).isTrue();
            System.out.printf("TENANT %d objects created in %.1f s = %.0f objects/s; unchanged second run %.1f s = %.0f objects/s%n",
                    export.size(), seconds, export.size() / seconds, secondSeconds, export.size() / secondSeconds);
        }
    }
}
