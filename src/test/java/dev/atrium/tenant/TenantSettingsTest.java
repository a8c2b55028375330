package dev.atrium.tenant;

import dev.atrium.clients.Client;
import dev.atrium.common.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-field readers of the settings and of an application hand out copies, as {@code doc()} does. */
class TenantSettingsTest {

    @Test
    void aSettingIsACopyAndAnUnsetOneIsMissing() {
        ObjectNode doc = TenantSettings.defaults().doc();
        doc.set("default_token_quota", Json.parseObject("{\"clients\":{\"client_credentials\":{\"per_hour\":5}}}"));
        TenantSettings settings = new TenantSettings(doc);

        var quota = settings.setting("default_token_quota");
        ((ObjectNode) quota).remove("clients");

        assertThat(settings.setting("default_token_quota").path("clients").path("client_credentials").path("per_hour").asInt())
                .isEqualTo(5);
        assertThat(settings.setting("no_such_setting").isMissingNode()).isTrue();
    }

    @Test
    void aClientPropertyIsACopyAndAnUnsetOneIsMissing() {
        Client client = new Client("c1", Json.parseObject("{\"name\":\"App\",\"token_quota\":{\"client_credentials\":{\"per_day\":7}}}"),
                Optional.empty());

        ((ObjectNode) client.property("token_quota")).removeAll();

        assertThat(client.property("token_quota").path("client_credentials").path("per_day").asInt()).isEqualTo(7);
        assertThat(client.property("default_organization").isMissingNode()).isTrue();
    }
}
