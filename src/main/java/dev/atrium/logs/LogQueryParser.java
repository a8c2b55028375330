package dev.atrium.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subset of Auth0's log search syntax (Lucene) that Atrium answers: terms joined by {@code AND} or
 * spaces, each {@code field:value}, {@code field:"quoted value"} or {@code field:("a" OR "b")}, on the
 * fields of {@link LogQuery#COLUMNS}, and {@code date:[A TO B]} where A and B are dates, instants or
 * {@code *} ({@code {A TO B}} excludes the ends). Anything else is refused with a message, never guessed.
 */
public final class LogQueryParser {
    /** A query outside the subset; the message says what was not understood. */
    public static final class InvalidQuery extends RuntimeException {
        public InvalidQuery(String message) {
            super(message);
        }
    }

    private final String s;
    private int i;

    private LogQueryParser(String s) {
        this.s = s;
    }

    public static LogQuery parse(String q, boolean ascending) {
        if (q == null || q.isBlank()) {
            return LogQuery.all().order(ascending);
        }
        if (q.length() > 2000) {
            throw new InvalidQuery("The query is longer than 2000 characters.");
        }
        return new LogQueryParser(q.trim()).run(ascending);
    }

    private LogQuery run(boolean ascending) {
        Map<String, List<String>> eq = new LinkedHashMap<>();
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        boolean first = true;
        while (true) {
            skipSpace();
            if (i >= s.length()) {
                break;
            }
            if (!first && s.startsWith("AND", i) && i + 3 < s.length() && s.charAt(i + 3) == ' ') {
                i += 3;
                skipSpace();
            }
            first = false;
            String field = word();
            expect(':');
            if (field.equals("date")) {
                char open = s.charAt(i);
                if (open != '[' && open != '{') {
                    throw new InvalidQuery("date takes a range: date:[A TO B].");
                }
                i++;
                String a = until(' ');
                skipSpace();
                if (!s.startsWith("TO", i)) {
                    throw new InvalidQuery("Expected TO in the date range.");
                }
                i += 2;
                skipSpace();
                int end = indexOfAny("]}");
                String b = s.substring(i, end).trim();
                boolean exclusive = s.charAt(end) == '}';
                i = end + 1;
                from = a.equals("*") ? Optional.empty() : Optional.of(instant(a, false).plusMillis(open == '{' ? 1 : 0));
                to = b.equals("*") ? Optional.empty() : Optional.of(instant(b, true).minusMillis(exclusive ? 1 : 0));
                continue;
            }
            if (!LogQuery.COLUMNS.containsKey(field)) {
                throw new InvalidQuery("Unknown field '" + field + "'; searchable fields are date, "
                        + String.join(", ", new java.util.TreeSet<>(LogQuery.COLUMNS.keySet())) + ".");
            }
            List<String> values = new ArrayList<>();
            if (i < s.length() && s.charAt(i) == '(') {
                i++;
                while (true) {
                    skipSpace();
                    values.add(value());
                    skipSpace();
                    if (i < s.length() && s.charAt(i) == ')') {
                        i++;
                        break;
                    }
                    if (!s.startsWith("OR", i)) {
                        throw new InvalidQuery("Expected OR or ) in the list of values of " + field + ".");
                    }
                    i += 2;
                }
            } else {
                values.add(value());
            }
            eq.merge(field, values, (x, y) -> x.stream().filter(y::contains).toList());
        }
        return new LogQuery(eq, from, to, ascending);
    }

    private String value() {
        if (i < s.length() && s.charAt(i) == '"') {
            int end = s.indexOf('"', i + 1);
            if (end < 0) {
                throw new InvalidQuery("Unterminated quoted value.");
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }
        int start = i;
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != ')') {
            i++;
        }
        if (start == i) {
            throw new InvalidQuery("Expected a value at position " + start + ".");
        }
        String v = s.substring(start, i);
        if (v.contains("*")) {
            throw new InvalidQuery("Wildcards are not supported in log searches.");
        }
        return v;
    }

    private String word() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (start == i) {
            throw new InvalidQuery("Expected field:value at position " + start + ".");
        }
        return s.substring(start, i);
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw new InvalidQuery("Expected '" + c + "' at position " + i + ".");
        }
        i++;
    }

    private String until(char c) {
        int start = i;
        while (i < s.length() && s.charAt(i) != c) {
            i++;
        }
        return s.substring(start, i);
    }

    private int indexOfAny(String chars) {
        for (int k = i; k < s.length(); k++) {
            if (chars.indexOf(s.charAt(k)) >= 0) {
                return k;
            }
        }
        throw new InvalidQuery("Unterminated date range.");
    }

    private void skipSpace() {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
    }

    /** A date (the whole day: its start, or for an upper bound its last millisecond) or an ISO instant. */
    static Instant instant(String v, boolean upper) {
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return upper ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                throw new InvalidQuery("Not a date: '" + v + "' (use 2026-01-31 or 2026-01-31T10:00:00Z).");
            }
        }
    }
}
