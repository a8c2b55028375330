package dev.atrium.connections.oidc;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The options of {@code oidc} connections: a request read into {@link OidcSettings} (each refusal with its reason), and
 * the stored document {@link OidcOptions#normalise} makes, which reads back into the same settings and comes out again
 * unchanged. No server: the sealer is a stand-in.
 */
class OidcSettingsTest {
    /** Seals by prefixing, so that a test sees what was sealed. */
    static final SecretSealer SEALER = new SecretSealer() {
        @Override
        public String seal(String secret) {
            return "sealed:" + secret;
        }

        @Override
        public String open(String sealed) {
            return sealed.substring("sealed:".length());
        }
    };
    private static final OidcOptions OPTIONS = new OidcOptions(new UpstreamUrls(false), SEALER);

    private static OidcSettings parse(String json) {
        return OidcSettings.parse(Json.parseObject(json));
    }

    @Test
    void aRequestIsTypedWithDefaultsLeftToTheServerAndTheRestKept() {
        OidcSettings s = parse("{\"issuer\":\" https://idp.example.com/ \",\"client_id\":\"abc\",\"client_secret\":\" s3cret \","
                + "\"type\":\"back_channel\",\"token_endpoint_auth_method\":\"client_secret_post\",\"domain_aliases\":[\"Acme.COM\"],"
                + "\"attribute_map\":{\"mapping_mode\":\"use_map\",\"attributes\":{\"nickname\":\"${preferred_username}\"},\"x\":1},"
                + "\"upstream_params\":{\"prompt\":{\"value\":\"login\"}},\"icon_url\":null,\"client_assertion_public_key\":\"PEM\"}");
        assertThat(s.issuer()).contains(" https://idp.example.com/ ");
        assertThat(s.clientSecret()).contains("s3cret");
        assertThat(s.type()).contains(OidcSettings.Channel.BACK_CHANNEL);
        assertThat(s.tokenEndpointAuthMethod()).contains(OidcSettings.AuthMethod.CLIENT_SECRET_POST);
        assertThat(s.domainAliases()).containsExactly("acme.com");
        assertThat(s.attributeMap().orElseThrow().mappingMode()).contains(OidcSettings.MappingMode.USE_MAP);
        assertThat(s.attributeMap().orElseThrow().others().names()).containsExactly("x");
        assertThat(s.scope()).isEmpty();
        // the public key is the server's; a null icon is kept as sent
        assertThat(s.others().names()).containsExactlyInAnyOrder("upstream_params", "icon_url");
    }

    @Test
    void theStoredDocumentReadsBackAndComesOutUnchanged() {
        ObjectNode stored = OPTIONS.normalise(parse("{\"discovery_url\":\"https://idp.example.com/.well-known/openid-configuration\","
                + "\"client_id\":\"abc\",\"client_secret\":\"s3cret\",\"scope\":\"openid email\",\"domain_aliases\":[\"acme.com\"],"
                + "\"attribute_map\":{\"userinfo_scope\":\"openid profile\",\"attributes\":null},\"upstream_params\":{\"a\":1},"
                + "\"token_endpoint_auth_method\":\"\"}"), null);
        assertThat(stored.get(OidcOptions.SEALED_SECRET).asString()).isEqualTo("sealed:s3cret");
        assertThat(stored.has("client_secret")).isFalse();
        assertThat(stored.get("type").asString()).isEqualTo("back_channel");
        assertThat(stored.get("set_user_root_attributes").asString()).isEqualTo("on_each_login");
        assertThat(stored.get("attribute_map")).isEqualTo(Json.parseObject(
                "{\"attributes\":null,\"mapping_mode\":\"bind_all\",\"userinfo_scope\":\"openid profile\"}"));
        assertThat(stored.get("token_endpoint_auth_method").asString()).isEmpty();
        // a read-modify-write without the secret keeps the sealed one
        OidcSettings again = OidcSettings.stored(stored);
        assertThat(again.clientSecret()).isEmpty();
        assertThat(OPTIONS.normalise(again, stored)).isEqualTo(stored);
    }

    @Test
    void theDashboardsChangesReplaceWhatTheyName() {
        ObjectNode stored = OPTIONS.normalise(parse("{\"discovery_url\":\"https://old.example.com/\",\"client_id\":\"abc\","
                + "\"client_secret\":\"s\",\"icon_url\":\"https://old.example.com/i.png\"}"), null);
        ObjectNode changed = OPTIONS.normalise(OidcSettings.stored(stored).withIssuer("https://new.example.com/")
                .withType(OidcSettings.Channel.FRONT_CHANNEL).withDomainAliases(List.of("New.example")), stored);
        assertThat(changed.has("discovery_url")).isFalse();
        assertThat(changed.get("issuer").asString()).isEqualTo("https://new.example.com/");
        assertThat(changed.get("type").asString()).isEqualTo(OidcOptions.FRONT_CHANNEL);
        assertThat(changed.get("domain_aliases")).isEqualTo(Json.strings(List.of("new.example")));
        assertThat(changed.get("icon_url")).isEqualTo(stored.get("icon_url"));
        assertThat(changed.get(OidcOptions.SEALED_SECRET)).isEqualTo(stored.get(OidcOptions.SEALED_SECRET));
    }

    /** Each request's options and the reason they are refused. */
    @Test
    void refusalsKeepTheirReasons() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"client_secret_sealed\":\"x\"}", "options.client_secret_sealed and options.client_assertion_key_sealed cannot be set");
        refused.put("{\"type\":\"side_channel\"}", "options.type must be back_channel or front_channel");
        refused.put("{\"type\":7}", "options.type must be a string");
        refused.put("{\"issuer\":[]}", "options.issuer must be a string");
        refused.put("{\"token_endpoint_auth_method\":\"none\"}",
                "options.token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, private_key_jwt");
        refused.put("{\"type\":\"front_channel\",\"token_endpoint_auth_method\":\"private_key_jwt\"}",
                "options.token_endpoint_auth_method does not apply to a front_channel connection: it has no token request");
        refused.put("{\"scope\":\"profile email\"}", "options.scope must include openid");
        refused.put("{\"set_user_root_attributes\":\"always\"}",
                "options.set_user_root_attributes must be one of never_on_login, on_each_login, on_first_login");
        refused.put("{\"domain_aliases\":\"acme.com\"}", "options.domain_aliases must be an array of at most 100 domains");
        refused.put("{\"domain_aliases\":[1]}", "options.domain_aliases holds domain names such as example.com");
        refused.put("{\"attribute_map\":[]}", "options.attribute_map must be an object");
        refused.put("{\"attribute_map\":{\"mapping_mode\":\"all\"}}", "options.mapping_mode must be one of basic_profile, bind_all, use_map");
        refused.put("{\"attribute_map\":{\"attributes\":{\"name\":1}}}", "options.attribute_map.attributes values must be strings");
        refused.put("{\"attribute_map\":{\"userinfo_scope\":true}}", "options.attribute_map.userinfo_scope must be a string");
        refused.put("{\"type\":\"front_channel\",\"attribute_map\":{\"userinfo_scope\":\"openid\"}}",
                "options.attribute_map.userinfo_scope cannot be used with a front_channel connection: it receives no access "
                        + "token to call userinfo with; use back_channel");
        refused.forEach((json, reason) -> assertThatThrownBy(() -> parse(json)).as(json)
                .isInstanceOf(InvalidRequestException.class).hasMessage(reason));
        Map<String, String> server = new LinkedHashMap<>();
        server.put("{\"client_id\":\"a\",\"client_secret\":\"s\"}", "options.discovery_url or options.issuer is required");
        server.put("{\"issuer\":\"https://idp.example.com/\",\"client_secret\":\"s\"}", "options.client_id is required");
        server.put("{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\"}",
                "options.client_secret is required for a back_channel connection");
        server.put("{\"issuer\":\"http://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\"}", "options.issuer must use https");
        server.forEach((json, reason) -> assertThatThrownBy(() -> OPTIONS.normalise(parse(json), null)).as(json)
                .isInstanceOf(InvalidRequestException.class).hasMessage(reason));
    }
}
