package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.logs.LogStream;
import dev.atrium.logs.LogStreamStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link LogStreamStore} over {@code log_streams}: the settings as a JSON document, the delivery state
 * in columns. Lease, cursor and failure updates are guarded by their {@code where} clause and report
 * whether they changed the row, which is how two nodes agree on who delivers.
 *
 * <p>The authorization header value is a credential of the receiving system: it is stored only sealed
 * ({@code authorization_sealed}, under the master key, as enterprise connection secrets are), and opened
 * when a stream is read for delivery. A document written before sealing (plain {@code authorization}) is
 * still read, and {@link #sealPlaintext()} rewrites it sealed.
 */
public final class JdbcLogStreamStore implements LogStreamStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLogStreamStore.class);

    private final Jdbi jdbi;
    private final UnaryOperator<String> seal;
    private final UnaryOperator<String> open;

    /** {@code seal} encrypts a header value for storage; {@code open} reverses it. */
    public JdbcLogStreamStore(Jdbi jdbi, UnaryOperator<String> seal, UnaryOperator<String> open) {
        this.jdbi = jdbi;
        this.seal = seal;
        this.open = open;
    }

    /** Seals every authorization header still stored in clear; the number of streams rewritten. */
    public int sealPlaintext() {
        return jdbi.inTransaction(h -> {
            int n = 0;
            for (var row : h.createQuery("select id, doc from log_streams").mapToMap().list()) {
                ObjectNode d = Json.parseObject(String.valueOf(row.get("doc")));
                if (d.has("authorization")) {
                    String plain = Json.text(d, "authorization", "");
                    d.remove("authorization");
                    d.put("authorization_sealed", seal.apply(plain));
                    n += h.createUpdate("update log_streams set doc = :doc where id = :id")
                            .bind("doc", Json.write(d)).bind("id", String.valueOf(row.get("id"))).execute();
                }
            }
            return n;
        });
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

    private String doc(LogStream s) {
        ObjectNode d = Json.object();
        d.put("endpoint", s.endpoint());
        d.put("format", s.contentFormat());
        s.authorization().ifPresent(a -> d.put("authorization_sealed", seal.apply(a)));
        d.set("categories", Json.strings(s.categories()));
        return Json.write(d);
    }

    private LogStream map(ResultSet rs) throws SQLException {
        ObjectNode d = Json.parseObject(rs.getString("doc"));
        return new LogStream(rs.getString("id"), rs.getString("name"), rs.getString("status"), Json.text(d, "endpoint", ""),
                Json.text(d, "format", "JSONLINES"), authorization(rs.getString("id"), d),
                Json.stringList(d.get("categories")), rs.getLong("cursor_seq"), rs.getInt("failures"),
                SqlTime.opt(rs, "next_attempt_at"), Optional.ofNullable(rs.getString("last_error")),
                SqlTime.opt(rs, "last_delivered_at"), SqlTime.get(rs, "created_at"));
    }

    /**
     * The header value: opened from its sealed form (or read from a document written before sealing). One the
     * master key cannot open (the key was replaced) is treated as absent, so the receiver refuses the delivery
     * and the stream's failures show it, rather than the stream list failing.
     */
    private Optional<String> authorization(String id, ObjectNode d) {
        String sealed = Json.text(d, "authorization_sealed", null);
        if (sealed == null) {
            return Optional.ofNullable(Json.text(d, "authorization", null));
        }
        try {
            return Optional.of(open.apply(sealed));
        } catch (RuntimeException e) {
            LOG.warn("log stream {}: its authorization header cannot be opened with the current master key", id);
            return Optional.empty();
        }
    }
}
