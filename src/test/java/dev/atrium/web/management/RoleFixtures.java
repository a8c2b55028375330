package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Uniquely named roles, APIs and request bodies for the role tests, created over HTTP. */
final class RoleFixtures {
    private RoleFixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + Ids.alnum(10);
    }

    static JsonNode createRole(TestAtrium atrium, String name) {
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + name + "\",\"description\":\"about " + name + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static String createOrganizationRole(TestAtrium atrium, String name) {
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + name + "\",\"type\":\"organization\",\"owner_id\":\"org_"
                + Ids.alnum(16) + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    /** A new API named "API " + its identifier, with {@code scopes} described as "can " + scope; returns its identifier. */
    static String createApi(TestAtrium atrium, String... scopes) {
        String identifier = "https://" + Ids.alnum(10).toLowerCase() + ".example.com/api";
        List<String> items = new ArrayList<>();
        for (String scope : scopes) {
            items.add("{\"value\":\"" + scope + "\",\"description\":\"can " + scope + "\"}");
        }
        var r = atrium.mgmt("POST", "/resource-servers", "{\"name\":\"API " + identifier + "\",\"identifier\":\""
                + identifier + "\",\"scopes\":[" + String.join(",", items) + "]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return identifier;
    }

    static String permissionsBody(String api, String... names) {
        List<String> items = new ArrayList<>();
        for (String n : names) {
            items.add("{\"resource_server_identifier\":\"" + api + "\",\"permission_name\":\"" + n + "\"}");
        }
        return "{\"permissions\":[" + String.join(",", items) + "]}";
    }

    /** A Management API token of the bootstrap client holding only {@code scope}. */
    static String tokenWith(TestAtrium atrium, String scope) {
        return atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                atrium.server().managementAudience(), scope).json().get("access_token").asString();
    }

    /** Auth0's error shape; {@code errorCode} null means the body has none. */
    static void assertError(TestAtrium.Response r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(status);
        assertThat(r.json().get("error").asString()).isEqualTo(ApiException.reason(status));
        if (errorCode == null) {
            assertThat(r.json().has("errorCode")).isFalse();
        } else {
            assertThat(r.json().get("errorCode").asString()).isEqualTo(errorCode);
        }
    }
}
