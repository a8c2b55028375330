package dev.atrium.agents;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.web.dashboard.DashboardFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 metadata over HTTP: RFC 8414 authorization server metadata agrees with the OpenID configuration and
 * advertises what an MCP client looks for; each API's RFC 9728 document comes from the Management API and the
 * dashboard's API page, and names this issuer and the API identifier as the resource.
 */
class AgentMetadataTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static String apiId;
    static final String IDENTIFIER = "https://mcp.example.com/mcp";

    @BeforeAll
    static void api() {
        apiId = ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + IDENTIFIER + "\",\"name\":\"Notes MCP\","
                + "\"scopes\":[{\"value\":\"notes:read\"},{\"value\":\"notes:write\"}]}")).get("id").asString();
    }

    @Test
    void authorizationServerMetadataMatchesTheOpenIdConfiguration() {
        TestAtrium.Response as = atrium.get("/.well-known/oauth-authorization-server");
        assertThat(as.status()).isEqualTo(200);
        assertThat(as.header("Content-Type")).startsWith("application/json");
        JsonNode m = as.json();
        JsonNode oidc = atrium.get("/.well-known/openid-configuration").json();
        assertThat(m.get("issuer").asString()).isEqualTo(atrium.issuer());
        for (String member : new String[]{"authorization_endpoint", "token_endpoint", "jwks_uri", "grant_types_supported",
                "response_types_supported", "token_endpoint_auth_methods_supported", "scopes_supported"}) {
            assertThat(m.get(member)).as(member).isEqualTo(oidc.get(member));
        }
        assertThat(m.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(m.has("client_id_metadata_document_supported")).isTrue();
        assertThat(m.get("client_id_metadata_document_supported").isBoolean()).isTrue();
    }

    @Test
    void registrationEndpointOnlyWhileRegistrationIsOpen() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":false}}"));
        assertThat(atrium.get("/.well-known/oauth-authorization-server").json().has("registration_endpoint")).isFalse();
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        assertThat(atrium.get("/.well-known/oauth-authorization-server").json().get("registration_endpoint").asString())
                .isEqualTo(atrium.issuer() + "oidc/register");
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":false}}"));
    }

    @Test
    void protectedResourceMetadataFromTheManagementApi() {
        TestAtrium.Response r = atrium.mgmt("GET", "/resource-servers/" + apiId + "/protected-resource-metadata", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.json();
        assertThat(d.get("resource").asString()).isEqualTo(IDENTIFIER);
        assertThat(d.get("authorization_servers").toString()).isEqualTo("[\"" + atrium.issuer() + "\"]");
        assertThat(d.get("scopes_supported").toString()).isEqualTo("[\"notes:read\",\"notes:write\"]");
        assertThat(d.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(r.header("Link")).isEqualTo("<https://mcp.example.com/.well-known/oauth-protected-resource/mcp>; rel=\"describedby\"");

        assertThat(atrium.mgmt("GET", "/resource-servers/nope/protected-resource-metadata", null).status()).isEqualTo(404);
        // the Management API's own scope rules apply: no token, no document
        TestAtrium.Response anonymous = atrium.get("/api/v2/resource-servers/" + apiId + "/protected-resource-metadata");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void dashboardShowsTheDocumentReadyToCopy() {
        TestBrowser browser = DashboardFixture.admin(atrium);
        TestBrowser.Page page = browser.open("/dashboard/apis/" + apiId);
        assertThat(page.status()).isEqualTo(200);
        var area = page.doc().selectFirst("textarea#protected-resource-metadata");
        assertThat(area).isNotNull();
        JsonNode shown = dev.atrium.common.Json.parseObject(area.wholeText());
        assertThat(shown).isEqualTo(atrium.mgmt("GET", "/resource-servers/" + apiId + "/protected-resource-metadata", null).json());
        assertThat(page.body()).contains("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
    }
}
