package dev.atrium.oauth;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client credentials with organizations (organizations.md §2.13 O113–O123, api-contract.md §A.6.3
 * step 5): one test per branch, with its status, {@code error} and {@code error_description}.
 */
class OrganizationClientCredentialsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static String api;
    static String orgId;
    static String orgName;
    static String otherOrgId;

    @BeforeAll
    static void setUp() {
        api = "https://m2m-" + Ids.alnum(8).toLowerCase() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"M2M " + api
                + "\",\"scopes\":[{\"value\":\"read:things\",\"description\":\"read\"}]}"));
        orgName = "m2m-" + Ids.alnum(8).toLowerCase();
        orgId = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName + "\"}")).get("id").asString();
        otherOrgId = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"other-" + Ids.alnum(8).toLowerCase() + "\"}"))
                .get("id").asString();
    }

    private static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    /** A machine-to-machine application with a grant for {@code api} carrying {@code grantFields}. */
    private record App(String id, String secret, String grantId) {
    }

    private static App app(String clientFields, String grantFields) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"m2m-" + Ids.alnum(6) + "\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]" + clientFields + "}"));
        String id = c.get("client_id").asString();
        String grant = ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:things\"]" + grantFields + "}")).get("id").asString();
        return new App(id, c.get("client_secret").asString(), grant);
    }

    private static void associate(App app, String org) {
        ok(atrium.mgmt("POST", "/organizations/" + org + "/client-grants", "{\"grant_id\":\"" + app.grantId() + "\"}"));
    }

    private static TestAtrium.Response token(App app, String organization) {
        String form = "grant_type=client_credentials&client_id=" + TestAtrium.enc(app.id()) + "&client_secret="
                + TestAtrium.enc(app.secret()) + "&audience=" + TestAtrium.enc(api)
                + (organization == null ? "" : "&organization=" + TestAtrium.enc(organization));
        return atrium.postForm("/oauth/token", form);
    }

    private static JsonNode claims(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String payload = r.json().get("access_token").asString().split("\\.")[1];
        return Json.parseObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static void assertError(TestAtrium.Response r, int status, String error, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        assertThat(r.json().get("error_description").asString()).isEqualTo(description);
    }

    @Test
    @DisplayName("O124 Management API tokens are never organization-scoped")
    void O124_managementApiTokensAreNeverOrganizationScoped() {
        String form = "grant_type=client_credentials&client_id=" + TestAtrium.BOOTSTRAP_ID + "&client_secret="
                + TestAtrium.enc(TestAtrium.BOOTSTRAP_SECRET) + "&audience=" + TestAtrium.enc(atrium.server().managementAudience());
        assertError(atrium.postForm("/oauth/token", form + "&organization=" + orgId), 400, "invalid_request",
                "organization is not allowed for this client grant");
        assertThat(claims(atrium.postForm("/oauth/token", form)).has("org_id")).isFalse();
    }

    @Test
    @DisplayName("O114 deny: an organization parameter is refused")
    void O114_denyRefusesOrganization() {
        App app = app("", "");
        assertError(token(app, orgId), 400, "invalid_request", "organization is not allowed for this client grant");
        assertThat(claims(token(app, null)).has("org_id")).isFalse();
    }

    @Test
    @DisplayName("O114 allow: without an organization the token has none")
    void O114_allowWithoutOrganization() {
        JsonNode c = claims(token(app("", ",\"organization_usage\":\"allow\""), null));
        assertThat(c.has("org_id")).isFalse();
        assertThat(c.get("gty").asString()).isEqualTo("client-credentials");
    }

    @Test
    @DisplayName("O115 O118 allow + associated organization: org_id in the token, no org_name without the tenant flag")
    void O115_O118_associatedOrganization() {
        App app = app("", ",\"organization_usage\":\"allow\"");
        associate(app, orgId);
        JsonNode c = claims(token(app, orgId));
        assertThat(c.get("org_id").asString()).isEqualTo(orgId);
        assertThat(c.has("org_name")).isFalse();
        assertThat(c.get("sub").asString()).isEqualTo(app.id() + "@clients");
        assertThat(c.get("azp").asString()).isEqualTo(app.id());
    }

    @Test
    @DisplayName("O115 organization not associated and allow_any_organization=false: 403 access_denied")
    void O115_notAssociated() {
        App app = app("", ",\"organization_usage\":\"allow\"");
        associate(app, orgId);
        assertError(token(app, otherOrgId), 403, "access_denied", "client is not authorized to access organization " + otherOrgId);
    }

    @Test
    @DisplayName("O115 allow_any_organization=true: any organization")
    void O115_anyOrganization() {
        App app = app("", ",\"organization_usage\":\"require\",\"allow_any_organization\":true");
        assertThat(claims(token(app, otherOrgId)).get("org_id").asString()).isEqualTo(otherOrgId);
    }

    @Test
    @DisplayName("O116 a third-party application cannot use allow_any_organization at token time")
    void O116_thirdPartyNeverAnyOrganization() {
        App app = app("", ",\"organization_usage\":\"allow\",\"allow_any_organization\":true");
        var patch = atrium.mgmt("PATCH", "/clients/" + app.id(), "{\"is_first_party\":false}");
        if (patch.status() == 200) {
            assertError(token(app, orgId), 403, "access_denied", "client is not authorized to access organization " + orgId);
            associate(app, orgId);
            assertThat(claims(token(app, orgId)).get("org_id").asString()).isEqualTo(orgId);
        } else {
            // the application cannot become third-party with such a grant: the rule holds at creation
            assertThat(patch.status()).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("O122 unknown organization: 400 parameter organization is invalid")
    void O122_unknownOrganization() {
        App app = app("", ",\"organization_usage\":\"allow\",\"allow_any_organization\":true");
        assertError(token(app, "org_0000000000000000"), 400, "invalid_request", "parameter organization is invalid: org_0000000000000000");
    }

    @Test
    @DisplayName("O117 require without organization and without default_organization: 400")
    void O117_requireWithoutOrganization() {
        App app = app("", ",\"organization_usage\":\"require\",\"allow_any_organization\":true");
        assertError(token(app, null), 400, "invalid_request", "organization is required for this client grant");
    }

    @Test
    @DisplayName("O117 require without organization uses default_organization for client_credentials")
    void O117_defaultOrganization() {
        App app = app(",\"default_organization\":{\"organization_id\":\"" + orgId + "\",\"flows\":[\"client_credentials\"]}",
                ",\"organization_usage\":\"require\"");
        assertError(token(app, null), 403, "access_denied", "client is not authorized to access organization " + orgId);
        associate(app, orgId);
        assertThat(claims(token(app, null)).get("org_id").asString()).isEqualTo(orgId);

        App allow = app(",\"default_organization\":{\"organization_id\":\"" + orgId + "\",\"flows\":[\"client_credentials\"]}",
                ",\"organization_usage\":\"allow\"");
        assertThat(claims(token(allow, null)).has("org_id")).isFalse();
    }

    @Test
    @DisplayName("O120 organization exchanges are logged (seccft) with the organization's id and name, named or by default")
    void O120_organizationExchangesAreLoggedWithTheOrganization() {
        App byDefault = app(",\"default_organization\":{\"organization_id\":\"" + orgId + "\",\"flows\":[\"client_credentials\"]}",
                ",\"organization_usage\":\"require\"");
        associate(byDefault, orgId);
        assertThat(claims(token(byDefault, null)).get("org_id").asString()).isEqualTo(orgId);
        App named = app("", ",\"organization_usage\":\"require\"");
        associate(named, orgId);
        assertThat(claims(token(named, orgId)).get("org_id").asString()).isEqualTo(orgId);
        for (App app : new App[]{byDefault, named}) {
            JsonNode e = TestLogs.await(atrium, "type:seccft AND client_id:" + app.id(), x -> true);
            assertThat(e.path("organization_id").asString()).as(e.toString()).isEqualTo(orgId);
            assertThat(e.path("organization_name").asString()).as(e.toString()).isEqualTo(orgName);
            assertThat(e.path("audience").asString()).isEqualTo(api);
        }
        // an exchange without an organization names none
        App plain = app("", "");
        assertThat(claims(token(plain, null)).has("org_id")).isFalse();
        JsonNode e = TestLogs.await(atrium, "type:seccft AND client_id:" + plain.id(), x -> true);
        assertThat(e.path("organization_id").isMissingNode() || e.path("organization_id").isNull()).as(e.toString()).isTrue();
    }

    @Test
    @DisplayName("O117 default_organization without client_credentials in flows does not apply")
    void O117_defaultOrganizationNeedsTheFlow() {
        App app = app(",\"default_organization\":{\"organization_id\":\"" + orgId + "\",\"flows\":[]}",
                ",\"organization_usage\":\"require\",\"allow_any_organization\":true");
        assertError(token(app, null), 400, "invalid_request", "organization is required for this client grant");
    }

    @Test
    @DisplayName("O119 revoking the association stops new tokens")
    void O119_revokedAssociation() {
        App app = app("", ",\"organization_usage\":\"allow\"");
        associate(app, orgId);
        claims(token(app, orgId));
        assertThat(atrium.mgmt("DELETE", "/organizations/" + orgId + "/client-grants/" + app.grantId(), null).status()).isEqualTo(204);
        assertError(token(app, orgId), 403, "access_denied", "client is not authorized to access organization " + orgId);
    }

    @Test
    @DisplayName("O123 O84 names work only under allow_organization_name_in_authentication_api, which adds org_name")
    void O123_organizationName() {
        App app = app("", ",\"organization_usage\":\"allow\"");
        associate(app, orgId);
        assertError(token(app, orgName), 400, "invalid_request", "parameter organization is invalid: " + orgName);
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":true}"));
        try {
            JsonNode byName = claims(token(app, orgName));
            assertThat(byName.get("org_id").asString()).isEqualTo(orgId);
            assertThat(byName.get("org_name").asString()).isEqualTo(orgName);
            assertThat(claims(token(app, orgId)).get("org_name").asString()).isEqualTo(orgName);
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":false}"));
        }
    }
}
