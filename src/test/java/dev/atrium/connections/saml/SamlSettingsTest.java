package dev.atrium.connections.saml;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.connections.oidc.UpstreamUrls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The options of {@code samlp} connections: a request read into {@link SamlSettings} (each refusal with its reason), and
 * the stored document {@link SamlOptions#normalise} makes, which reads back and comes out again unchanged.
 */
class SamlSettingsTest {
    private static final SecretSealer SEALER = new SecretSealer() {
        @Override
        public String seal(String secret) {
            return "sealed:" + secret;
        }

        @Override
        public String open(String sealed) {
            return sealed.substring("sealed:".length());
        }
    };
    private static final SamlOptions OPTIONS = new SamlOptions(new UpstreamUrls(false), SEALER);
    /** Some X.509 certificate, as an identity provider's would be pasted (base64 DER). */
    private static final String CERT = SpKey.generate("idp").certificateBase64();

    private static SamlSettings parse(String json) {
        return SamlSettings.parse(Json.parseObject(json));
    }

    @Test
    void fieldsMapKeepsSingleNamesAndArraysApart() {
        SamlSettings s = parse("{\"signInEndpoint\":\"https://idp.example.com/sso\",\"signingCert\":\"" + CERT + "\","
                + "\"fieldsMap\":{\"email\":\"mail\",\"name\":[\"cn\",\"displayName\"],\"nickname\":[]},\"protocolBinding\":\"HTTP-POST\","
                + "\"thumbprints\":[\"old\"],\"sp_signing_cert\":\"old\",\"user_id_attribute\":\"uid\"}");
        assertThat(s.fieldsMap().orElseThrow()).containsExactly(
                Map.entry("email", new SamlSettings.AttributeNames(List.of("mail"), false)),
                Map.entry("name", new SamlSettings.AttributeNames(List.of("cn", "displayName"), true)),
                Map.entry("nickname", new SamlSettings.AttributeNames(List.of(), true)));
        assertThat(s.protocolBinding()).contains(SamlSettings.Binding.POST);
        assertThat(s.others().names()).containsExactly("user_id_attribute");
        ObjectNode stored = OPTIONS.normalise("acme", s, null);
        assertThat(stored.get("fieldsMap")).isEqualTo(Json.parseObject(
                "{\"email\":\"mail\",\"name\":[\"cn\",\"displayName\"],\"nickname\":[]}"));
        assertThat(stored.get("protocolBinding").asString()).isEqualTo(SamlXml.POST);
        assertThat(stored.get("thumbprints").get(0).asString()).isNotEqualTo("old");
        assertThat(stored.get(SamlOptions.SP_CERT).asString()).isNotEqualTo("old");
        assertThat(stored.get("signingCert").asString()).isNotEqualTo(CERT); // stored as Auth0 does: base64 of the PEM
        assertThat(stored.get("debug").asBoolean()).isFalse();
        assertThat(stored.get("user_id_attribute").asString()).isEqualTo("uid");
        // read back as the dashboard does, then written with the stored document as the previous one
        assertThat(OPTIONS.normalise("acme", SamlSettings.stored(stored), stored)).isEqualTo(stored);
    }

    /** Each request's options and the reason they are refused. */
    @Test
    void refusalsKeepTheirReasons() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"sp_signing_key_sealed\":\"x\"}", "options.sp_signing_key_sealed cannot be set");
        refused.put("{\"signInEndpoint\":5}", "options.signInEndpoint must be a string");
        refused.put("{\"signSAMLRequest\":\"yes\"}", "options.signSAMLRequest must be a boolean");
        refused.put("{\"signatureAlgorithm\":\"rsa-sha1\"}", "options.signatureAlgorithm must be rsa-sha256 (SHA-1 is not accepted)");
        refused.put("{\"protocolBinding\":\"SOAP\"}", "options.protocolBinding must be " + SamlXml.REDIRECT + " or " + SamlXml.POST);
        refused.put("{\"debug\":true}", "options.debug must be false: Atrium never logs SAML documents");
        refused.put("{\"debug\":\"no\"}", "options.debug must be false: Atrium never logs SAML documents");
        refused.put("{\"fieldsMap\":[]}", "options.fieldsMap must be an object");
        refused.put("{\"fieldsMap\":{\"email\":1}}", "options.fieldsMap values are attribute names or arrays of them");
        refused.put("{\"fieldsMap\":{\"email\":[\"a\",1]}}", "options.fieldsMap values are attribute names or arrays of them");
        refused.put("{\"fieldsMap\":{\"email\":[\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\"]}}",
                "options.fieldsMap values are attribute names or arrays of them");
        refused.put("{\"domain_aliases\":[\"not a domain\"]}", "options.domain_aliases holds domain names such as example.com");
        refused.forEach((json, reason) -> assertThatThrownBy(() -> parse(json)).as(json)
                .isInstanceOf(InvalidRequestException.class).hasMessage(reason));
        assertThatThrownBy(() -> OPTIONS.normalise("acme", parse("{\"signingCert\":\"" + CERT + "\"}"), null))
                .isInstanceOf(InvalidRequestException.class).hasMessage("options.signInEndpoint is required");
        assertThatThrownBy(() -> OPTIONS.normalise("acme", parse("{\"signInEndpoint\":\"https://idp.example.com/\"}"), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("options.signingCert (the identity provider's certificate) is required");
        assertThatThrownBy(() -> OPTIONS.normalise("acme", parse("{\"signInEndpoint\":\"https://idp.example.com/\","
                + "\"signingCert\":\"not a certificate\"}"), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("options.signingCert must be an X.509 certificate (PEM or base64)");
    }
}
