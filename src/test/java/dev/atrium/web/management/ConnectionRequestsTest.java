package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionChange;
import dev.atrium.connections.DatabaseOptions;
import dev.atrium.connections.NewConnection;
import dev.atrium.connections.OtherOptions;
import dev.atrium.connections.PasswordPolicy;
import dev.atrium.connections.oidc.OidcSettings;
import dev.atrium.connections.saml.SamlSettings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConnectionRequests}: connection bodies (already past their schema) to commands, without a server. */
class ConnectionRequestsTest {

    @Test
    void aCreateBodyIsTypedAndItsStoredOnlyPropertiesKept() {
        NewConnection n = ConnectionRequests.newConnection(Json.parseObject("{\"name\":\"db\",\"strategy\":\"auth0\","
                + "\"display_name\":\"Database\",\"enabled_clients\":[\"a\",\"b\"],\"is_domain_connection\":true,"
                + "\"show_as_button\":false,\"realms\":[\"db\",\"other\"],\"metadata\":{\"team\":\"x\"},"
                + "\"options\":{\"passwordPolicy\":\"low\",\"mfa\":{\"active\":false}},\"authentication\":{\"active\":true}}"));
        assertThat(n.name()).isEqualTo("db");
        assertThat(n.strategy()).isEqualTo(Connection.DATABASE);
        ConnectionChange f = n.fields();
        assertThat(f.displayName()).contains("Database");
        assertThat(f.enabledClients()).contains(List.of("a", "b"));
        assertThat(f.domainConnection()).contains(true);
        assertThat(f.showAsButton()).contains(false);
        assertThat(f.realms()).contains(List.of("db", "other"));
        assertThat(f.metadata()).isEqualTo(Change.to(Map.of("team", "x")));
        assertThat(f.others().names()).containsExactly("authentication");
        DatabaseOptions o = (DatabaseOptions) f.options().orElseThrow();
        assertThat(o.passwordPolicy()).contains(PasswordPolicy.LOW);
        assertThat(o.others().names()).containsExactly("mfa");
    }

    @Test
    void aChangeReadsOptionsAsTheStoredStrategyAndLeavesAbsentPropertiesAlone() {
        assertThat(ConnectionRequests.change(Json.parseObject("{}"), Connection.OIDC)).isEqualTo(ConnectionChange.none());
        assertThat(ConnectionRequests.change(Json.parseObject("{\"metadata\":null}"), Connection.DATABASE).metadata())
                .isEqualTo(Change.clear());
        assertThat(ConnectionRequests.change(Json.parseObject("{\"options\":{\"issuer\":\"https://i.example/\"}}"), Connection.OIDC)
                .options().orElseThrow()).isInstanceOf(OidcSettings.class);
        assertThat(ConnectionRequests.change(Json.parseObject("{\"options\":{}}"), Connection.SAMLP)
                .options().orElseThrow()).isInstanceOf(SamlSettings.class);
        assertThat(ConnectionRequests.change(Json.parseObject("{\"options\":{\"scope\":[\"email\"]}}"), "google-oauth2")
                .options().orElseThrow()).isInstanceOf(OtherOptions.class);
    }

    /** Each body and the reason it is refused. */
    @Test
    void brokenValuesAreRefusedWithTheirReason() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"name\":\"-db\",\"strategy\":\"auth0\"}",
                "name must start and end with a letter or digit and hold only letters, digits and '-' (at most 128 characters)");
        refused.put("{\"name\":\"db\",\"strategy\":\"auth0\",\"metadata\":{\"n\":1}}",
                "metadata values are strings of at most 255 characters");
        refused.put("{\"name\":\"db\",\"strategy\":\"auth0\",\"metadata\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\","
                + "\"e\":\"1\",\"f\":\"1\",\"g\":\"1\",\"h\":\"1\",\"i\":\"1\",\"j\":\"1\",\"k\":\"1\"}}",
                "metadata holds at most 10 string properties");
        refused.put("{\"name\":\"db\",\"strategy\":\"auth0\",\"options\":{\"passwordPolicy\":\"strong\"}}",
                "options.passwordPolicy must be none, low, fair, good or excellent");
        refused.put("{\"name\":\"sso\",\"strategy\":\"oidc\",\"options\":{\"type\":\"x\"}}",
                "options.type must be back_channel or front_channel");
        refused.put("{\"name\":\"sso\",\"strategy\":\"samlp\",\"options\":{\"debug\":true}}",
                "options.debug must be false: Atrium never logs SAML documents");
        refused.forEach((body, reason) -> assertThatThrownBy(() -> ConnectionRequests.newConnection(Json.parseObject(body)))
                .as(body).isInstanceOf(InvalidRequestException.class).hasMessage(reason));
    }
}
