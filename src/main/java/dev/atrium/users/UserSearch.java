package dev.atrium.users;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.users.UserFilter.SearchField;
import dev.atrium.users.UserFilter.SearchField.Kind;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Auth0's v3 user search syntax ({@code q} of {@code GET /api/v2/users}, Lucene style)
 * that people type, parsed into a {@link UserFilter}:
 * <ul>
 *   <li>{@code field:value} and {@code field:"quoted value"} for an exact match, {@code field:jan*} /
 *       {@code field:"Jane D*"} for a prefix (at least 3 characters before the trailing {@code *});</li>
 *   <li>fields {@code email}, {@code name}, {@code nickname}, {@code username} (case-insensitive),
 *       {@code user_id}, {@code identities.connection}, {@code logins_count}, {@code created_at},
 *       {@code updated_at}, {@code last_login}, {@code blocked}, and {@code app_metadata.<path>} /
 *       {@code user_metadata.<path>} (exact values only);</li>
 *   <li>ranges {@code [a TO b]} (inclusive) and {@code {a TO b}} (exclusive) with {@code *} for an
 *       open end, on counts and dates ({@code 2026-01-01} or an ISO-8601 instant);</li>
 *   <li>{@code AND}, {@code OR}, {@code NOT} (and {@code -term}), parentheses; terms next to each
 *       other are joined by AND, except bare words next to each other, which form one phrase;</li>
 *   <li>a bare term searches name, email and nickname; {@code *} alone matches everyone.</li>
 * </ul>
 * Anything else is refused with a message naming the part that is not supported, never ignored.
 *
 * <p>Specification: Auth0 "User Search Query Syntax" (search engine v3).
 */
public final class UserSearch {
    static final int MAX_LENGTH = 2000;
    private static final int MAX_DEPTH = 20;
    private static final Map<String, SearchField> FIELDS = Map.ofEntries(
            Map.entry("email", SearchField.of("email", Kind.TEXT)),
            Map.entry("name", SearchField.of("name", Kind.TEXT)),
            Map.entry("nickname", SearchField.of("nickname", Kind.TEXT)),
            Map.entry("username", SearchField.of("username", Kind.TEXT)),
            Map.entry("user_id", SearchField.of("user_id", Kind.EXACT)),
            Map.entry("identities.connection", SearchField.of("identities.connection", Kind.CONNECTION)),
            Map.entry("logins_count", SearchField.of("logins_count", Kind.COUNT)),
            Map.entry("created_at", SearchField.of("created_at", Kind.DATE)),
            Map.entry("updated_at", SearchField.of("updated_at", Kind.DATE)),
            Map.entry("last_login", SearchField.of("last_login", Kind.DATE)),
            Map.entry("blocked", SearchField.of("blocked", Kind.BOOLEAN)));

    private final String q;
    private int i;
    private int depth;

    private UserSearch(String q) {
        this.q = q;
    }

    public static UserFilter parse(String q) {
        if (q == null || q.isBlank() || q.trim().equals("*")) {
            return new UserFilter.All();
        }
        if (q.length() > MAX_LENGTH) {
            throw refuse("The search query is longer than " + MAX_LENGTH + " characters");
        }
        UserSearch p = new UserSearch(q);
        UserFilter f = p.or();
        p.skipSpace();
        if (p.i < q.length()) {
            throw refuse("Unexpected '" + q.charAt(p.i) + "' at position " + (p.i + 1) + " of the search query");
        }
        return f;
    }

    private static InvalidRequestException refuse(String message) {
        return new InvalidRequestException("q", message);
    }

    private UserFilter or() {
        List<UserFilter> parts = new ArrayList<>(List.of(and()));
        while (keyword("OR") || symbol("||")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new UserFilter.Or(parts);
    }

    private UserFilter and() {
        List<UserFilter> parts = new ArrayList<>(List.of(unary()));
        while (true) {
            if (keyword("AND") || symbol("&&")) {
                parts.add(unary());
                continue;
            }
            skipSpace();
            if (i >= q.length() || q.charAt(i) == ')' || peekKeyword("OR") || q.startsWith("||", i)) {
                break;
            }
            UserFilter next = unary();
            UserFilter last = parts.get(parts.size() - 1);
            if (last instanceof UserFilter.Text a && next instanceof UserFilter.Text b && !a.prefix()) {
                // bare words next to each other are one phrase, as the dashboard's search box sends them
                parts.set(parts.size() - 1, new UserFilter.Text(a.value() + " " + b.value(), b.prefix()));
            } else {
                parts.add(next);
            }
        }
        return parts.size() == 1 ? parts.get(0) : new UserFilter.And(parts);
    }

    private UserFilter unary() {
        if (keyword("NOT") || symbol("!") || symbol("-")) {
            return new UserFilter.Not(unary());
        }
        skipSpace();
        if (i < q.length() && q.charAt(i) == '(') {
            if (++depth > MAX_DEPTH) {
                throw refuse("The search query nests parentheses more than " + MAX_DEPTH + " deep");
            }
            i++;
            UserFilter inner = or();
            skipSpace();
            if (i >= q.length() || q.charAt(i) != ')') {
                throw refuse("A parenthesis of the search query is not closed");
            }
            i++;
            depth--;
            return inner;
        }
        return term();
    }

    private UserFilter term() {
        skipSpace();
        if (i >= q.length()) {
            throw refuse("The search query ends where a term was expected");
        }
        int start = i;
        while (i < q.length() && isFieldChar(q.charAt(i))) {
            i++;
        }
        if (i < q.length() && q.charAt(i) == ':' && i > start) {
            String name = q.substring(start, i);
            i++;
            return fieldTerm(name);
        }
        i = start;
        if (q.charAt(i) == '[' || q.charAt(i) == '{') {
            throw refuse("A range needs a field, e.g. logins_count:[5 TO *]");
        }
        Value v = value();
        if (v.text().equals("*") && !v.quoted()) {
            return new UserFilter.All();
        }
        return new UserFilter.Text(v.text().toLowerCase(Locale.ROOT), v.prefix());
    }

    private UserFilter fieldTerm(String name) {
        SearchField field = field(name);
        skipSpace();
        if (i < q.length() && (q.charAt(i) == '[' || q.charAt(i) == '{')) {
            return range(field);
        }
        if (i < q.length() && q.charAt(i) == '(') {
            throw refuse("Grouping values under one field (" + name + ":(...)) is not supported; repeat the field");
        }
        Value v = value();
        if (v.text().isEmpty()) {
            throw refuse("The search term " + name + ": has no value");
        }
        if (v.prefix() && field.kind() != Kind.TEXT && field.kind() != Kind.EXACT && field.kind() != Kind.CONNECTION) {
            throw refuse("Wildcards are not supported on " + name + "; use an exact value" + (isRanged(field) ? " or a range" : ""));
        }
        return switch (field.kind()) {
            case TEXT -> new UserFilter.Match(field, v.text().toLowerCase(Locale.ROOT), v.prefix());
            case EXACT, CONNECTION, METADATA -> new UserFilter.Match(field, v.text(), v.prefix());
            case COUNT -> new UserFilter.Match(field, Long.toString(count(name, v.text())), false);
            case BOOLEAN -> {
                if (!v.text().equals("true") && !v.text().equals("false")) {
                    throw refuse(name + " takes true or false, not '" + v.text() + "'");
                }
                yield new UserFilter.Match(field, v.text(), false);
            }
            case DATE -> {
                // an exact day is the whole UTC day; an exact instant is that instant
                Instant from = date(name, v.text(), false);
                Instant to = isDay(v.text()) ? from.plusSeconds(86_400) : from;
                yield isDay(v.text())
                        ? new UserFilter.Range(field, Optional.of(from), true, Optional.of(to), false)
                        : new UserFilter.Range(field, Optional.of(from), true, Optional.of(to), true);
            }
        };
    }

    private static boolean isRanged(SearchField f) {
        return f.kind() == Kind.COUNT || f.kind() == Kind.DATE;
    }

    private static SearchField field(String name) {
        SearchField f = FIELDS.get(name);
        if (f != null) {
            return f;
        }
        for (String meta : List.of("app_metadata", "user_metadata")) {
            if (name.startsWith(meta + ".") && name.length() > meta.length() + 1) {
                String path = name.substring(meta.length() + 1);
                if (path.length() > 255 || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                    throw refuse("The metadata path of '" + name + "' is not supported");
                }
                return new SearchField(name, Kind.METADATA, Optional.of(meta), path);
            }
        }
        throw refuse("Searching by '" + name + "' is not supported; use email, name, nickname, username, user_id, "
                + "identities.connection, logins_count, created_at, updated_at, last_login, blocked, "
                + "app_metadata.*, user_metadata.* or a bare term");
    }

    private UserFilter range(SearchField field) {
        if (!isRanged(field)) {
            throw refuse("Ranges are supported on logins_count, created_at, updated_at and last_login, not on " + field.name());
        }
        boolean fromInclusive = q.charAt(i++) == '[';
        String from = rangeWord();
        if (!keyword("TO")) {
            throw refuse("A range of " + field.name() + " must read [from TO to]");
        }
        String to = rangeWord();
        skipSpace();
        if (i >= q.length() || (q.charAt(i) != ']' && q.charAt(i) != '}')) {
            throw refuse("A range of " + field.name() + " is not closed with ] or }");
        }
        boolean toInclusive = q.charAt(i++) == ']';
        Optional<Object> lo = bound(field, from, false);
        Optional<Object> hi = bound(field, to, toInclusive && field.kind() == Kind.DATE && isDay(to));
        if (hi.isPresent() && field.kind() == Kind.DATE && isDay(to) && toInclusive) {
            // an inclusive end day runs to the end of that day
            toInclusive = false;
        }
        return new UserFilter.Range(field, lo, fromInclusive, hi, toInclusive);
    }

    private Optional<Object> bound(SearchField field, String word, boolean endOfDay) {
        if (word.equals("*")) {
            return Optional.empty();
        }
        if (field.kind() == Kind.COUNT) {
            return Optional.of(count(field.name(), word));
        }
        return Optional.of(date(field.name(), word, endOfDay));
    }

    private String rangeWord() {
        skipSpace();
        int start = i;
        while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != ']' && q.charAt(i) != '}') {
            i++;
        }
        if (start == i) {
            throw refuse("A range bound is missing");
        }
        return q.substring(start, i);
    }

    private static long count(String name, String text) {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw refuse(name + " takes a whole number, not '" + text + "'");
    }

    private static boolean isDay(String text) {
        return text.length() == 10;
    }

    private static Instant date(String name, String text, boolean endOfDay) {
        try {
            if (isDay(text)) {
                Instant day = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                return endOfDay ? day.plusSeconds(86_400) : day;
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw refuse(name + " takes a date (2026-01-31) or an ISO-8601 date-time, not '" + text + "'");
        }
    }

    /** A value as typed: its text without quotes and trailing {@code *}, and whether it was a prefix. */
    private record Value(String text, boolean prefix, boolean quoted) {
    }

    private Value value() {
        StringBuilder out = new StringBuilder();
        boolean quoted = i < q.length() && q.charAt(i) == '"';
        if (quoted) {
            i++;
            while (i < q.length() && q.charAt(i) != '"') {
                if (q.charAt(i) == '\\' && i + 1 < q.length()) {
                    i++;
                }
                out.append(q.charAt(i++));
            }
            if (i >= q.length()) {
                throw refuse("A quoted value of the search query is not closed");
            }
            i++;
        } else {
            while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != ')' && q.charAt(i) != '(') {
                char c = q.charAt(i);
                if (c == '\\' && i + 1 < q.length()) {
                    out.append(q.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if ("~^/?[]{}\"".indexOf(c) >= 0) {
                    throw refuse("'" + c + "' (fuzzy, boost, regular expression, single-character wildcard or range "
                            + "syntax) is not supported in '" + q.substring(Math.max(0, i - 20), Math.min(q.length(), i + 1)) + "'");
                }
                out.append(c);
                i++;
            }
        }
        String text = out.toString();
        if (!quoted && text.equals("*")) {
            return new Value("*", false, false);
        }
        boolean prefix = text.endsWith("*");
        String stem = prefix ? text.substring(0, text.length() - 1) : text;
        if (stem.indexOf('*') >= 0 || stem.indexOf('?') >= 0 && !quoted) {
            throw refuse("Wildcards are supported only at the end of a term: '" + text + "'");
        }
        if (prefix && stem.codePointCount(0, stem.length()) < 3) {
            throw refuse("A wildcard needs at least 3 characters before the *: '" + text + "'");
        }
        return new Value(stem, prefix, quoted);
    }

    private boolean keyword(String word) {
        skipSpace();
        if (peekKeyword(word)) {
            i += word.length();
            return true;
        }
        return false;
    }

    private boolean peekKeyword(String word) {
        return q.startsWith(word, i) && (i + word.length() == q.length() || Character.isWhitespace(q.charAt(i + word.length()))
                || q.charAt(i + word.length()) == '(');
    }

    private boolean symbol(String s) {
        skipSpace();
        if (q.startsWith(s, i) && i + s.length() < q.length() && !Character.isWhitespace(q.charAt(i + s.length()))
                || q.startsWith(s, i) && s.length() == 2) {
            i += s.length();
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (i < q.length() && Character.isWhitespace(q.charAt(i))) {
            i++;
        }
    }

    private static boolean isFieldChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
