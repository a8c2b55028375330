package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.migration.Job;
import dev.atrium.migration.UserJobs;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bulk user import and export jobs (issue 16), in Auth0's shapes: {@code POST /jobs/users-imports}
 * (multipart), {@code POST /jobs/users-exports}, {@code GET /jobs/{id}}, {@code GET /jobs/{id}/errors},
 * and the export's download link {@code GET /jobs/{id}/download?token=…} (outside {@code /api/v2}: like
 * Auth0's pre-signed location it is a capability, opened without a bearer token).
 */
public final class JobsApi {
    static final Schema EXPORT = Schema.of()
            .string("connection_id", false, 1, 64)
            .enumOf("format", false, java.util.Set.of("json", "csv"))
            .integer("limit", 1, Integer.MAX_VALUE)
            .array("fields", false);
    static final Schema FIELD = Schema.of().string("name", true, 1, 256).string("export_as", false, 1, 256);

    private final UserJobs jobs;
    private final String issuer;

    public JobsApi(UserJobs jobs, String issuer) {
        this.jobs = jobs;
        this.issuer = issuer;
    }

    public void importUsers(Context ctx) {
        ManagementApi.require(ctx, "create:users");
        if (!ctx.isMultipartFormData()) {
            throw ApiException.badRequest("Payload validation error: 'The request must be multipart/form-data'.");
        }
        UploadedFile users = ctx.uploadedFile("users");
        if (users == null) {
            throw ApiException.badRequest("Payload validation error: 'Missing required property: users'.");
        }
        String connectionId = ctx.formParam("connection_id");
        if (connectionId == null || connectionId.isBlank()) {
            throw ApiException.badRequest("Payload validation error: 'Missing required property: connection_id'.");
        }
        boolean upsert = bool(ctx, "upsert", false);
        // Auth0's default: the tenant's owners (Atrium's administrators) are told when the job ends
        boolean email = bool(ctx, "send_completion_email", true);
        Optional<String> externalId = Optional.ofNullable(ctx.formParam("external_id")).filter(s -> !s.isBlank());
        if (externalId.isPresent() && externalId.get().length() > 255) {
            throw ApiException.badRequest("Payload validation error: 'String is too long (external_id)'.");
        }
        Job job;
        try (InputStream in = users.content()) {
            job = ManagementApi.domain(() -> jobs.startImport(in, connectionId, upsert, externalId, email));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagementApi.json(ctx, 202, view(job));
    }

    public void exportUsers(Context ctx) {
        ManagementApi.require(ctx, "read:users");
        ObjectNode body = ManagementApi.body(ctx);
        EXPORT.validate(body);
        ArrayNode fields = null;
        if (body.get("fields") instanceof ArrayNode a) {
            for (JsonNode f : a) {
                if (!(f instanceof ObjectNode o)) {
                    throw ApiException.badRequest("Payload validation error: 'Expected type object but found type "
                            + Schema.typeOf(f) + "' on property fields.");
                }
                FIELD.validate(o);
            }
            fields = a;
        }
        ArrayNode chosen = fields;
        Job job = ManagementApi.domain(() -> jobs.startExport(Optional.ofNullable(Json.text(body, "connection_id", null)),
                Json.text(body, "format", "json"), chosen,
                body.has("limit") ? Optional.of((int) Json.number(body, "limit", 0)) : Optional.empty()));
        ManagementApi.json(ctx, 201, view(job));
    }

    public void get(Context ctx) {
        ManagementApi.require(ctx, "create:users", "read:users");
        ManagementApi.json(ctx, 200, view(job(ctx)));
    }

    public void errors(Context ctx) {
        ManagementApi.require(ctx, "create:users", "read:users");
        Job job = job(ctx);
        var errors = jobs.errors(job.id(), 10_000);
        if (errors.isEmpty()) {
            // Auth0 answers a job without errors with the job itself
            ManagementApi.json(ctx, 200, view(job));
            return;
        }
        ArrayNode out = Json.array();
        errors.forEach(out::add);
        ManagementApi.json(ctx, 200, out);
    }

    /** The export file behind a download link; anything else is a plain 404. */
    public void download(Context ctx) {
        Optional<Path> file = jobs.download(ctx.pathParam("id"), ctx.queryParam("token"));
        if (file.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found or expired");
            return;
        }
        String name = file.get().getFileName().toString();
        ctx.status(200).contentType("application/gzip").header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store");
        try {
            ctx.result(Files.newInputStream(file.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Job job(Context ctx) {
        return jobs.find(ManagementApi.path(ctx, "id"))
                .orElseThrow(() -> ApiException.notFound("The job does not exist.", "inexistent_job"));
    }

    private static boolean bool(Context ctx, String name, boolean dflt) {
        String v = ctx.formParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw ApiException.badRequest("Payload validation error: 'Expected type boolean but found type string' on property " + name + ".");
        }
        return v.equals("true");
    }

    /** A job in Auth0's shape. */
    ObjectNode view(Job job) {
        ObjectNode o = Json.object();
        o.put("status", job.status());
        o.put("type", job.type());
        o.put("created_at", job.createdAt().toString());
        o.put("id", job.id());
        job.connectionId().ifPresent(c -> o.put("connection_id", c));
        ObjectNode doc = job.doc();
        if (doc.has("connection")) {
            o.put("connection", Json.text(doc, "connection", ""));
        }
        if (job.type().equals(Job.IMPORT)) {
            if (doc.has("external_id")) {
                o.put("external_id", Json.text(doc, "external_id", ""));
            }
            o.put("upsert", Json.bool(doc, "upsert", false));
            long pct = job.status().equals(Job.COMPLETED) ? 100
                    : job.totalBytes() == 0 ? 0 : Math.min(99, job.readBytes() * 100 / job.totalBytes());
            o.put("percentage_done", pct);
            if (!job.finished() && job.readBytes() > 0) {
                double elapsed = Duration.between(job.createdAt(), Instant.now()).toMillis() / 1000.0;
                o.put("time_left_seconds", Math.round(elapsed * (job.totalBytes() - job.readBytes()) / job.readBytes()));
            }
            ObjectNode summary = o.putObject("summary");
            summary.put("failed", job.failed());
            summary.put("updated", job.updated());
            summary.put("inserted", job.inserted());
            summary.put("total", job.processed());
        } else if (job.type().equals(Job.EXPORT)) {
            o.put("format", Json.text(doc, "format", "json"));
            if (doc.has("limit")) {
                o.put("limit", Json.number(doc, "limit", 0));
            }
            if (doc.has("fields")) {
                o.set("fields", doc.get("fields"));
            }
            o.put("exported", job.processed());
            if (job.status().equals(Job.COMPLETED)) {
                o.put("location", issuer + "jobs/" + job.id() + "/download?token=" + jobs.linkToken(job));
            }
        }
        job.error().ifPresent(e -> o.put("status_details", e));
        return o;
    }
}
