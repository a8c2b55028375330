package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.migration.Job;
import dev.atrium.migration.JobStore;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link JobStore} on the {@code jobs} and {@code job_errors} tables (V90). */
public final class JdbcJobStore implements JobStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcJobStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void create(Job j) {
        jdbi.useHandle(h -> h.createUpdate("insert into jobs (id, type, status, connection_id, doc, file_path, total_bytes, "
                        + "read_bytes, processed, inserted, updated, failed, error, created_at, updated_at) values (:id, :type, "
                        + ":status, :conn, :doc, :file, :total, :read, :processed, :inserted, :updated, :failed, :error, :created, :updatedAt)")
                .bind("id", j.id()).bind("type", j.type()).bind("status", j.status())
                .bind("conn", j.connectionId().orElse(null)).bind("doc", Json.write(j.doc()))
                .bind("file", j.filePath().orElse(null)).bind("total", j.totalBytes()).bind("read", j.readBytes())
                .bind("processed", j.processed()).bind("inserted", j.inserted()).bind("updated", j.updated())
                .bind("failed", j.failed()).bind("error", j.error().orElse(null))
                .bind("created", SqlTime.of(j.createdAt())).bind("updatedAt", SqlTime.of(j.updatedAt())).execute());
    }

    @Override
    public Optional<Job> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from jobs where id = :id").bind("id", id)
                .map((rs, ctx) -> job(rs)).findOne());
    }

    @Override
    public List<Job> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("select * from jobs where status in ('pending', 'processing') order by created_at, id")
                .map((rs, ctx) -> job(rs)).list());
    }

    @Override
    public boolean setStatus(String id, String status, Optional<String> error) {
        return jdbi.withHandle(h -> h.createUpdate("update jobs set status = :s, error = :e, updated_at = :now where id = :id")
                .bind("s", status).bind("e", error.orElse(null)).bind("now", SqlTime.of(clock.instant())).bind("id", id)
                .execute()) == 1;
    }

    @Override
    public void progress(String id, long readBytes, long processed, long inserted, long updated, long failed) {
        jdbi.useHandle(h -> h.createUpdate("update jobs set read_bytes = :r, processed = :p, inserted = :i, updated = :u, "
                        + "failed = :f, updated_at = :now where id = :id")
                .bind("r", readBytes).bind("p", processed).bind("i", inserted).bind("u", updated).bind("f", failed)
                .bind("now", SqlTime.of(clock.instant())).bind("id", id).execute());
    }

    @Override
    public void addError(String jobId, long seq, ObjectNode user, String errorsJson) {
        jdbi.useHandle(h -> h.createUpdate("insert into job_errors (job_id, seq, user_doc, errors) values (:j, :s, :u, :e)")
                .bind("j", jobId).bind("s", seq).bind("u", Json.write(user)).bind("e", errorsJson).execute());
    }

    @Override
    public List<ObjectNode> errors(String jobId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select * from job_errors where job_id = :j order by seq limit :n")
                .bind("j", jobId).bind("n", limit)
                .map((rs, ctx) -> {
                    ObjectNode o = Json.object();
                    o.set("user", Json.parseObject(rs.getString("user_doc")));
                    o.set("errors", Json.MAPPER.readTree(rs.getString("errors")));
                    return o;
                }).list());
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString("id"), rs.getString("type"), rs.getString("status"),
                Optional.ofNullable(rs.getString("connection_id")), Json.parseObject(rs.getString("doc")),
                Optional.ofNullable(rs.getString("file_path")), rs.getLong("total_bytes"), rs.getLong("read_bytes"),
                rs.getLong("processed"), rs.getLong("inserted"), rs.getLong("updated"), rs.getLong("failed"),
                Optional.ofNullable(rs.getString("error")), SqlTime.get(rs, "created_at"), SqlTime.get(rs, "updated_at"));
    }
}
