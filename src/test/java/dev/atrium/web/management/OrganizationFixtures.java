package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Organizations, connections, applications and grants created over HTTP for the organization tests. */
final class OrganizationFixtures {
    private OrganizationFixtures() {
    }

    static String orgName() {
        return "org-" + Ids.alnum(10).toLowerCase();
    }

    static JsonNode created(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** A new organization; returns its id. */
    static String createOrg(TestAtrium atrium) {
        return created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\"}")).get("id").asString();
    }

    /** A new connection of {@code strategy}; returns its id. */
    static String createConnection(TestAtrium atrium, String strategy) {
        return created(atrium.mgmt("POST", "/connections", "{\"name\":\"conn-" + Ids.alnum(10) + "\",\"strategy\":\""
                + strategy + "\"}")).get("id").asString();
    }

    /** A new application from {@code json} fields (without braces); returns the create response. */
    static JsonNode createClient(TestAtrium atrium, String fields) {
        return created(atrium.mgmt("POST", "/clients", "{\"name\":\"app-" + Ids.alnum(8) + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}"));
    }

    /** A client grant; returns its id. */
    static String createGrant(TestAtrium atrium, String clientId, String audience, String fields) {
        return created(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + audience
                + "\",\"scope\":[]" + (fields.isEmpty() ? "" : "," + fields) + "}")).get("id").asString();
    }
}
