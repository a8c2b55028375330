package dev.atrium.web.management;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Third-party applications through the Management API: classification, modes, the curated property
 * set of strict applications, and the client-grant and tenant-setting rules (third-party-apps.md
 * §2.1, §2.2, T50–T51, F6; errors X28–X31, X33–X36, X38).
 */
class ThirdPartyClientsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static String api;

    @BeforeAll
    static void api() {
        api = "https://partner-api-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Partner API\","
                + "\"scopes\":[{\"value\":\"read:items\",\"description\":\"Read items\"}]}"));
    }

    @AfterEach
    void resetTenant() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":false,"
                + "\"create_permissive_third_party_clients_by_default\":false}}"));
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.json();
    }

    static TestAtrium.Response create(String extra) {
        return atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false" + extra + "}");
    }

    static void badBody(TestAtrium.Response r, String message) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_body");
        assertThat(r.json().get("error").asString()).isEqualTo("Bad Request");
        assertThat(r.json().get("message").asString()).contains(message);
    }

    @Test
    void T3_T5_T12_T14_T17_strictDefaultsOnCreate() {
        JsonNode c = ok(create(",\"app_type\":\"spa\",\"callbacks\":[\"https://partner.example/cb\"]"));
        assertThat(c.get("client_id").asString()).startsWith("tpc_").hasSize(36);
        assertThat(c.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(c.get("is_first_party").asBoolean()).isFalse();
        assertThat(c.get("grant_types")).extracting(JsonNode::asString).containsExactly("authorization_code", "refresh_token");
        assertThat(c.get("jwt_configuration").get("lifetime_in_seconds").asInt()).isEqualTo(3600);
        assertThat(c.get("jwt_configuration").get("alg").asString()).isEqualTo("RS256");
        assertThat(c.get("refresh_token").get("rotation_type").asString()).isEqualTo("rotating");
        assertThat(c.get("refresh_token").get("expiration_type").asString()).isEqualTo("expiring");
        assertThat(c.get("refresh_token").get("infinite_token_lifetime").asBoolean()).isFalse();
        assertThat(c.get("redirection_policy").asString()).isEqualTo("open_redirect_protection");
        // properties outside the curated set get no defaults
        assertThat(c.has("cross_origin_authentication")).isFalse();
        assertThat(c.has("allowed_logout_urls")).isFalse();
    }

    @Test
    void T18_thirdPartyApplicationsAreListedByTheFilter() {
        String id = ok(create("")).get("client_id").asString();
        JsonNode list = ok(atrium.mgmt("GET", "/clients?is_first_party=false&fields=client_id,third_party_security_mode", null));
        assertThat(list.findValuesAsString("client_id")).contains(id);
    }

    @Test
    void X28_T4_permissiveIsRefusedInANonEligibleTenant() {
        badBody(create(",\"third_party_security_mode\":\"permissive\""),
                "third_party_security_mode \"permissive\" is not available for this tenant");
    }

    @Test
    void T4_T5_T20_permissiveInAnEligibleTenantHasTheStandardIdAndAllProperties() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":true}}"));
        JsonNode c = ok(create(",\"third_party_security_mode\":\"permissive\",\"cross_origin_authentication\":true,"
                + "\"grant_types\":[\"authorization_code\",\"implicit\"]"));
        assertThat(c.get("client_id").asString()).doesNotStartWith("tpc_").hasSize(32);
        assertThat(c.get("cross_origin_authentication").asBoolean()).isTrue();
    }

    @Test
    void T20_C3_permissiveApplicationsNeverGetThePasswordGrant() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":true}}"));
        badBody(create(",\"third_party_security_mode\":\"permissive\",\"grant_types\":[\"password\"]"),
                "grant_types value password is not allowed for third-party clients");
    }

    @Test
    void T3_F6_theMigrationSwitchDecidesTheModeOfNewApplicationsOnlyInEligibleTenants() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"create_permissive_third_party_clients_by_default\":true}}"));
        assertThat(ok(create("")).get("third_party_security_mode").asString()).as("not eligible: never permissive").isEqualTo("strict");
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":true}}"));
        assertThat(ok(create("")).get("third_party_security_mode").asString()).isEqualTo("permissive");
        assertThat(ok(create(",\"third_party_security_mode\":\"strict\"")).get("third_party_security_mode").asString())
                .isEqualTo("strict");
        // F6 step 4: the switch is turned off, omitted mode means strict again
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"create_permissive_third_party_clients_by_default\":false}}"));
        assertThat(ok(create("")).get("third_party_security_mode").asString()).isEqualTo("strict");
    }

    @Test
    void X29_T6_aClientIdCannotBeImportedForThirdPartyApplications() {
        badBody(create(",\"client_id\":\"my-own-id\""), "client_id cannot be set for third-party clients");
    }

    @Test
    void X30_T10_propertiesOutsideTheCuratedSetAreRefused() {
        badBody(create(",\"cross_origin_authentication\":true"),
                "Property cross_origin_authentication is not supported for third-party clients");
        String id = ok(create("")).get("client_id").asString();
        badBody(atrium.mgmt("PATCH", "/clients/" + id, "{\"allowed_logout_urls\":[\"https://p.example/bye\"]}"),
                "Property allowed_logout_urls is not supported for third-party clients");
        ok(atrium.mgmt("PATCH", "/clients/" + id, "{\"description\":\"A partner\",\"logo_uri\":\"https://p.example/l.png\"}"));
    }

    @Test
    void X30_T11_T12_T14_T15_valuesOutsideTheStrictSetAreRefused() {
        badBody(create(",\"app_type\":\"sso_integration\""), "app_type value sso_integration is not allowed for third-party clients");
        badBody(create(",\"grant_types\":[\"authorization_code\",\"implicit\"]"),
                "grant_types value implicit is not allowed for third-party clients");
        badBody(create(",\"jwt_configuration\":{\"alg\":\"HS256\"}"),
                "jwt_configuration.alg value HS256 is not allowed for third-party clients");
        badBody(create(",\"client_authentication_methods\":{\"tls_client_auth\":{\"credentials\":[]}}"),
                "client_authentication_methods value tls_client_auth is not allowed for third-party clients");
    }

    @Test
    void X30_T16_wildcardUrlsAreRefused() {
        badBody(create(",\"callbacks\":[\"https://*.partner.example/cb\"]"), "Wildcards are not allowed in URLs for third-party clients");
        badBody(create(",\"web_origins\":[\"https://*.partner.example\"]"), "Wildcards are not allowed in URLs for third-party clients");
    }

    @Test
    void X30_T17_refreshTokensMustExpire() {
        badBody(create(",\"refresh_token\":{\"expiration_type\":\"non-expiring\"}"),
                "refresh_token.expiration_type value non-expiring is not allowed for third-party clients");
        badBody(create(",\"refresh_token\":{\"infinite_token_lifetime\":true}"),
                "refresh_token.infinite_token_lifetime value true is not allowed for third-party clients");
        // an object without expiration_type is completed as expiring rather than read as non-expiring
        String id = ok(create("")).get("client_id").asString();
        JsonNode patched = ok(atrium.mgmt("PATCH", "/clients/" + id, "{\"refresh_token\":{\"rotation_type\":\"rotating\",\"leeway\":5}}"));
        assertThat(patched.get("refresh_token").get("expiration_type").asString()).isEqualTo("expiring");
        assertThat(patched.get("refresh_token").get("leeway").asInt()).isEqualTo(5);
    }

    @Test
    void X30_T13_T19_clientCredentialsNeedsAConfidentialApplication() {
        badBody(create(",\"app_type\":\"spa\",\"token_endpoint_auth_method\":\"none\","
                        + "\"grant_types\":[\"authorization_code\",\"client_credentials\"]"),
                "grant_types value client_credentials is not allowed for public third-party clients");
        JsonNode full = ok(create(",\"app_type\":\"regular_web\",\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]"));
        badBody(atrium.mgmt("PATCH", "/clients/" + full.get("client_id").asString(), "{\"token_endpoint_auth_method\":\"none\"}"),
                "client_credentials is not allowed for public third-party clients");
    }

    @Test
    void X31_T7_T8_ownershipAndModeCannotChange() {
        String id = ok(create("")).get("client_id").asString();
        badBody(atrium.mgmt("PATCH", "/clients/" + id, "{\"is_first_party\":true}"), "is_first_party cannot be changed after creation");
        badBody(atrium.mgmt("PATCH", "/clients/" + id, "{\"third_party_security_mode\":\"permissive\"}"),
                "third_party_security_mode cannot be changed after creation");
        ok(atrium.mgmt("PATCH", "/clients/" + id, "{\"is_first_party\":false,\"third_party_security_mode\":\"strict\"}"));
        String firstParty = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Own app " + System.nanoTime() + "\"}")).get("client_id").asString();
        badBody(atrium.mgmt("PATCH", "/clients/" + firstParty, "{\"is_first_party\":false}"), "is_first_party cannot be changed after creation");
    }

    @Test
    void X33_T51_exactlyOneOfClientIdAndDefaultFor() {
        String id = ok(create("")).get("client_id").asString();
        badBody(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"default_for\":\"third_party_clients\","
                + "\"audience\":\"" + api + "\",\"scope\":[]}"), "exactly one of client_id and default_for is required");
        badBody(atrium.mgmt("POST", "/client-grants", "{\"audience\":\"" + api + "\",\"scope\":[]}"),
                "exactly one of client_id and default_for is required");
    }

    @Test
    void X34_T50_noGrantToASystemApi() {
        String id = ok(create("")).get("client_id").asString();
        String mgmt = atrium.server().managementAudience();
        badBody(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + mgmt + "\",\"scope\":[]}"),
                "third-party clients cannot be granted access to system APIs");
        badBody(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + mgmt
                + "\",\"scope\":[],\"subject_type\":\"user\"}"), "third-party clients cannot be granted access to system APIs");
    }

    @Test
    void X35_allowAnyOrganizationIsNotAvailableForThirdPartyClients() {
        String id = ok(create(",\"grant_types\":[\"client_credentials\"]")).get("client_id").asString();
        badBody(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + api
                + "\",\"scope\":[],\"allow_any_organization\":true}"), "allow_any_organization is not available for third-party clients");
    }

    @Test
    void X36_T51_oneGrantPerClientAudienceAndSubjectType() {
        String id = ok(create("")).get("client_id").asString();
        String body = "{\"client_id\":\"" + id + "\",\"audience\":\"" + api + "\",\"scope\":[\"read:items\"],\"subject_type\":\"user\"}";
        ok(atrium.mgmt("POST", "/client-grants", body));
        var again = atrium.mgmt("POST", "/client-grants", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asString()).isEqualTo("A client grant for this client and audience already exists");
        // the other subject type is a separate grant
        ok(atrium.mgmt("POST", "/client-grants", body.replace("\"user\"", "\"client\"")));
    }

    @Test
    void X38_T96_permissiveRegistrationModeOnlyForEligibleTenants() {
        badBody(atrium.mgmt("PATCH", "/tenants/settings", "{\"dynamic_client_registration_security_mode\":\"permissive\"}"),
                "permissive mode is not available for this tenant");
    }

    @Test
    void T93_C2_registrationModeFollowsTheTenantSettingInEligibleTenants() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true,"
                + "\"third_party_permissive_mode_eligible\":true},\"dynamic_client_registration_security_mode\":\"permissive\"}"));
        try {
            var r = atrium.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"client_name\":\"Legacy agent\",\"redirect_uris\":[\"https://agent.example/cb\"]}")).build());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            String id = r.json().get("client_id").asString();
            assertThat(id).doesNotStartWith("tpc_");
            assertThat(ok(atrium.mgmt("GET", "/clients/" + id, null)).get("third_party_security_mode").asString()).isEqualTo("permissive");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":false},"
                    + "\"dynamic_client_registration_security_mode\":\"strict\"}"));
        }
    }
}
