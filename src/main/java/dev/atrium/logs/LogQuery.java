package dev.atrium.logs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed log search: equality on columns (each with one or more accepted values), an optional date
 * range, and the order. Only the columns in {@link #COLUMNS} can appear, so the store may name them in SQL.
 */
public record LogQuery(Map<String, List<String>> equals, Optional<Instant> from, Optional<Instant> to, boolean ascending) {
    /** Query field → column. */
    public static final Map<String, String> COLUMNS = Map.of(
            "type", "type", "user_id", "user_id", "client_id", "client_id", "organization_id", "organization_id",
            "connection", "connection", "connection_id", "connection_id", "ip", "ip", "log_id", "log_id",
            "user_name", "user_name", "audience", "audience");

    public LogQuery {
        equals = Map.copyOf(equals);
    }

    public static LogQuery all() {
        return new LogQuery(Map.of(), Optional.empty(), Optional.empty(), false);
    }

    public LogQuery and(String field, String value) {
        var m = new java.util.LinkedHashMap<>(equals);
        m.put(field, List.of(value));
        return new LogQuery(m, from, to, ascending);
    }

    public LogQuery order(boolean asc) {
        return new LogQuery(equals, from, to, asc);
    }
}
