package dev.atrium.web.management;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.atrium.web.management.OrganizationFixtures.createClient;
import static dev.atrium.web.management.OrganizationFixtures.createConnection;
import static dev.atrium.web.management.OrganizationFixtures.createOrg;
import static dev.atrium.web.management.OrganizationFixtures.created;
import static dev.atrium.web.management.RoleFixtures.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Management API rules of organizations.md that the endpoint tests do not name: O13–O17, O64, O97, O112, O131, O132. */
class OrganizationRulesApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static tools.jackson.databind.JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.json();
    }

    @Test
    void O13_applicationsDefaultToIndividualsWithoutPrompt() {
        // the defaults are applied where they matter (sign-in, see OrganizationSignInTest#O22_E1…); the body omits unset fields
        var c = createClient(atrium, "");
        assertThat(c.path("organization_usage").asString("deny")).isEqualTo("deny");
        assertThat(c.path("organization_require_behavior").asString("no_prompt")).isEqualTo("no_prompt");
    }

    @Test
    void O14_O15_O17_applicationOrganizationSettingsAreChecked() {
        for (String fields : List.of(
                "\"oidc_conformant\":false,\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"",
                "\"organization_discovery_methods\":[]",
                "\"organization_discovery_methods\":[\"email\",\"email\"]",
                "\"organization_discovery_methods\":[\"phone\"]",
                "\"default_organization\":{\"organization_id\":\"org_0000000000000000\"}",
                "\"default_organization\":{\"organization_id\":\"org_0000000000000000\",\"flows\":[\"authorization_code\"]}")) {
            assertError(atrium.mgmt("POST", "/clients", "{\"name\":\"bad\"," + fields + "}"), 400, "invalid_body");
        }
        String id = createClient(atrium, "\"organization_discovery_methods\":[\"email\",\"organization_name\"]").get("client_id").asString();
        var cleared = atrium.mgmt("PATCH", "/clients/" + id, "{\"organization_discovery_methods\":null}");
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().has("organization_discovery_methods") && !cleared.json().get("organization_discovery_methods").isNull())
                .isFalse();
    }

    @Test
    void O64_signUpNeedsMembershipOnLogin() {
        String org = createOrg(atrium);
        String db = createConnection(atrium, "auth0");
        assertError(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + db
                + "\",\"is_signup_enabled\":true}"), 400, "invalid_body");
        created(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + db
                + "\",\"is_signup_enabled\":true,\"assign_membership_on_login\":true}"));
        assertError(atrium.mgmt("PATCH", "/organizations/" + org + "/enabled_connections/" + db,
                "{\"assign_membership_on_login\":false}"), 400, "invalid_body");
    }

    @Test
    void O97_anotherOrganizationsRoleCannotBeAssigned() {
        String a = createOrg(atrium);
        String b = createOrg(atrium);
        String roleOfB = ok(atrium.mgmt("POST", "/roles", "{\"name\":\"b-only-" + b + "\",\"type\":\"organization\",\"owner_id\":\"" + b
                + "\"}")).get("id").asString();
        String user = created(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"o97-"
                + a.toLowerCase() + "@example.com\",\"password\":\"Corr3ct-Horse-Battery\"}")).get("user_id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + a + "/members", "{\"members\":[\"" + user + "\"]}").status()).isEqualTo(204);
        assertError(atrium.mgmt("POST", "/organizations/" + a + "/members/" + TestAtrium.enc(user) + "/roles",
                "{\"roles\":[\"" + roleOfB + "\"]}"), 400, "invalid_body");
    }

    @Test
    void O112_atMostTenClientsPerRequest() {
        String org = createOrg(atrium);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            items.add("{\"client_id\":\"" + createClient(atrium, "").get("client_id").asString() + "\",\"use_for_member_access\":true}");
        }
        assertError(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[" + String.join(",", items) + "]}"),
                400, "invalid_body");
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[" + String.join(",", items.subList(0, 10))
                + "]}").status()).isEqualTo(201);
    }

    @Test
    void O112_O109_atMostOneHundredUserFacingApplicationsAndMachineToMachineOnesDoNotCount() {
        String org = createOrg(atrium);
        for (int batch = 0; batch < 10; batch++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add("{\"client_id\":\"" + createClient(atrium, "\"app_type\":\"regular_web\",\"grant_types\":[\"authorization_code\"]")
                        .get("client_id").asString() + "\",\"use_for_member_access\":true}");
            }
            assertThat(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[" + String.join(",", items) + "]}")
                    .status()).isEqualTo(201);
        }
        // O109: a machine-to-machine application may still be associated; its association signs no one in
        String m2m = createClient(atrium, "\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]")
                .get("client_id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[{\"client_id\":\"" + m2m
                + "\",\"use_for_member_access\":true}]}").status()).isEqualTo(201);
        String implicit = createClient(atrium, "\"app_type\":\"spa\",\"grant_types\":[\"implicit\"]").get("client_id").asString();
        String another = createClient(atrium, "\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]")
                .get("client_id").asString();
        var refused = atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[{\"client_id\":\"" + another
                + "\"},{\"client_id\":\"" + implicit + "\"}]}");
        assertError(refused, 400, "invalid_body");
        assertThat(refused.json().get("message").asString()).contains("at most 100 applications that sign users in");
        // nothing of the refused request was written
        assertThat(atrium.mgmt("GET", "/organizations/" + org + "/clients/" + another, null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/organizations/" + org + "/clients/" + implicit, null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[{\"client_id\":\"" + another
                + "\"}]}").status()).isEqualTo(201);
    }

    @Test
    void O131_O132_tokensAndScopesAreCheckedAndErrorsHaveTheManagementShape() {
        var noToken = atrium.mgmt("GET", "/organizations", null, "not-a-token");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("statusCode").asInt()).isEqualTo(401);
        assertThat(noToken.json().has("message")).isTrue();
        var token = atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                atrium.server().managementAudience(), "read:users");
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        var narrow = atrium.mgmt("GET", "/organizations", null, token.json().get("access_token").asString());
        assertError(narrow, 403, "insufficient_scope");
        assertThat(narrow.json().get("message").asString()).startsWith("Insufficient scope; expected any of: ")
                .contains("read:organizations");
    }
}
