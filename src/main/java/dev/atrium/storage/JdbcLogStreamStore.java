package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.logs.LogStream;
import dev.atrium.logs.LogStreamStore;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link LogStreamStore} over {@code log_streams}: the settings as a JSON document, the delivery state
 * in columns. Lease, cursor and failure updates are guarded by their {@code where} clause and report
 * whether they changed the row, which is how two nodes agree on who delivers.
 */
public final class JdbcLogStreamStore implements LogStreamStore {
    private final Jdbi jdbi;

    public JdbcLogStreamStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(LogStream s) {
        jdbi.useHandle(h -> h.createUpdate("insert into log_streams (id, name, status, doc, cursor_seq, failures, created_at, updated_at) "
                        + "values (:id, :name, :status, :doc, :cursor, 0, :now, :now)")
                .bind("id", s.id()).bind("name", s.name()).bind("status", s.status()).bind("doc", doc(s))
                .bind("cursor", s.cursorSeq()).bind("now", SqlTime.of(s.createdAt())).execute());
    }

    @Override
    public Optional<LogStream> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from log_streams where id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<LogStream> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from log_streams order by created_at, id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public boolean updateSettings(LogStream s, boolean resetFailures, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update log_streams set name = :name, status = :status, doc = :doc, updated_at = :now"
                        + (resetFailures ? ", failures = 0, next_attempt_at = null, last_error = null" : "") + " where id = :id")
                .bind("id", s.id()).bind("name", s.name()).bind("status", s.status()).bind("doc", doc(s))
                .bind("now", SqlTime.of(now)).execute()) == 1;
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from log_streams where id = :id").bind("id", id).execute()) == 1;
    }

    @Override
    public boolean claim(String id, String node, Instant now, Instant until) {
        return jdbi.withHandle(h -> h.createUpdate("update log_streams set lease_owner = :node, lease_until = :until "
                        + "where id = :id and status = 'active' and (lease_owner is null or lease_owner = :node or lease_until < :now)")
                .bind("id", id).bind("node", node).bind("until", SqlTime.of(until)).bind("now", SqlTime.of(now)).execute()) == 1;
    }

    @Override
    public boolean advance(String id, String node, long fromSeq, long toSeq, Instant now, boolean delivered) {
        return jdbi.withHandle(h -> h.createUpdate("update log_streams set cursor_seq = :to, failures = 0, next_attempt_at = null"
                        + (delivered ? ", last_error = null, last_delivered_at = :now" : "")
                        + " where id = :id and lease_owner = :node and cursor_seq = :from")
                .bind("id", id).bind("node", node).bind("from", fromSeq).bind("to", toSeq).bind("now", SqlTime.of(now))
                .execute()) == 1;
    }

    @Override
    public boolean fail(String id, String node, int failures, Instant nextAttemptAt, String error, boolean suspend, Instant now) {
        String clipped = error.length() > 1000 ? error.substring(0, 1000) : error;
        return jdbi.withHandle(h -> h.createUpdate("update log_streams set failures = :failures, next_attempt_at = :next, "
                        + "last_error = :error, updated_at = :now" + (suspend ? ", status = 'suspended', lease_owner = null" : "")
                        + " where id = :id and lease_owner = :node")
                .bind("id", id).bind("node", node).bind("failures", failures).bind("next", SqlTime.of(nextAttemptAt))
                .bind("error", clipped).bind("now", SqlTime.of(now)).execute()) == 1;
    }

    private static String doc(LogStream s) {
        ObjectNode d = Json.object();
        d.put("endpoint", s.endpoint());
        d.put("format", s.contentFormat());
        s.authorization().ifPresent(a -> d.put("authorization", a));
        d.set("categories", Json.strings(s.categories()));
        return Json.write(d);
    }

    private static LogStream map(ResultSet rs) throws SQLException {
        ObjectNode d = Json.parseObject(rs.getString("doc"));
        return new LogStream(rs.getString("id"), rs.getString("name"), rs.getString("status"), Json.text(d, "endpoint", ""),
                Json.text(d, "format", "JSONLINES"), Optional.ofNullable(Json.text(d, "authorization", null)),
                Json.stringList(d.get("categories")), rs.getLong("cursor_seq"), rs.getInt("failures"),
                SqlTime.opt(rs, "next_attempt_at"), Optional.ofNullable(rs.getString("last_error")),
                SqlTime.opt(rs, "last_delivered_at"), SqlTime.get(rs, "created_at"));
    }
}
