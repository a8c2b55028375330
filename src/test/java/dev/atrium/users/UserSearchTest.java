package dev.atrium.users;

import dev.atrium.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The supported subset of Auth0's user search syntax. */
class UserSearchTest {

    @Test
    void readsQuotedAndBareFieldTermsJoinedByAnd() {
        UserSearch s = UserSearch.parse("email:\"Jo@Example.com\" AND identities.connection:\"db-1\" user_id:auth0|abc");
        assertThat(s.email()).contains("Jo@Example.com");
        assertThat(s.connection()).contains("db-1");
        assertThat(s.userId()).contains("auth0|abc");
        assertThat(s.username()).isEmpty();
        assertThat(s.text()).isEmpty();
    }

    @Test
    void bareWordIsTextAndStarOrEmptyMatchesAll() {
        assertThat(UserSearch.parse("jo@exa").text()).contains("jo@exa");
        assertThat(UserSearch.parse("Jane  AND Doe email:j@x").text()).contains("Jane Doe");
        assertThat(UserSearch.parse("username:\"a \\\"b\\\"\"").username()).contains("a \"b\"");
        assertThat(UserSearch.parse("*")).isEqualTo(UserSearch.parse(null));
        assertThat(UserSearch.parse("  ").text()).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertThatThrownBy(() -> UserSearch.parse("logins_count:3")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserSearch.parse("email:\"a\" OR email:\"b\"")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserSearch.parse("email:\"open")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserSearch.parse("email:a email:b")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserSearch.parse("email:")).isInstanceOf(InvalidRequestException.class);
    }
}
