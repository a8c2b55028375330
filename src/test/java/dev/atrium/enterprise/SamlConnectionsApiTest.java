package dev.atrium.enterprise;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strategy: "samlp"} connections through {@code /api/v2/connections}: Auth0's option names, the SP key sealed at rest. */
class SamlConnectionsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    private static final SamlIdp IDP = new SamlIdp();

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static String cert() {
        return JsonMapper.shared().writeValueAsString(IDP.certificatePem());
    }

    private static TestAtrium.Response create(String name, String options) {
        return atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"samlp\",\"display_name\":\"Acme SAML\","
                + "\"options\":" + options + "}");
    }

    @Test
    void createsWithAuth0OptionsAndKeepsTheSpKeySealed() throws Exception {
        var r = create(unique("acme"), "{\"signInEndpoint\":\"https://idp.acme.example/sso\",\"signingCert\":" + cert()
                + ",\"signSAMLRequest\":true,\"protocolBinding\":\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\","
                + "\"fieldsMap\":{\"email\":\"mail\"},\"domain_aliases\":[\"Acme.example\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode o = r.json().get("options");
        assertThat(new String(Base64.getDecoder().decode(o.get("signingCert").asString()), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(o.get("thumbprints").get(0).asString()).matches("[0-9a-f]{40}");
        assertThat(o.get("signatureAlgorithm").asString()).isEqualTo("rsa-sha256");
        assertThat(o.get("protocolBinding").asString()).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        assertThat(o.get("debug").asBoolean()).isFalse();
        assertThat(o.get("domain_aliases").toString()).isEqualTo("[\"acme.example\"]");
        assertThat(o.get("sp_signing_cert").asString()).isNotEmpty();
        assertThat(r.body()).doesNotContain("sp_signing_key_sealed").doesNotContain("PRIVATE");
        String id = r.json().get("id").asString();
        assertThat(atrium.mgmt("GET", "/connections/" + id, null).body()).doesNotContain("sp_signing_key_sealed");

        try (var c = DriverManager.getConnection(atrium.server().config().databaseUrl());
             var s = c.prepareStatement("select doc from connections where id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String stored = rs.getString(1);
                assertThat(stored).contains("sp_signing_key_sealed").doesNotContain("MII" + "EvQ").doesNotContain("MII" + "Ev");
            }
        }

        // a read-modify-write of options keeps the SP key and certificate
        JsonNode options = r.json().get("options");
        ((tools.jackson.databind.node.ObjectNode) options).put("signSAMLRequest", false);
        var p = atrium.mgmt("PATCH", "/connections/" + id, "{\"options\":" + options + "}");
        assertThat(p.status()).as(p.toString()).isEqualTo(200);
        assertThat(p.json().get("options").get("sp_signing_cert").asString()).isEqualTo(o.get("sp_signing_cert").asString());
        assertThat(p.json().get("options").get("signSAMLRequest").asBoolean()).isFalse();
        assertThat(atrium.mgmt("DELETE", "/connections/" + id, null).status()).isEqualTo(202);
    }

    @Test
    void refusesIncompleteInsecureOrWeakOptions() {
        assertBad(create(unique("noep"), "{\"signingCert\":" + cert() + "}"), "signInEndpoint");
        assertBad(create(unique("http"), "{\"signInEndpoint\":\"http://idp.example/sso\",\"signingCert\":" + cert() + "}"), "https");
        assertBad(create(unique("nocert"), "{\"signInEndpoint\":\"https://idp.example/sso\"}"), "signingCert");
        assertBad(create(unique("badcert"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":\"bm90IGEgY2VydA==\"}"),
                "X.509");
        assertBad(create(unique("sha1"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":" + cert()
                + ",\"signatureAlgorithm\":\"rsa-sha1\"}"), "rsa-sha256");
        assertBad(create(unique("binding"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":" + cert()
                + ",\"protocolBinding\":\"SOAP\"}"), "protocolBinding");
        assertBad(create(unique("debug"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":" + cert()
                + ",\"debug\":true}"), "debug");
        assertBad(create(unique("key"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":" + cert()
                + ",\"sp_signing_key_sealed\":\"forged\"}"), "sp_signing_key_sealed");
        assertBad(create(unique("fields"), "{\"signInEndpoint\":\"https://idp.example/sso\",\"signingCert\":" + cert()
                + ",\"fieldsMap\":{\"email\":7}}"), "fieldsMap");
    }

    private static void assertBad(TestAtrium.Response r, String mentioned) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains(mentioned);
    }
}
