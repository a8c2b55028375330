package dev.atrium.users;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.users.UserFilter.Match;
import dev.atrium.users.UserFilter.Text;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser of the supported subset of Auth0's v3 user search syntax (the HTTP behaviour: UserSearchApiTest). */
class UserSearchTest {

    @Test
    void readsFieldTermsPrefixesAndOperatorsWithPrecedence() {
        UserFilter f = UserSearch.parse("email:Jane* OR name:\"Jane D*\" AND NOT blocked:true");
        assertThat(f).isInstanceOf(UserFilter.Or.class);
        UserFilter.Or or = (UserFilter.Or) f;
        assertThat(((Match) or.parts().get(0)).value()).isEqualTo("jane");
        assertThat(((Match) or.parts().get(0)).prefix()).isTrue();
        UserFilter.And and = (UserFilter.And) or.parts().get(1);
        assertThat(((Match) and.parts().get(0)).value()).isEqualTo("jane d");
        assertThat(and.parts().get(1)).isInstanceOf(UserFilter.Not.class);
    }

    @Test
    void bareWordsFormOnePhraseAndStarOrBlankMatchesAll() {
        assertThat(UserSearch.parse("Jane  Doe")).isEqualTo(new Text("jane doe", false));
        assertThat(UserSearch.parse("*")).isEqualTo(new UserFilter.All());
        assertThat(UserSearch.parse("  ")).isEqualTo(new UserFilter.All());
        assertThat(UserSearch.parse(null)).isEqualTo(new UserFilter.All());
        assertThat(UserSearch.parse("username:\"a \\\"b\\\"\"")).isInstanceOf(Match.class)
                .extracting(m -> ((Match) m).value()).isEqualTo("a \"b\"");
    }

    @Test
    void rangesOnDatesRunToTheEndOfAnInclusiveDay() {
        UserFilter.Range r = (UserFilter.Range) UserSearch.parse("created_at:[2026-01-01 TO 2026-06-30]");
        assertThat(r.from()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(r.to()).contains(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(r.toInclusive()).isFalse();
        UserFilter.Range open = (UserFilter.Range) UserSearch.parse("logins_count:{5 TO *]");
        assertThat(open.from()).contains(5L);
        assertThat(open.fromInclusive()).isFalse();
        assertThat(open.to()).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatItCannotHonourNamingThePart() {
        assertRefused("email:ja*", "at least 3 characters");
        assertRefused("email:*jane", "only at the end");
        assertRefused("email:j*ne", "only at the end");
        assertRefused("family_name:doe", "'family_name'");
        assertRefused("name:jane~", "'~'");
        assertRefused("name:jane^2", "'^'");
        assertRefused("logins_count:many", "whole number");
        assertRefused("created_at:[yesterday TO *]", "date");
        assertRefused("name:[a TO b]", "Ranges are supported on");
        assertRefused("app_metadata.plan:gol*", "Wildcards are not supported on app_metadata.plan");
        assertRefused("email:\"open", "not closed");
        assertRefused("(email:a@b.c", "parenthesis");
        assertRefused("email:", "no value");
        assertRefused("email:a@b.c)", "Unexpected ')'");
        assertRefused("(".repeat(30) + "a" + ")".repeat(30), "nests");
    }

    private static void assertRefused(String q, String part) {
        assertThatThrownBy(() -> UserSearch.parse(q)).as(q).isInstanceOf(InvalidRequestException.class).hasMessageContaining(part);
    }
}
