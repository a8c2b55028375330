package dev.atrium.migration;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ImportedUsers}: Auth0's import objects typed once, then mapped to the user commands. */
class ImportedUsersTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"email\":\"a@b.c\",\"email_verified\":\"true\"} | email_verified | Expected type boolean but found type string",
            "{\"email\":\"a@b.c\",\"blocked\":1}               | blocked        | Expected type boolean but found type integer",
            "{\"email\":\"a@b.c\",\"given_name\":[\"A\"]}      | given_name     | Expected type string but found type array",
            "{\"email\":\"a@b.c\",\"user_id\":42}              | user_id        | Expected type string but found type integer",
            "{\"email\":\"a@b.c\",\"app_metadata\":\"x\"}      | app_metadata   | Expected type object but found type string",
            "{\"email\":\"a@b.c\",\"user_metadata\":1.5}       | user_metadata  | Expected type object but found type number",
    })
    void aMistypedPropertyFailsTheUser(String json, String path, String message) {
        var error = Json.MAPPER.readTree(ImportedUsers.typeProblem(Json.parseObject(json))).get(0);

        assertThat(error.get("code").asString()).isEqualTo("INVALID_TYPE");
        assertThat(error.get("path").asString()).isEqualTo(path);
        assertThat(error.get("message").asString()).isEqualTo(message);
    }

    @Test
    void wellTypedUsersAndNullsPass() {
        assertThat(ImportedUsers.typeProblem(Json.parseObject("{\"email\":\"a@b.c\",\"given_name\":null,\"blocked\":false,"
                + "\"app_metadata\":{\"x\":[1]},\"password_hash\":\"ignored here\",\"mfa_factors\":[]}"))).isNull();
    }

    @Test
    void aNewUserTakesTheStoredPropertiesAndLeavesNullsOut() {
        var u = Json.parseObject("{\"email\":\"Ada@Example.com\",\"email_verified\":true,\"username\":\"ada\",\"given_name\":\"Ada\","
                + "\"family_name\":null,\"blocked\":true,\"app_metadata\":{\"plan\":\"pro\"},\"user_metadata\":null}");

        NewUser user = ImportedUsers.newUser(u, "db", Optional.of("u42"));

        assertThat(user).isEqualTo(NewUser.in("db").withEmail("Ada@Example.com").withUsername("ada").withUserId("u42")
                .withEmailVerified(true).withBlocked(true).withAppMetadata(Json.parseObject("{\"plan\":\"pro\"}"))
                .withProfile(UserProfile.none().withGivenName(Change.to("Ada"))));
    }

    @Test
    void anUpsertChangesOnlyWhatAuth0LetsItAndANullRemovesAProfileProperty() {
        var u = Json.parseObject("{\"email\":\"ada@example.com\",\"username\":\"ignored\",\"blocked\":true,\"email_verified\":false,"
                + "\"name\":null,\"nickname\":\"al\",\"user_metadata\":{\"k\":null}}");

        UserPatch patch = ImportedUsers.upsert(u);

        assertThat(patch).isEqualTo(UserPatch.none().withEmailVerified(false).withUserMetadata(Json.parseObject("{\"k\":null}"))
                .withProfile(UserProfile.none().withName(Change.clear()).withNickname(Change.to("al"))));
        assertThat(ImportedUsers.upsert(Json.parseObject("{\"email\":\"ada@example.com\",\"blocked\":true}")).isEmpty()).isTrue();
    }
}
