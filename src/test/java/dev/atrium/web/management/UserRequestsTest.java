package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.Json;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link UserRequests}: a checked users body becomes a command once, every accepted property in its place. */
class UserRequestsTest {
    private static final Map<String, Function<UserPatch, Change<String>>> NULLABLE = Map.of(
            "email", UserPatch::email,
            "username", UserPatch::username,
            "given_name", p -> p.profile().givenName(),
            "family_name", p -> p.profile().familyName(),
            "name", p -> p.profile().name(),
            "nickname", p -> p.profile().nickname(),
            "picture", p -> p.profile().picture(),
            "phone_number", p -> p.profile().phoneNumber());

    @Test
    void aCreateBodyMapsEveryProperty() {
        var body = Json.parseObject("""
                {"connection":"db","email":"Ada@Example.com","username":"ada","password":"pw","user_id":"abc",
                 "email_verified":true,"verify_email":true,"blocked":false,"phone_number":"+15550100","phone_verified":true,
                 "given_name":"Ada","family_name":"Lovelace","name":"Ada L","nickname":"al","picture":"https://p.example/a.png",
                 "user_metadata":{"theme":"dark"},"app_metadata":{"plan":{"tier":2}}}""");
        UsersApi.CREATE.validate(body);

        NewUser u = UserRequests.newUser(body);

        assertThat(u.connection()).isEqualTo("db");
        assertThat(u.email()).contains("Ada@Example.com");
        assertThat(u.username()).contains("ada");
        assertThat(u.password()).contains("pw");
        assertThat(u.userId()).contains("abc");
        assertThat(u.emailVerified()).contains(true);
        assertThat(u.blocked()).contains(false);
        assertThat(u.verifyEmail()).isTrue();
        assertThat(u.profile()).isEqualTo(UserProfile.none().withGivenName(Change.to("Ada")).withFamilyName(Change.to("Lovelace"))
                .withName(Change.to("Ada L")).withNickname(Change.to("al")).withPicture(Change.to("https://p.example/a.png"))
                .withPhoneNumber(Change.to("+15550100")).withPhoneVerified(true));
        assertThat(u.userMetadata().map(Json::write)).contains("{\"theme\":\"dark\"}");
        assertThat(u.appMetadata().map(Json::write)).contains("{\"plan\":{\"tier\":2}}");
    }

    @Test
    void aMinimalCreateBodyLeavesTheRestToTheDefaults() {
        NewUser u = UserRequests.newUser(Json.parseObject("{\"connection\":\"db\",\"email\":\"a@b.c\",\"password\":\"pw\"}"));

        assertThat(u).isEqualTo(NewUser.of("db", "a@b.c", "pw"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "email        | \"new@example.com\" | to:new@example.com",
            "email        | null                | clear",
            "username     | \"ada\"             | to:ada",
            "username     | null                | clear",
            "given_name   | \"Ada\"             | to:Ada",
            "given_name   | null                | clear",
            "family_name  | null                | clear",
            "name         | \"Ada L\"           | to:Ada L",
            "nickname     | null                | clear",
            "picture      | \"https://p/x.png\" | to:https://p/x.png",
            "phone_number | null                | clear",
    })
    void aNullablePropertyIsSetOrRemoved(String property, String json, String expected) {
        var body = Json.parseObject("{\"" + property + "\":" + json + "}");
        UsersApi.UPDATE.validate(body);

        UserPatch patch = UserRequests.patch(body);

        Change<String> change = NULLABLE.get(property).apply(patch);
        assertThat(change.present()).isTrue();
        assertThat(change.value().map(v -> "to:" + v).orElse("clear")).isEqualTo(expected);
        NULLABLE.forEach((other, read) -> {
            if (!other.equals(property)) {
                assertThat(read.apply(patch).present()).as(other + " is kept").isFalse();
            }
        });
    }

    @Test
    void anEmptyPatchChangesNothing() {
        assertThat(UserRequests.patch(Json.object()).isEmpty()).isTrue();
    }

    @Test
    void aPatchCarriesTheDirectivesAndTheMetadataToMerge() {
        var body = Json.parseObject("""
                {"password":"new-pw","connection":"db","verify_email":true,"verify_phone_number":true,"client_id":"app1",
                 "blocked":true,"email_verified":false,"phone_verified":true,"user_metadata":{"gone":null,"kept":1}}""");
        UsersApi.UPDATE.validate(body);

        UserPatch patch = UserRequests.patch(body);

        assertThat(patch.password()).contains("new-pw");
        assertThat(patch.connection()).contains("db");
        assertThat(patch.verifyEmail()).isTrue();
        assertThat(patch.clientId()).contains("app1");
        assertThat(patch.blocked()).contains(true);
        assertThat(patch.emailVerified()).contains(false);
        assertThat(patch.profile().phoneVerified()).contains(true);
        assertThat(patch.userMetadata().map(Json::write)).contains("{\"gone\":null,\"kept\":1}");
        assertThat(patch.appMetadata()).isEmpty();
        assertThat(patch.email().present()).isFalse();
    }

    @Test
    void theCommandKeepsItsOwnCopyOfTheMetadata() {
        var body = Json.parseObject("{\"user_metadata\":{\"a\":1}}");
        UserPatch patch = UserRequests.patch(body);

        ((tools.jackson.databind.node.ObjectNode) body.get("user_metadata")).put("a", 2);

        assertThat(patch.userMetadata().map(Json::write)).isEqualTo(Optional.of("{\"a\":1}"));
    }
}
