package dev.atrium.storage;

import dev.atrium.email.EmailRequestLog;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/** {@link EmailRequestLog} over {@code email_requests}: one row per request, counted over a window. */
public final class JdbcEmailRequestLog implements EmailRequestLog {
    private final Jdbi jdbi;

    public JdbcEmailRequestLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(String bucket, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into email_requests (bucket, at) values (:b, :at)")
                .bind("b", bucket).bind("at", SqlTime.of(at)).execute());
    }

    @Override
    public long countSince(String bucket, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from email_requests where bucket = :b and at > :since")
                .bind("b", bucket).bind("since", SqlTime.of(since)).mapTo(Long.class).one());
    }

    @Override
    public void purge(Instant before) {
        jdbi.useHandle(h -> h.createUpdate("delete from email_requests where at < :before").bind("before", SqlTime.of(before)).execute());
    }
}
