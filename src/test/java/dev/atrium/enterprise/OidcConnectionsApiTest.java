package dev.atrium.enterprise;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strategy: "oidc"} connections through {@code /api/v2/connections}, with the server's default (secure) settings. */
class OidcConnectionsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static TestAtrium.Response create(String name, String options) {
        return atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"oidc\",\"display_name\":\"Acme SSO\","
                + "\"show_as_button\":true,\"options\":" + options + "}");
    }

    @Test
    void createsWithAuth0OptionsAndNeverAnswersTheSecret() throws Exception {
        String name = unique("acme");
        var r = create(name, "{\"discovery_url\":\"https://idp.acme.example/.well-known/openid-configuration\","
                + "\"client_id\":\"atrium-rp\",\"client_secret\":\"very-secret-value-123\","
                + "\"domain_aliases\":[\"Acme.example\",\"acme-corp.example\"],\"icon_url\":\"https://acme.example/logo.png\","
                + "\"attribute_map\":{\"mapping_mode\":\"use_map\",\"attributes\":{\"nickname\":\"${preferred_username}\"}}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode o = r.json().get("options");
        assertThat(r.body()).doesNotContain("very-secret-value-123").doesNotContain("client_secret");
        assertThat(o.get("type").asString()).isEqualTo("back_channel");
        assertThat(o.get("scope").asString()).isEqualTo("openid profile email");
        assertThat(o.get("set_user_root_attributes").asString()).isEqualTo("on_each_login");
        assertThat(o.get("domain_aliases").toString()).isEqualTo("[\"acme.example\",\"acme-corp.example\"]");
        assertThat(o.get("attribute_map").get("attributes").get("nickname").asString()).isEqualTo("${preferred_username}");
        assertThat(r.json().get("display_name").asString()).isEqualTo("Acme SSO");
        assertThat(r.json().get("show_as_button").asBoolean()).isTrue();

        String id = r.json().get("id").asString();
        var got = atrium.mgmt("GET", "/connections/" + id, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).doesNotContain("very-secret-value-123").doesNotContain("client_secret");
        assertThat(atrium.mgmt("GET", "/connections?strategy=oidc", null).body()).doesNotContain("client_secret");

        // at rest: sealed, not in clear
        try (var c = DriverManager.getConnection(atrium.server().config().databaseUrl());
             var s = c.prepareStatement("select doc from connections where id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String stored = rs.getString(1);
                assertThat(stored).doesNotContain("very-secret-value-123").contains("client_secret_sealed");
            }
        }
    }

    @Test
    void patchingOptionsWithoutTheSecretKeepsIt() {
        String name = unique("keep");
        var r = create(name, "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s1\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.json().get("id").asString();
        var p = atrium.mgmt("PATCH", "/connections/" + id, "{\"options\":{\"issuer\":\"https://idp.example.com/\","
                + "\"client_id\":\"b\",\"set_user_root_attributes\":\"on_first_login\"}}");
        assertThat(p.status()).as(p.toString()).isEqualTo(200);
        assertThat(p.json().get("options").get("client_id").asString()).isEqualTo("b");
        assertThat(p.json().get("options").get("set_user_root_attributes").asString()).isEqualTo("on_first_login");
        assertThat(p.body()).doesNotContain("client_secret");
    }

    @Test
    void refusesAnUnknownTypeAndIncompleteOrInsecureOptions() {
        assertBad(create(unique("fc"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"type\":\"implicit\"}"),
                "front_channel");
        assertBad(create(unique("noid"), "{\"issuer\":\"https://idp.example.com/\",\"client_secret\":\"s\"}"), "client_id");
        assertBad(create(unique("nosecret"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\"}"), "client_secret");
        assertBad(create(unique("noissuer"), "{\"client_id\":\"a\",\"client_secret\":\"s\"}"), "discovery_url");
        assertBad(create(unique("http"), "{\"issuer\":\"http://127.0.0.1:8080/\",\"client_id\":\"a\",\"client_secret\":\"s\"}"),
                "https");
        assertBad(create(unique("file"), "{\"discovery_url\":\"file:///etc/passwd\",\"client_id\":\"a\",\"client_secret\":\"s\"}"),
                "https");
        assertBad(create(unique("creds"), "{\"issuer\":\"https://user:pw@idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\"}"),
                "credentials");
        assertBad(create(unique("sealed"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\","
                + "\"client_secret_sealed\":\"forged\"}"), "client_secret_sealed");
        assertBad(create(unique("scope"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\","
                + "\"scope\":\"profile\"}"), "openid");
        assertBad(create(unique("alias"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\","
                + "\"domain_aliases\":[\"not a domain\"]}"), "domain_aliases");
        assertBad(create(unique("root"), "{\"issuer\":\"https://idp.example.com/\",\"client_id\":\"a\",\"client_secret\":\"s\","
                + "\"set_user_root_attributes\":\"sometimes\"}"), "set_user_root_attributes");
        assertThat(atrium.mgmt("GET", "/connections?strategy=oidc", null).body()).doesNotContain("\"fc-").doesNotContain("\"http-");
    }

    private static void assertBad(TestAtrium.Response r, String mentioned) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains(mentioned);
    }
}
