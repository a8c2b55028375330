package dev.atrium.storage;

import dev.atrium.users.UserFilter;
import dev.atrium.users.UserFilter.SearchField;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link UserFilter} as one SQL condition over {@code users}, for H2 and PostgreSQL. Every value
 * is a bound parameter ({@code :q0}, {@code :q1}, …); the SQL text comes only from the fixed column
 * expressions below, chosen by the field. Text fields compare {@code lower(column)} (email is stored
 * lower-cased), and a prefix is a {@code like 'stem%'} with the stem's own {@code % _ !} escaped, so
 * PostgreSQL's {@code text_pattern_ops} indexes (V262) serve both exact and prefix terms.
 */
final class UserSearchSql {
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("email", "email"), Map.entry("name", "lower(name)"), Map.entry("nickname", "lower(nickname)"),
            Map.entry("username", "lower(username)"), Map.entry("user_id", "user_id"),
            Map.entry("logins_count", "logins_count"), Map.entry("created_at", "created_at"),
            Map.entry("updated_at", "updated_at"), Map.entry("last_login", "last_login"), Map.entry("blocked", "blocked"));

    private final Map<String, Object> values;

    private UserSearchSql(Map<String, Object> values) {
        this.values = values;
    }

    /** The condition for {@code filter}; its values are added to {@code values}. */
    static String condition(UserFilter filter, Map<String, Object> values) {
        return new UserSearchSql(values).sql(filter);
    }

    private String bind(Object value) {
        String name = "q" + values.size();
        values.put(name, value);
        return ":" + name;
    }

    private String sql(UserFilter f) {
        if (f instanceof UserFilter.And a) {
            return join(a.parts(), " and ");
        }
        if (f instanceof UserFilter.Or o) {
            return join(o.parts(), " or ");
        }
        if (f instanceof UserFilter.Not n) {
            // a missing value is "not matching", so NOT finds the users without it too
            return "not coalesce((" + sql(n.inner()) + "), false)";
        }
        if (f instanceof UserFilter.Text t) {
            return text(t);
        }
        if (f instanceof UserFilter.Match m) {
            return match(m);
        }
        if (f instanceof UserFilter.Range r) {
            return range(r);
        }
        return "1 = 1";
    }

    private String join(List<UserFilter> parts, String op) {
        List<String> out = new ArrayList<>();
        for (UserFilter p : parts) {
            out.add("(" + sql(p) + ")");
        }
        return String.join(op, out);
    }

    private String text(UserFilter.Text t) {
        String p = bind(t.prefix() ? like(t.value()) + "%" : "%" + like(t.value()) + "%");
        return "email like " + p + " escape '!' or lower(name) like " + p + " escape '!' or lower(nickname) like " + p + " escape '!'";
    }

    private String match(UserFilter.Match m) {
        SearchField field = m.field();
        return switch (field.kind()) {
            case TEXT, EXACT -> compare(COLUMNS.get(field.name()), m.value(), m.prefix());
            case CONNECTION -> "connection_id in (select id from connections where "
                    + compare("name", m.value(), m.prefix()) + ")";
            case COUNT -> COLUMNS.get(field.name()) + " = " + bind(Long.parseLong(m.value()));
            case BOOLEAN -> COLUMNS.get(field.name()) + " = " + bind(Boolean.parseBoolean(m.value()));
            case METADATA -> "exists (select 1 from user_search_metadata m where m.user_id = users.user_id and m.kind = "
                    + bind(field.metadata().orElseThrow()) + " and m.path = " + bind(field.path()) + " and m.meta_value = "
                    + bind(m.value()) + ")";
            case DATE -> throw new IllegalArgumentException("a date is searched as a range");
        };
    }

    private String compare(String column, String value, boolean prefix) {
        return prefix ? column + " like " + bind(like(value) + "%") + " escape '!'" : column + " = " + bind(value);
    }

    private String range(UserFilter.Range r) {
        String column = COLUMNS.get(r.field().name());
        List<String> out = new ArrayList<>();
        r.from().ifPresent(v -> out.add(column + (r.fromInclusive() ? " >= " : " > ") + bind(sqlValue(v))));
        r.to().ifPresent(v -> out.add(column + (r.toInclusive() ? " <= " : " < ") + bind(sqlValue(v))));
        return out.isEmpty() ? column + " is not null" : String.join(" and ", out);
    }

    private static Object sqlValue(Object v) {
        return v instanceof Instant i ? SqlTime.of(i) : v;
    }

    /** '!' escapes the wildcards because JDBI's statement parser reads a backslash before a quote as an escape. */
    private static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
