package dev.atrium.connections;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.KeptFields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connection commands' own rules, and database options read and written back unchanged, without a database. */
class ConnectionCommandsTest {

    @Test
    void connectionNamesAreLettersDigitsAndInnerDashesUpTo128() {
        for (String ok : List.of("a", "Username-Password-Authentication", "a1-b2", "x".repeat(128))) {
            assertThat(NewConnection.of(ok, Connection.DATABASE).name()).isEqualTo(ok);
        }
        for (String bad : new String[]{null, "", "-a", "a-", "has space", "a_b", "x".repeat(129)}) {
            assertThatThrownBy(() -> NewConnection.of(bad, Connection.DATABASE)).as(String.valueOf(bad))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("name must start and end with a letter or digit and hold only letters, digits and '-' "
                            + "(at most 128 characters)");
        }
    }

    @Test
    void optionsMustBeOfTheConnectionsStrategy() {
        ConnectionChange database = ConnectionChange.none().withOptions(DatabaseOptions.none());
        assertThat(NewConnection.of("db", Connection.DATABASE).with(database).strategy()).isEqualTo("auth0");
        assertThatThrownBy(() -> NewConnection.of("x", Connection.OIDC).with(database)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NewConnection.of("x", "google-oauth2").with(database)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConnectionOptions.none("google-oauth2")).isInstanceOf(OtherOptions.class);
        assertThat(ConnectionOptions.fits(Connection.SAMLP, ConnectionOptions.none(Connection.SAMLP))).isTrue();
    }

    @Test
    void metadataHoldsAtMostTenShortStrings() {
        Map<String, String> ten = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("k" + i, "v");
        }
        assertThat(ConnectionChange.none().withMetadata(Change.to(ten)).metadata().value().orElseThrow()).hasSize(10);
        Map<String, String> eleven = new java.util.LinkedHashMap<>(ten);
        eleven.put("k10", "v");
        assertThatThrownBy(() -> ConnectionChange.none().withMetadata(Change.to(eleven)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("metadata holds at most 10 string properties");
        assertThatThrownBy(() -> ConnectionChange.none().withMetadata(Change.to(Map.of("k", "v".repeat(256)))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("metadata values are strings of at most 255 characters");
        assertThatThrownBy(() -> ConnectionChange.none().withMetadata(Change.to(Map.of("k".repeat(256), "v"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(ConnectionChange.none().withMetadata(Change.clear()).metadata().present()).isTrue();
    }

    @Test
    void theKeptPropertiesNeverHoldATypedOne() {
        assertThatThrownBy(() -> ConnectionChange.none().withOthers(KeptFields.of(Json.parseObject("{\"realms\":[]}"), Set.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NewConnection.of("x", Connection.DATABASE).with(ConnectionChange.none()
                .withOthers(KeptFields.of(Json.parseObject("{\"strategy\":\"oidc\"}"), Set.of()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseOptionsAreTypedWhereAtriumActsAndTheRestComesBackUnchanged() {
        var sent = Json.parseObject("{\"passwordPolicy\":\"fair\",\"requires_username\":true,\"brute_force_protection\":false,"
                + "\"mfa\":{\"active\":true,\"return_enroll_settings\":true},\"validation\":{\"username\":{\"min\":3,\"max\":20}},"
                + "\"disable_signup\":\"soon\",\"strategy_version\":2}");
        DatabaseOptions o = (DatabaseOptions) ConnectionOptions.parse(Connection.DATABASE, sent);
        assertThat(o.passwordPolicy()).contains(PasswordPolicy.FAIR);
        assertThat(o.requiresUsername()).contains(true);
        assertThat(o.bruteForceProtection()).contains(false);
        // not a boolean: kept as sent, and read as the default, as before
        assertThat(o.disableSignup()).isEmpty();
        assertThat(o.others().names()).containsExactlyInAnyOrder("mfa", "validation", "disable_signup", "strategy_version");
        assertThat(o.document()).isEqualTo(sent);
        DatabaseOptions changed = o.withDisableSignup(true).withPasswordPolicy(PasswordPolicy.EXCELLENT);
        assertThat(changed.others().has("disable_signup")).isFalse();
        assertThat(changed.document().get("disable_signup").asBoolean()).isTrue();
        assertThat(changed.document().get("mfa")).isEqualTo(sent.get("mfa"));
    }

    @Test
    void everyStrategysOptionsNameAKnownPasswordPolicyAndABooleanRequiresUsername() {
        for (String strategy : List.of(Connection.DATABASE, "google-oauth2", Connection.OIDC, Connection.SAMLP)) {
            assertThatThrownBy(() -> ConnectionOptions.parse(strategy, Json.parseObject("{\"passwordPolicy\":\"strong\"}")))
                    .as(strategy).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("options.passwordPolicy must be none, low, fair, good or excellent");
            assertThatThrownBy(() -> ConnectionOptions.parse(strategy, Json.parseObject("{\"passwordPolicy\":null}")))
                    .as(strategy).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> ConnectionOptions.parse(strategy, Json.parseObject("{\"requires_username\":\"yes\"}")))
                    .as(strategy).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("options.requires_username must be a boolean");
        }
        var social = Json.parseObject("{\"passwordPolicy\":\"low\",\"scope\":[\"email\"],\"client_id\":\"g\"}");
        OtherOptions o = (OtherOptions) ConnectionOptions.parse("google-oauth2", social);
        var written = Json.object();
        o.others().writeTo(written);
        assertThat(written).isEqualTo(social);
    }

    @Test
    void domainAliasesAreDomainNamesLowerCased() {
        assertThat(OptionValues.domains(List.of("Example.COM", "a.b.example.org"))).containsExactly("example.com", "a.b.example.org");
        for (String bad : List.of("example", "-x.example.com", "exa mple.com", "x@example.com")) {
            assertThatThrownBy(() -> OptionValues.domains(List.of(bad))).as(bad).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("options.domain_aliases holds domain names such as example.com");
        }
        assertThatThrownBy(() -> OptionValues.domains(java.util.Collections.nCopies(101, "example.com")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void keptFieldsAreCopiesAndAChangeRemovesANull() {
        var source = Json.parseObject("{\"a\":{\"b\":1},\"c\":null,\"d\":\"x\"}");
        KeptFields k = KeptFields.of(source, Set.of("d"));
        ((tools.jackson.databind.node.ObjectNode) source.get("a")).put("b", 2);
        var doc = Json.parseObject("{\"c\":true,\"e\":1}");
        k.patch(doc);
        assertThat(doc).isEqualTo(Json.parseObject("{\"e\":1,\"a\":{\"b\":1}}"));
        var created = Json.object();
        k.writeTo(created);
        assertThat(created).isEqualTo(Json.parseObject("{\"a\":{\"b\":1},\"c\":null}"));
        assertThat(k.without("a", "c").isEmpty()).isTrue();
        assertThat(KeptFields.of(Json.parseObject("{}"), Set.of())).isEqualTo(KeptFields.none());
    }

    @Test
    void aStoredDatabaseConnectionReadsBackAsItsOptions() {
        var doc = Json.parseObject("{\"name\":\"db\",\"strategy\":\"auth0\",\"options\":{\"passwordPolicy\":\"good\",\"x\":1}}");
        ConnectionOptions settings = new Connection("con_1", doc).settings();
        assertThat(settings).isEqualTo(new DatabaseOptions(Optional.of(PasswordPolicy.GOOD), Optional.empty(), Optional.empty(),
                Optional.empty(), KeptFields.of(Json.parseObject("{\"x\":1}"), Set.of())));
    }
}
