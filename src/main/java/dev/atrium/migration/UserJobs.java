package dev.atrium.migration;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.UnitOfWork;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionService;
import dev.atrium.roles.RoleService;
import dev.atrium.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Bulk user import and export jobs with Auth0's shapes (issue 16). An upload is streamed to a file in
 * the data directory and read with a streaming JSON parser, one user object at a time, so its size is
 * bounded by the disk and not by memory. Users are written through {@link UserService} in chunks of
 * {@link #CHUNK}, each chunk in one transaction together with the job's progress; a chunk that fails
 * as a whole is replayed user by user so that one bad user costs only itself.
 *
 * <p>Restarts: the jobs run on one background thread; at start-up {@link #resume} picks up every job
 * still pending or processing. An import resumes after its last committed chunk (exactly once per
 * user); an export starts its file again.
 *
 * <p>Memberships extension: Auth0's schema has no place for roles or organization memberships, so a
 * user object may carry a top-level {@code "atrium": {"roles": [...], "organizations": [{"organization":
 * ..., "roles": [...]}]}} (names or ids); it is Atrium's own and never stored on the user.
 */
public final class UserJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserJobs.class);
    static final int CHUNK = UserImportRun.CHUNK;
    static final Duration DOWNLOAD_LIFETIME = Duration.ofHours(24);
    public static final String EXTENSION = UserImportRun.EXTENSION;

    private final JobStore store;
    private final UserService users;
    private final ConnectionService connections;
    private final RoleService roles;
    private final OrganizationImport organizations;
    private final UnitOfWork unitOfWork;
    private final Path directory;
    private final byte[] linkKey;
    private final Clock clock;
    /** Sends the completion message of an import that asked for it; none until {@link #notifying}. */
    private volatile CompletionEmail completionEmail;
    /** Set when the server stops: a job cut off then stays unfinished, to be resumed, instead of failing. */
    private volatile boolean closing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atrium-jobs");
        t.setDaemon(true);
        return t;
    });

    public UserJobs(JobStore store, UserService users, ConnectionService connections, RoleService roles,
                    OrganizationImport organizations, UnitOfWork unitOfWork, Path directory, byte[] linkKey, Clock clock) {
        this.store = store;
        this.users = users;
        this.connections = connections;
        this.roles = roles;
        this.organizations = organizations;
        this.unitOfWork = unitOfWork;
        this.directory = directory;
        this.linkKey = linkKey.clone();
        this.clock = clock;
    }

    /**
     * Imports with {@code send_completion_email} send {@code email} when they end. The message is queued
     * in the transaction that marks the job finished, so a restart neither loses nor repeats it.
     */
    public UserJobs notifying(CompletionEmail email) {
        this.completionEmail = email;
        return this;
    }

    /** Queues every job a previous run left unfinished; returns how many. */
    public int resume() {
        List<Job> unfinished = store.unfinished();
        unfinished.forEach(j -> worker.submit(() -> run(j.id())));
        return unfinished.size();
    }

    public Optional<Job> find(String id) {
        return store.find(id);
    }

    public List<ObjectNode> errors(String id, int limit) {
        return store.errors(id, limit);
    }

    /**
     * Streams {@code upload} to the data directory and queues its import into the database connection
     * {@code connectionId}. Throws {@link InvalidRequestException} for an unknown or non-database connection.
     */
    public Job startImport(InputStream upload, String connectionId, boolean upsert, Optional<String> externalId,
                           boolean sendCompletionEmail) {
        Connection c = databaseConnection(connectionId);
        String id = "job_" + Ids.alnum(16);
        Path file = directory.resolve(id + ".users.json");
        long size;
        try {
            Files.createDirectories(directory);
            size = Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the users file", e);
        }
        ObjectNode doc = Json.object().put("upsert", upsert).put("send_completion_email", sendCompletionEmail)
                .put("connection", c.name());
        externalId.ifPresent(x -> doc.put("external_id", x));
        Instant now = clock.instant();
        Job job = new Job(id, Job.IMPORT, Job.PENDING, Optional.of(c.id()), doc, Optional.of(file.toString()), size, 0, 0, 0,
                0, 0, Optional.empty(), now, now);
        store.create(job);
        worker.submit(() -> run(id));
        return job;
    }

    /** Queues an export of the users of {@code connectionId} (every user when empty). */
    public Job startExport(Optional<String> connectionId, String format, ArrayNode fields, Optional<Integer> limit) {
        Optional<Connection> c = connectionId.map(this::databaseConnection);
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidRequestException("format", "format must be json or csv");
        }
        String id = "job_" + Ids.alnum(16);
        ObjectNode doc = Json.object().put("format", format);
        c.ifPresent(x -> doc.put("connection", x.name()));
        if (fields != null) {
            doc.set("fields", fields);
        }
        limit.ifPresent(l -> doc.put("limit", l));
        Instant now = clock.instant();
        Path file = directory.resolve(id + (format.equals("csv") ? ".csv.gz" : ".json.gz"));
        Job job = new Job(id, Job.EXPORT, Job.PENDING, c.map(Connection::id), doc, Optional.of(file.toString()), 0, 0, 0, 0,
                0, 0, Optional.empty(), now, now);
        store.create(job);
        worker.submit(() -> run(id));
        return job;
    }

    /**
     * The secret of a finished export's download link: an HMAC of the job id under a key derived from
     * the master key, so the link needs no stored secret and every node agrees on it.
     */
    public String linkToken(Job job) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(linkKey, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal((job.id() + "|" + job.createdAt()).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The finished export's file, when {@code token} is its link's and the link has not expired. */
    public Optional<Path> download(String id, String token) {
        Optional<Job> job = store.find(id).filter(j -> j.type().equals(Job.EXPORT) && j.status().equals(Job.COMPLETED));
        if (job.isEmpty() || token == null
                || !MessageDigest.isEqual(linkToken(job.get()).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))
                || clock.instant().isAfter(job.get().createdAt().plus(DOWNLOAD_LIFETIME))) {
            return Optional.empty();
        }
        return job.get().filePath().map(Path::of).filter(Files::isRegularFile);
    }

    private Connection databaseConnection(String connectionId) {
        Connection c = connections.find(connectionId)
                .orElseThrow(() -> new InvalidRequestException("connection_id", "The connection does not exist: " + connectionId));
        if (!c.isDatabase()) {
            throw new InvalidRequestException("connection_id", "The connection must be a database connection (strategy auth0)");
        }
        return c;
    }

    private void run(String id) {
        Optional<Job> job = store.find(id);
        if (job.isEmpty() || job.get().finished()) {
            return;
        }
        store.setStatus(id, Job.PROCESSING, Optional.empty());
        try {
            if (job.get().type().equals(Job.IMPORT)) {
                new UserImportRun(store.find(id).orElseThrow(), store, users, connections, roles, organizations, unitOfWork,
                        () -> closing).run();
            } else {
                new UserExport(store, users, connections).run(store.find(id).orElseThrow());
            }
            finish(id, Job.COMPLETED, Optional.empty());
        } catch (RuntimeException e) {
            if (closing) {
                LOG.info("job {} interrupted by the shutdown; it resumes on the next start", id);
                return;
            }
            LOG.warn("job {} failed: {}", id, e.toString());
            finish(id, Job.FAILED, Optional.of(String.valueOf(e.getMessage())));
        }
    }

    /** Marks the job finished and, in the same transaction, queues its completion message when asked for. */
    private void finish(String id, String status, Optional<String> error) {
        unitOfWork.inTransaction(() -> {
            store.setStatus(id, status, error);
            Job done = store.find(id).orElseThrow();
            CompletionEmail email = completionEmail;
            if (email != null && done.type().equals(Job.IMPORT) && Json.bool(done.doc(), "send_completion_email", false)) {
                int sent = email.send(done);
                LOG.info("job {} {}: completion e-mail queued for {} administrator(s)", id, status, sent);
            }
            return null;
        });
    }


    @Override
    public void close() {
        closing = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

