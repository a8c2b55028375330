package dev.atrium.storage;

import dev.atrium.email.OutboxMessage;
import dev.atrium.email.OutboxStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link OutboxStore} over {@code email_outbox}. The claim is portable SQL (no {@code RETURNING}, no
 * {@code SKIP LOCKED}): an UPDATE guarded by status, due time and a free or lapsed lease, whose row
 * count decides the winner; the winner then reads the row it now holds.
 */
public final class JdbcOutboxStore implements OutboxStore {
    private static final int ERROR_LIMIT = 2000;
    private final Jdbi jdbi;

    public JdbcOutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(OutboxMessage m) {
        jdbi.useHandle(h -> h.createUpdate("insert into email_outbox (id, recipient, template, subject, text_body, html_body, "
                        + "status, attempts, next_attempt_at, last_error, created_at, sent_at) values (:id, :to, :template, "
                        + ":subject, :text, :html, :status, :attempts, :next, :error, :created, :sent)")
                .bind("id", m.id()).bind("to", m.recipient()).bind("template", m.template()).bind("subject", m.subject())
                .bind("text", m.textBody()).bind("html", m.htmlBody()).bind("status", m.status())
                .bind("attempts", m.attempts()).bind("next", SqlTime.of(m.nextAttemptAt()))
                .bind("error", m.lastError().orElse(null)).bind("created", SqlTime.of(m.createdAt()))
                .bind("sent", SqlTime.of(m.sentAt().orElse(null))).execute());
    }

    @Override
    public Optional<OutboxMessage> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from email_outbox where id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<String> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select id from email_outbox where status = 'pending' and next_attempt_at <= :now "
                        + "and (lease_until is null or lease_until < :now) order by created_at, id limit :limit")
                .bind("now", SqlTime.of(now)).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public Optional<OutboxMessage> claim(String id, String node, Instant now, Instant leaseUntil) {
        int won = jdbi.withHandle(h -> h.createUpdate("update email_outbox set lease_owner = :node, lease_until = :until, "
                        + "attempts = attempts + 1 where id = :id and status = 'pending' and next_attempt_at <= :now "
                        + "and (lease_until is null or lease_until < :now)")
                .bind("node", node).bind("until", SqlTime.of(leaseUntil)).bind("id", id).bind("now", SqlTime.of(now))
                .execute());
        return won == 1 ? find(id) : Optional.empty();
    }

    @Override
    public boolean markSent(String id, String node, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update email_outbox set status = 'sent', sent_at = :now, last_error = null, "
                        + "lease_owner = null, lease_until = null where id = :id and lease_owner = :node and status = 'pending'")
                .bind("now", SqlTime.of(now)).bind("id", id).bind("node", node).execute()) == 1;
    }

    @Override
    public boolean retry(String id, String node, Instant nextAttemptAt, String error) {
        return jdbi.withHandle(h -> h.createUpdate("update email_outbox set next_attempt_at = :next, last_error = :error, "
                        + "lease_owner = null, lease_until = null where id = :id and lease_owner = :node and status = 'pending'")
                .bind("next", SqlTime.of(nextAttemptAt)).bind("error", clip(error)).bind("id", id).bind("node", node)
                .execute()) == 1;
    }

    @Override
    public boolean fail(String id, String node, String error) {
        return jdbi.withHandle(h -> h.createUpdate("update email_outbox set status = 'failed', last_error = :error, "
                        + "lease_owner = null, lease_until = null where id = :id and lease_owner = :node and status = 'pending'")
                .bind("error", clip(error)).bind("id", id).bind("node", node).execute()) == 1;
    }

    @Override
    public List<OutboxMessage> recent(int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select * from email_outbox order by created_at desc, id desc "
                        + "limit :limit offset :offset").bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<OutboxMessage> to(String recipient, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select * from email_outbox where recipient = :to "
                        + "order by created_at desc, id desc limit :limit").bind("to", recipient).bind("limit", limit)
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from email_outbox").mapTo(Long.class).one());
    }

    private static String clip(String error) {
        return error == null || error.length() <= ERROR_LIMIT ? error : error.substring(0, ERROR_LIMIT);
    }

    private static OutboxMessage map(ResultSet rs) throws SQLException {
        return new OutboxMessage(rs.getString("id"), rs.getString("recipient"), rs.getString("template"),
                rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"), rs.getString("status"),
                rs.getInt("attempts"), SqlTime.get(rs, "next_attempt_at"), Optional.ofNullable(rs.getString("last_error")),
                SqlTime.get(rs, "created_at"), SqlTime.opt(rs, "sent_at"));
    }
}
