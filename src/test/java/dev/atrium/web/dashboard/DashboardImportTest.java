package dev.atrium.web.dashboard;

import dev.atrium.migration.UsersFiles;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, the dashboard's Import page: a tenant.yaml is dry-run (nothing written), then imported on
 * confirmation with its new secrets shown once; a users file starts a job whose progress page
 * follows it to the end. Posts without the CSRF token and staged names outside the upload folder are refused.
 */
class DashboardImportTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static TestBrowser browser;
    static HttpClient http;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void signIn() {
        browser = DashboardFixture.admin(atrium);
        http = HttpClient.newBuilder().cookieHandler(browser.cookies()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void tenantExportIsDryRunThenImportedAndUsersFileRunsAsAJob() throws Exception {
        TestBrowser.Page page = browser.open("/dashboard/import");
        assertThat(page.status()).isEqualTo(200);
        Document doc = page.doc();
        assertThat(doc.selectFirst("form[data-form=tenant]").attr("enctype")).isEqualTo("multipart/form-data");
        String csrf = doc.selectFirst("form[data-form=tenant] input[name=_csrf]").val();

        HttpResponse<String> dry = http.send(withCookies(UsersFiles.upload(atrium.baseUrl() + "/dashboard/import/tenant", "unused",
                Path.of("src/test/resources/auth0-export/tenant.yaml"), Map.of("_csrf", csrf)), "export"), HttpResponse.BodyHandlers.ofString());
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("Dry run: nothing was written yet", "Acme Web", "Not carried over");
        assertThat(DashboardFixture.mgmt(atrium, "/clients").toString()).doesNotContain("Acme Web");

        TestBrowser.Page pageAfterDry = new TestBrowser.Page(200, null, dry.body(), URI.create(atrium.baseUrl() + "/dashboard/import/tenant"));
        TestBrowser.Page imported = browser.submit(pageAfterDry, "form[data-form=apply]", Map.of());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.body()).contains("Imported", "New secret for Orders Worker");
        assertThat(DashboardFixture.mgmt(atrium, "/clients").toString()).contains("Acme Web", "Partner Portal");
        // the staged export is used once
        TestBrowser.Page again = browser.submit(pageAfterDry, "form[data-form=apply]", Map.of());
        assertThat(again.status()).isEqualTo(303);
        assertThat(browser.open(again.location()).body()).contains("no longer available");

        String connection = DashboardFixture.mgmt(atrium, "/connections?name=customers").get(0).get("id").asString();
        Path users = Files.writeString(tmp.resolve("users.json"), "[{\"email\":\"dash1@import.example.com\"},"
                + "{\"email\":\"dash2@import.example.com\",\"password_hash\":\"not-bcrypt\"}]");
        HttpResponse<String> started = http.send(withCookies(UsersFiles.upload(atrium.baseUrl() + "/dashboard/import/users", "unused",
                users, Map.of("_csrf", csrf, "connection_id", connection)), "users"), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        String jobPage = started.headers().firstValue("Location").orElseThrow();
        assertThat(jobPage).startsWith("/dashboard/import/jobs/job_");
        TestBrowser.Page progress;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        do {
            progress = browser.open(jobPage);
        } while (!progress.body().contains("Finished.") && Instant.now().isBefore(deadline));
        Document job = progress.doc();
        assertThat(job.select(".facts").text()).contains("completed", "Inserted 1", "Failed 1");
        assertThat(job.text()).contains("dash2@import.example.com", "INVALID_FORMAT");
    }

    @Test
    void theDirectoryExportUploadedAsAZipIsDryRunAndAnArchiveThatLeavesItsFolderIsRefusedWithNothingWritten() throws Exception {
        String csrf = browser.open("/dashboard/import").doc().selectFirst("form[data-form=tenant] input[name=_csrf]").val();
        Path zip = dev.atrium.migration.ExportZips.zip(Path.of("src/test/resources/auth0-export/directory"),
                tmp.resolve("export.zip"), "export/");
        HttpResponse<String> dry = http.send(withCookies(UsersFiles.upload(atrium.baseUrl() + "/dashboard/import/tenant", "unused",
                zip, Map.of("_csrf", csrf)), "export"), HttpResponse.BodyHandlers.ofString());
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("Dry run: nothing was written yet", "Partner Portal", "Not carried over");

        Path evil = tmp.resolve("evil.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new java.util.zip.ZipEntry("clients/ok.json"));
            out.write("{\"name\":\"Zipped Client\"}".getBytes());
            out.putNextEntry(new java.util.zip.ZipEntry("../../atrium.key"));
            out.write("overwritten".getBytes());
        }
        HttpResponse<String> refused = http.send(withCookies(UsersFiles.upload(atrium.baseUrl() + "/dashboard/import/tenant", "unused",
                evil, Map.of("_csrf", csrf)), "export"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(refused.body()).contains("The export was refused and nothing would be written", "points outside the archive")
                .doesNotContain("Import now");
        assertThat(DashboardFixture.mgmt(atrium, "/clients").toString()).doesNotContain("Zipped Client");
    }

    @Test
    void postsWithoutTheCsrfTokenAndForeignStagedNamesAreRefused() throws Exception {
        HttpResponse<String> forged = http.send(withCookies(UsersFiles.upload(atrium.baseUrl() + "/dashboard/import/tenant", "unused",
                Path.of("src/test/resources/auth0-export/tenant.yaml"), Map.of()), "export"), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        String csrf = browser.open("/dashboard/import").doc().selectFirst("input[name=_csrf]").val();
        TestBrowser.Page traversal = browser.post("/dashboard/import/tenant/apply", Map.of("_csrf", csrf, "staged", "../atrium.key"));
        assertThat(traversal.status()).isEqualTo(303);
        assertThat(browser.open(traversal.location()).body()).contains("no longer available");
    }

    /** The upload helper's request with the users part renamed, and without its bearer token (the browser has cookies). */
    private static HttpRequest withCookies(HttpRequest upload, String part) throws Exception {
        var sub = new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
            final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            final java.util.concurrent.CompletableFuture<byte[]> done = new java.util.concurrent.CompletableFuture<>();

            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            public void onNext(java.nio.ByteBuffer b) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out.writeBytes(a);
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            public void onComplete() {
                done.complete(out.toByteArray());
            }
        };
        upload.bodyPublisher().orElseThrow().subscribe(sub);
        String body = new String(sub.done.get(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("name=\"users\"; filename=", "name=\"" + part + "\"; filename=");
        return HttpRequest.newBuilder(upload.uri()).header("Content-Type", upload.headers().firstValue("Content-Type").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).build();
    }
}
