package dev.atrium.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Instants in and out of {@code timestamp with time zone} columns, always UTC. */
final class SqlTime {
    private SqlTime() {
    }

    static OffsetDateTime of(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant get(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Optional<Instant> opt(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(get(rs, column));
    }
}
