package dev.atrium.users;

import java.util.List;
import java.util.Optional;

/**
 * A parsed user search ({@link UserSearch#parse}): a tree of conditions that storage turns into one
 * parameterized SQL condition. Values stay values (never SQL); the fields are a closed set.
 */
public sealed interface UserFilter {
    /** Every user. */
    record All() implements UserFilter {
    }

    record And(List<UserFilter> parts) implements UserFilter {
        public And {
            parts = List.copyOf(parts);
        }
    }

    record Or(List<UserFilter> parts) implements UserFilter {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    record Not(UserFilter inner) implements UserFilter {
    }

    /**
     * {@code field:value}, or {@code field:value*} when {@code prefix}. For {@link SearchField.Kind#TEXT}
     * fields {@code value} is lower-cased; for counts it is an integer; for booleans {@code true}/{@code false}.
     */
    record Match(SearchField field, String value, boolean prefix) implements UserFilter {
    }

    /**
     * {@code field:[from TO to]}: bounds are {@link Long}s for counts and {@link java.time.Instant}s
     * for dates, either open ({@code *}); {@code to} is exclusive when {@code toInclusive} is false.
     */
    record Range(SearchField field, Optional<Object> from, boolean fromInclusive, Optional<Object> to, boolean toInclusive)
            implements UserFilter {
    }

    /** A bare term: contained in the name, email or nickname (case-insensitive), or starting one when {@code prefix}. */
    record Text(String value, boolean prefix) implements UserFilter {
    }

    /** A searchable field; {@code metadata} is {@code app_metadata} or {@code user_metadata} with {@code path} below it. */
    record SearchField(String name, Kind kind, Optional<String> metadata, String path) {
        public enum Kind { TEXT, EXACT, CONNECTION, COUNT, DATE, BOOLEAN, METADATA }

        static SearchField of(String name, Kind kind) {
            return new SearchField(name, kind, Optional.empty(), name);
        }
    }
}
