package dev.atrium.web.dashboard;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.migration.DeployExport;
import dev.atrium.migration.ImportException;
import dev.atrium.migration.ImportReport;
import dev.atrium.migration.Job;
import dev.atrium.migration.TenantImporter;
import dev.atrium.migration.UserJobs;
import io.javalin.http.UploadedFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Import from Auth0 (issue 16): a Deploy CLI export (the YAML format; the directory format goes through
 * {@code atrium import}) is dry-run first and imported on confirmation; a users file starts a bulk
 * import job whose progress and errors have their own page. The uploaded export waits in the data
 * directory under a random name between the dry run and the import.
 */
public final class ImportPages {
    static final String BASE = "/dashboard/import";
    private static final String STAGED = "tenant-[A-Za-z0-9]{24}\\.export";

    private final TenantImporter importer;
    private final UserJobs jobs;
    private final ConnectionService connections;
    private final Path directory;

    public ImportPages(TenantImporter importer, UserJobs jobs, ConnectionService connections, Path directory) {
        this.importer = importer;
        this.jobs = jobs;
        this.connections = connections;
        this.directory = directory;
    }

    public void page(DashboardRequest r) {
        render(r, List.of(), null);
    }

    private void render(DashboardRequest r, List<Ui.Block> results, DashboardRequest.FormState state) {
        List<Ui.Block> blocks = new ArrayList<>(results);
        blocks.add(new Ui.Form("tenant", "Tenant export", "What Auth0's Deploy CLI wrote: the tenant.yaml of a0deploy export "
                + "--format yaml, or the folder of --format directory packed as one .zip. You see what would be created, changed "
                + "and skipped before anything is written.",
                BASE + "/tenant", "Dry run", List.of(Ui.Field.of("file", "export", "tenant.yaml or export .zip", "").mandatory()),
                null, null, null));
        List<Ui.Option> databases = new ArrayList<>();
        for (Connection c : connections.list()) {
            if (c.isDatabase()) {
                databases.add(new Ui.Option(c.id(), c.name(), databases.isEmpty()));
            }
        }
        blocks.add(new Ui.Form("users", "Users", "A users file in Auth0's bulk import format (a JSON array; password_hash "
                + "and custom_password_hash keep passwords). The import runs in the background.", BASE + "/users", "Start import",
                List.of(Ui.Field.of("file", "users", "Users file", "").mandatory(),
                        Ui.Field.select("connection_id", "Database connection", databases),
                        Ui.Field.checkbox("upsert", "Update users that already exist", false),
                        Ui.Field.checkbox("send_completion_email", "E-mail the administrators when the import ends", true)),
                null, null, null));
        r.render(200, "Import from Auth0", "Bring a tenant and its users over from Auth0.", "import", List.of(), List.of(),
                blocks, state);
    }

    /** Stores the upload and shows its dry run, with the button that imports it. */
    public void dryRun(DashboardRequest r) {
        UploadedFile upload = r.ctx().uploadedFile("export");
        if (upload == null || upload.size() == 0) {
            render(r, List.of(), r.failed("tenant", "export", "Choose the tenant.yaml or the .zip of the export folder to import."));
            return;
        }
        String name = "tenant-" + Ids.alnum(24) + ".export"; // YAML or zip: DeployExport.read tells them apart by content
        Path file = directory.resolve(name);
        try (InputStream in = upload.content()) {
            Files.createDirectories(directory);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ImportReport report = importer.run(DeployExport.read(file), true);
            List<Ui.Block> blocks = new ArrayList<>(report(report, "Dry run: nothing was written yet"));
            blocks.add(new Ui.Form("apply", "Import", "Writes everything above in one transaction.", BASE + "/tenant/apply", "Import now",
                    List.of(Ui.Field.hidden("staged", name)), null, null, null));
            render(r, blocks, null);
        } catch (InvalidRequestException | ImportException e) {
            delete(file);
            render(r, List.of(new Ui.Note("error", "The export was refused and nothing would be written: " + e.getMessage())), null);
        }
    }

    public void apply(DashboardRequest r) {
        String name = r.param("staged");
        Path file = directory.resolve(name);
        if (!name.matches(STAGED) || !Files.isRegularFile(file)) {
            r.refused(BASE, "That dry run is no longer available; upload the export again.");
            return;
        }
        try {
            ImportReport report = importer.run(DeployExport.read(file), false);
            List<Ui.Block> blocks = new ArrayList<>();
            for (ImportReport.Secret s : report.secrets()) {
                blocks.add(new Ui.Secret("New secret for " + s.clientName(), "Client secret of " + s.clientId(), s.secret(),
                        "Auth0 does not export secrets. Copy it now into the application's configuration; it is not shown again."));
            }
            blocks.addAll(report(report, "Imported"));
            render(r, blocks, null);
        } catch (InvalidRequestException | ImportException e) {
            render(r, List.of(new Ui.Note("error", "The import was refused and nothing was written: " + e.getMessage())), null);
        } finally {
            delete(file);
        }
    }

    public void startUsers(DashboardRequest r) {
        UploadedFile upload = r.ctx().uploadedFile("users");
        if (upload == null || upload.size() == 0) {
            render(r, List.of(), r.failed("users", "users", "Choose the users file to import."));
            return;
        }
        r.attempt("users", () -> {
            try (InputStream in = upload.content()) {
                Job job = jobs.startImport(in, r.param("connection_id"), r.checked("upsert"), Optional.empty(),
                        r.checked("send_completion_email"));
                r.done(BASE + "/jobs/" + job.id(), "Import started.");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, state -> render(r, List.of(), state));
    }

    public void job(DashboardRequest r) {
        Optional<Job> found = jobs.find(r.path("id")).filter(j -> j.type().equals(Job.IMPORT));
        if (found.isEmpty()) {
            r.refused(BASE, "No such import job.");
            return;
        }
        Job j = found.get();
        long pct = j.status().equals(Job.COMPLETED) ? 100 : j.totalBytes() == 0 ? 0 : Math.min(99, j.readBytes() * 100 / j.totalBytes());
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Facts("Progress", List.of(new Ui.Fact("Status", j.status()), new Ui.Fact("Done", pct + " %"),
                new Ui.Fact("Read", String.valueOf(j.processed())), new Ui.Fact("Inserted", String.valueOf(j.inserted())),
                new Ui.Fact("Updated", String.valueOf(j.updated())), new Ui.Fact("Failed", String.valueOf(j.failed())),
                new Ui.Fact("Job id", j.id(), true, List.of()))));
        j.error().ifPresent(e -> blocks.add(new Ui.Note("error", e)));
        List<Ui.Row> rows = new ArrayList<>();
        for (ObjectNode e : jobs.errors(j.id(), 200)) {
            JsonNode first = e.path("errors").path(0);
            rows.add(new Ui.Row(List.of(Ui.Cell.text(Json.text(e.get("user"), "email", "")), Ui.Cell.mono(Json.text(first, "code", "")),
                    Ui.Cell.text(Json.text(first, "message", "")))));
        }
        blocks.add(new Ui.Table("Errors", null, null, null, List.of("User", "Code", "Reason"), rows, null,
                "No errors" + (j.finished() ? "." : " so far."), null));
        r.render(200, "Users import " + j.id(), j.finished() ? "Finished." : "Running in the background; reload to follow it.",
                "import", List.of(new Ui.Crumb("Import from Auth0", BASE)),
                j.finished() ? List.of() : List.of(new Ui.Link("Reload", BASE + "/jobs/" + j.id())), blocks, null);
    }

    private static List<Ui.Block> report(ImportReport report, String title) {
        List<Ui.Row> rows = new ArrayList<>();
        for (ImportReport.Line l : report.lines()) {
            String tone = switch (l.action()) {
                case CREATE -> "success";
                case CHANGE -> "warning";
                case UNCHANGED -> "neutral";
                case SKIP -> "danger";
            };
            rows.add(new Ui.Row(List.of(Ui.Cell.badges(List.of(new Ui.Badge(l.action().name().toLowerCase(), tone))),
                    Ui.Cell.text(l.kind()), Ui.Cell.text(l.name()), Ui.Cell.text(l.detail() == null ? "" : l.detail()))));
        }
        List<Ui.Block> blocks = new ArrayList<>();
        blocks.add(new Ui.Table(title + String.format(" — %d to create, %d to change, %d unchanged, %d skipped",
                report.count(ImportReport.Action.CREATE), report.count(ImportReport.Action.CHANGE),
                report.count(ImportReport.Action.UNCHANGED), report.count(ImportReport.Action.SKIP)),
                null, null, null, List.of("Action", "Kind", "Name", "Detail"), rows, null, "The export is empty.", null));
        if (!report.notCarriedOver().isEmpty()) {
            List<Ui.Row> notCarried = report.notCarriedOver().stream().map(n -> new Ui.Row(List.of(Ui.Cell.text(n)))).toList();
            blocks.add(new Ui.Table("Not carried over", null, null, null, List.of("What and why"), notCarried, null, "", null));
        }
        return blocks;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a staged export left behind is harmless and overwritten by nothing
        }
    }
}
