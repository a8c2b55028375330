package dev.atrium.users;

import dev.atrium.common.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of Auth0's user search syntax ({@code q} of {@code GET /api/v2/users}, Lucene style)
 * that Atrium understands: terms joined by spaces or {@code AND}, each either
 * {@code field:"value"} / {@code field:value} for an exact match on {@code email}, {@code username},
 * {@code user_id} or {@code identities.connection}, or bare words that match email or name
 * case-insensitively as one phrase. Anything else is refused rather than silently ignored.
 *
 * <p>Specification: Auth0 "User Search Query Syntax".
 */
public record UserSearch(Optional<String> email, Optional<String> username, Optional<String> userId,
                         Optional<String> connection, Optional<String> text) {
    private static final Set<String> FIELDS = Set.of("email", "username", "user_id", "identities.connection");

    public static UserSearch parse(String q) {
        Map<String, String> terms = new LinkedHashMap<>();
        int i = 0;
        int n = q == null ? 0 : q.length();
        while (i < n) {
            if (Character.isWhitespace(q.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            String field = null;
            while (i < n && isFieldChar(q.charAt(i))) {
                i++;
            }
            if (i < n && q.charAt(i) == ':' && i > start) {
                field = q.substring(start, i);
                i++;
            } else {
                i = start;
            }
            StringBuilder value = new StringBuilder();
            i = readValue(q, i, value);
            if (field == null && (value.toString().equals("AND") || value.toString().equals("*"))) {
                continue;
            }
            if (field == null && Set.of("OR", "NOT").contains(value.toString())) {
                throw new InvalidRequestException("q", "Only AND is supported between search terms");
            }
            String key = field == null ? "" : field;
            if (field != null && !FIELDS.contains(field)) {
                throw new InvalidRequestException("q", "Searching by '" + field + "' is not supported; use email, "
                        + "username, user_id, identities.connection or a bare word");
            }
            if (value.isEmpty()) {
                throw new InvalidRequestException("q", "A search term has no value");
            }
            if (field == null && terms.containsKey(key)) {
                // several bare words search as one phrase: the text match takes a single value
                terms.put(key, terms.get(key) + " " + value);
                continue;
            }
            if (terms.containsKey(key)) {
                throw new InvalidRequestException("q", "Each search field may appear once");
            }
            terms.put(key, value.toString());
        }
        return new UserSearch(Optional.ofNullable(terms.get("email")), Optional.ofNullable(terms.get("username")),
                Optional.ofNullable(terms.get("user_id")), Optional.ofNullable(terms.get("identities.connection")),
                Optional.ofNullable(terms.get("")));
    }

    /** Reads a quoted value (with {@code \"} escapes) or a run of non-blank characters; returns the next index. */
    private static int readValue(String q, int i, StringBuilder out) {
        int n = q.length();
        if (i < n && q.charAt(i) == '"') {
            i++;
            while (i < n && q.charAt(i) != '"') {
                if (q.charAt(i) == '\\' && i + 1 < n) {
                    i++;
                }
                out.append(q.charAt(i++));
            }
            if (i >= n) {
                throw new InvalidRequestException("q", "Unterminated quoted value in the search query");
            }
            return i + 1;
        }
        while (i < n && !Character.isWhitespace(q.charAt(i))) {
            out.append(q.charAt(i++));
        }
        return i;
    }

    private static boolean isFieldChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
