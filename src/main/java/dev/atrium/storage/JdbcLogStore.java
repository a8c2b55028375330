package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogIds;
import dev.atrium.logs.LogQuery;
import dev.atrium.logs.LogStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link LogStore} over {@code log_events}. Query fields reach SQL only as column names from
 * {@link LogQuery#COLUMNS}; every value is bound.
 */
public final class JdbcLogStore implements LogStore {
    private static final String COLUMNS = "log_id, event_date, event_day, stored_at, type, description, client_id, client_name, "
            + "connection, connection_id, user_id, user_name, ip, user_agent, hostname, organization_id, organization_name, "
            + "audience, scope, details";

    /** The last instant whose id bound (a millisecond later) and day still sort as text: a four-digit year. */
    private static final Instant LAST_FOUR_DIGIT_YEAR = Instant.parse("9999-12-31T23:59:59.998Z");

    private static final String INSERT = "insert into log_events (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?)";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcLogStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void insert(List<LogEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime stored = SqlTime.of(clock.instant());
        // plain JDBC on the connection Jdbi opened: a batch binds 20 values per event, and Jdbi's binding
        // (a map of named arguments, each value's type resolved) was much of the writer's own allocation
        jdbi.useTransaction(h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
                for (LogEvent e : events) {
                    ps.setString(1, e.logId());
                    ps.setObject(2, SqlTime.of(e.date()));
                    ps.setString(3, day(e.date()));
                    ps.setObject(4, stored);
                    ps.setString(5, e.type());
                    ps.setString(6, e.description());
                    ps.setString(7, e.clientId());
                    ps.setString(8, e.clientName());
                    ps.setString(9, e.connection());
                    ps.setString(10, e.connectionId());
                    ps.setString(11, e.userId());
                    ps.setString(12, e.userName());
                    ps.setString(13, e.ip());
                    ps.setString(14, e.userAgent());
                    ps.setString(15, e.hostname());
                    ps.setString(16, e.organizationId());
                    ps.setString(17, e.organizationName());
                    ps.setString(18, e.audience());
                    ps.setString(19, e.scope());
                    ps.setString(20, e.details() == null || e.details().isEmpty() ? "{}" : Json.write(e.details()));
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                // an outage arrives as DatabaseUnavailableException from the guarded connection; anything else
                // is a refusal the writer counts and reports
                throw new IllegalStateException("tenant log batch refused: " + e.getMessage(), e);
            }
            StatementCounter.countOutsideJdbi(jdbi);
        });
    }

    @Override
    public Optional<LogEvent> find(String logId) {
        return jdbi.withHandle(h -> h.createQuery("select * from log_events where log_id = :id").bind("id", logId)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<LogEvent> search(LogQuery query, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        String order = query.ascending() ? "log_id asc" : "log_id desc";
        return jdbi.withHandle(h -> bindAll(h.createQuery("select * from log_events" + where + " order by " + order
                + " limit " + limit + " offset " + offset), args).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public long count(LogQuery query) {
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        return jdbi.withHandle(h -> bindAll(h.createQuery("select count(*) from log_events" + where), args)
                .mapTo(Long.class).one());
    }

    @Override
    public List<LogEvent> checkpoint(LogQuery query, Optional<String> from, int take) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(where(query, args));
        boolean forward = take > 0;
        if (from.isPresent()) {
            where.append(where.length() == 0 ? " where " : " and ").append(forward ? "log_id > ?" : "log_id < ?");
            args.add(from.get());
        }
        // without a checkpoint, the newest events; from one, onwards in the direction of take
        String order = from.isPresent() && forward ? "log_id asc" : "log_id desc";
        return jdbi.withHandle(h -> bindAll(h.createQuery("select * from log_events" + where + " order by " + order
                + " limit " + Math.abs(take)), args).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public int purgeBefore(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> {
            // oldest first along the ids' index; an id's millisecond is its event's, so the bound on log_id
            // takes in every row before the cutoff
            List<Long> seqs = h.createQuery("select seq from log_events where log_id < :bound and event_date < :cutoff "
                            + "order by log_id limit " + limit)
                    .bind("bound", LogIds.lowest(cutoff.plusMillis(1))).bind("cutoff", SqlTime.of(cutoff)).mapTo(Long.class).list();
            if (seqs.isEmpty()) {
                return 0;
            }
            return h.createUpdate("delete from log_events where seq in (<seqs>)").bindList("seqs", seqs).execute();
        });
    }

    @Override
    public List<Sequenced> after(long afterSeq, Instant storedBy, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select * from log_events where seq > :after and stored_at <= :by "
                        + "order by seq limit " + limit)
                .bind("after", afterSeq).bind("by", SqlTime.of(storedBy))
                .map((rs, ctx) -> new Sequenced(rs.getLong("seq"), map(rs))).list());
    }

    @Override
    public long lastSeq() {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(seq), 0) from log_events").mapTo(Long.class).one());
    }

    @Override
    public Map<LocalDate, Map<String, Long>> countsPerDay(Instant since, List<String> types, Optional<String> organizationId) {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        if (types.isEmpty()) {
            return out;
        }
        String sinceDay = day(since);
        jdbi.useHandle(h -> {
            var q = h.createQuery("select event_day, type, count(*) as n from log_events where event_day >= :since "
                            + "and type in (<types>)" + (organizationId.isPresent() ? " and organization_id = :org" : "")
                            + " group by event_day, type")
                    .bind("since", sinceDay).bindList("types", types);
            organizationId.ifPresent(o -> q.bind("org", o));
            q.map((rs, ctx) -> {
                out.computeIfAbsent(LocalDate.parse(rs.getString("event_day")), d -> new LinkedHashMap<>())
                        .put(rs.getString("type"), rs.getLong("n"));
                return null;
            }).list();
        });
        return out;
    }

    private static String where(LogQuery q, List<Object> args) {
        StringBuilder w = new StringBuilder();
        q.equals().forEach((field, values) -> {
            String column = LogQuery.COLUMNS.get(field);
            if (column == null) {
                throw new IllegalArgumentException("not a log column: " + field);
            }
            w.append(w.length() == 0 ? " where " : " and ");
            if (values.isEmpty()) {
                w.append("1 = 0");
                return;
            }
            w.append(column).append(" in (").append(String.join(", ", java.util.Collections.nCopies(values.size(), "?"))).append(")");
            args.addAll(values);
        });
        // there is no index on the date itself: a date range also bounds the log ids (an id starts with its
        // event's millisecond), which the ids' index serves, and the day, which the (type, event_day) one does
        // (only between 1970 and 9999, where ids and days sort as their instants do)
        q.from().ifPresent(f -> {
            w.append(w.length() == 0 ? " where " : " and ");
            if (sortsAsText(f)) {
                w.append("log_id >= ? and event_day >= ? and ");
                args.add(LogIds.lowest(f));
                args.add(day(f));
            }
            w.append("event_date >= ?");
            args.add(SqlTime.of(f));
        });
        q.to().ifPresent(t -> {
            w.append(w.length() == 0 ? " where " : " and ");
            if (sortsAsText(t)) {
                w.append("log_id < ? and event_day <= ? and ");
                args.add(LogIds.lowest(t.plusMillis(1)));
                args.add(day(t));
            }
            w.append("event_date <= ?");
            args.add(SqlTime.of(t));
        });
        return w.toString();
    }

    /** Whether {@code at}'s log id bound and day sort as text in the order of instants (four-digit years after 1970). */
    private static boolean sortsAsText(Instant at) {
        return !at.isBefore(Instant.EPOCH) && !at.isAfter(LAST_FOUR_DIGIT_YEAR);
    }

    /** The UTC day of {@code at} as {@code event_day} holds it. */
    private static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, List<Object> args) {
        for (int k = 0; k < args.size(); k++) {
            statement.bind(k, args.get(k));
        }
        return statement;
    }

    static LogEvent map(ResultSet rs) throws SQLException {
        String details = rs.getString("details");
        return new LogEvent(rs.getString("log_id"), SqlTime.get(rs, "event_date"), rs.getString("type"),
                rs.getString("description"), rs.getString("client_id"), rs.getString("client_name"), rs.getString("connection"),
                rs.getString("connection_id"), rs.getString("user_id"), rs.getString("user_name"), rs.getString("ip"),
                rs.getString("user_agent"), rs.getString("hostname"), rs.getString("organization_id"),
                rs.getString("organization_name"), rs.getString("audience"), rs.getString("scope"),
                details == null ? Json.object() : Json.parseObject(details));
    }
}
