package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.atrium.web.management.OrganizationFixtures.createConnection;
import static dev.atrium.web.management.OrganizationFixtures.createOrg;
import static dev.atrium.web.management.OrganizationFixtures.created;
import static dev.atrium.web.management.OrganizationFixtures.orgName;
import static dev.atrium.web.management.RoleFixtures.assertError;
import static dev.atrium.web.management.RoleFixtures.tokenWith;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v2/organizations} itself, enabled connections and {@code /users/{id}/organizations} (api-contract.md §B.7.1, §B.7.4). */
class OrganizationsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    @Test
    void O11_createAnswers201WithDefaultsAndGetReturnsIt() {
        String name = orgName();
        JsonNode org = created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"display_name\":\"Acme Inc.\","
                + "\"branding\":{\"logo_url\":\"https://cdn.example/acme.png\",\"colors\":{\"primary\":\"#0059d6\",\"page_background\":\"#fff\"}},"
                + "\"metadata\":{\"plan\":\"gold\"},\"token_quota\":{\"client_credentials\":{\"per_hour\":50}}}"));
        assertThat(org.get("id").asString()).matches("org_[A-Za-z0-9]{16}");
        assertThat(org.get("name").asString()).isEqualTo(name);
        assertThat(org.get("display_name").asString()).isEqualTo("Acme Inc.");
        assertThat(org.get("branding").get("colors").get("page_background").asString()).isEqualTo("#fff");
        assertThat(org.get("metadata").get("plan").asString()).isEqualTo("gold");
        assertThat(org.get("token_quota").get("client_credentials").get("enforce").asBoolean()).isTrue();
        assertThat(org.get("third_party_client_access").asString()).isEqualTo("block");
        assertThat(org.get("is_app_entitlement_active").asBoolean()).isFalse();
        assertThat(org.has("enabled_connections")).isFalse();

        String id = org.get("id").asString();
        assertThat(atrium.mgmt("GET", "/organizations/" + id, null).json()).isEqualTo(org);
        assertThat(atrium.mgmt("GET", "/organizations/name/" + name, null).json()).isEqualTo(org);
        assertError(atrium.mgmt("GET", "/organizations/name/nobody-" + name, null), 404, null);
        var missing = atrium.mgmt("GET", "/organizations/org_0000000000000000", null);
        assertError(missing, 404, null);
        assertThat(missing.json().get("message").asString()).isEqualTo("No organization found by that id or name");
    }

    @Test
    void O1_O5_O6_O7_O8_invalidBodiesAre400() {
        for (String body : List.of("{\"name\":\"Upper\"}", "{\"name\":\"\"}", "{\"name\":\"a b\"}",
                "{\"name\":\"" + "a".repeat(51) + "\"}", "{}",
                "{\"name\":\"" + orgName() + "\",\"display_name\":\"\"}",
                "{\"name\":\"" + orgName() + "\",\"metadata\":{\"k\":1}}",
                "{\"name\":\"" + orgName() + "\",\"metadata\":{\"k\":\"" + "v".repeat(256) + "\"}}",
                "{\"name\":\"" + orgName() + "\",\"branding\":{\"logo_url\":\"http://x.example/a.png\"}}",
                "{\"name\":\"" + orgName() + "\",\"branding\":{\"colors\":{\"primary\":\"#fff\"}}}",
                "{\"name\":\"" + orgName() + "\",\"branding\":{\"colors\":{\"primary\":\"red\",\"page_background\":\"#fff\"}}}",
                "{\"name\":\"" + orgName() + "\",\"branding\":{\"extra\":1}}",
                "{\"name\":\"" + orgName() + "\",\"token_quota\":{\"client_credentials\":{}}}",
                "{\"name\":\"" + orgName() + "\",\"third_party_client_access\":\"maybe\"}",
                "{\"name\":\"" + orgName() + "\",\"unknown\":true}")) {
            assertError(atrium.mgmt("POST", "/organizations", body), 400, "invalid_body");
        }
        StringBuilder meta = new StringBuilder("{");
        for (int i = 0; i < 26; i++) {
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertError(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"metadata\":" + meta + "}}"),
                400, "invalid_body");
        assertThat(atrium.mgmt("POST", "/organizations", "{\"name\":\"0-starts_with-digit\"}").status()).isIn(201, 409);
    }

    @Test
    void O2_O3_duplicateNameIs409AndFreedNameIsReusable() {
        String name = orgName();
        String id = created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\"}")).get("id").asString();
        var dup = atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\"}");
        assertError(dup, 409, "organization_conflict");
        assertThat(dup.json().get("message").asString()).isEqualTo("An organization with the same name already exists.");
        String other = createOrg(atrium);
        assertError(atrium.mgmt("PATCH", "/organizations/" + other, "{\"name\":\"" + name + "\"}"), 409, "organization_conflict");

        assertThat(atrium.mgmt("PATCH", "/organizations/" + id, "{\"name\":\"" + name + "-2\"}").status()).isEqualTo(200);
        assertThat(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
    }

    @Test
    void O4_patchChangesOnlyWhatIsSentAndNullRemoves() {
        String id = created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"display_name\":\"Old\","
                + "\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}")).get("id").asString();
        var r = atrium.mgmt("PATCH", "/organizations/" + id, "{\"display_name\":\"New\",\"metadata\":{\"c\":\"3\"},"
                + "\"third_party_client_access\":\"deny\",\"is_app_entitlement_active\":true}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(id);
        assertThat(r.json().get("display_name").asString()).isEqualTo("New");
        assertThat(r.json().get("metadata").propertyNames()).containsExactly("c");
        assertThat(r.json().get("third_party_client_access").asString()).isEqualTo("block");
        assertThat(r.json().get("is_app_entitlement_active").asBoolean()).isTrue();
        r = atrium.mgmt("PATCH", "/organizations/" + id, "{\"display_name\":null,\"third_party_client_access\":\"allow\"}");
        assertThat(r.json().has("display_name")).isFalse();
        assertThat(r.json().get("third_party_client_access").asString()).isEqualTo("allow");
        assertError(atrium.mgmt("PATCH", "/organizations/" + id, "{\"id\":\"org_x\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("PATCH", "/organizations/" + id, "{\"enabled_connections\":[]}"), 400, "invalid_body");
        assertError(atrium.mgmt("PATCH", "/organizations/org_0000000000000000", "{\"display_name\":\"x\"}"), 404, null);
    }

    @Test
    void O9_createWithEnabledConnectionsEchoesThem() {
        String db = createConnection(atrium, "auth0");
        String google = createConnection(atrium, "google-oauth2");
        JsonNode org = created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"enabled_connections\":["
                + "{\"connection_id\":\"" + db + "\",\"assign_membership_on_login\":true,\"is_signup_enabled\":true},"
                + "{\"connection_id\":\"" + google + "\",\"show_as_button\":false}]}"));
        JsonNode ec = org.get("enabled_connections");
        assertThat(ec).hasSize(2);
        assertThat(ec.get(0).get("connection_id").asString()).isEqualTo(db);
        assertThat(ec.get(0).get("is_signup_enabled").asBoolean()).isTrue();
        assertThat(ec.get(0).get("show_as_button").asBoolean()).isTrue();
        assertThat(ec.get(0).get("connection").get("strategy").asString()).isEqualTo("auth0");
        assertThat(ec.get(1).get("show_as_button").asBoolean()).isFalse();
        assertThat(ec.get(1).get("assign_membership_on_login").asBoolean()).isFalse();

        assertError(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"enabled_connections\":["
                + "{\"connection_id\":\"con_0000000000000000\"}]}"), 400, "invalid_body");
        String name = orgName();
        assertError(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"enabled_connections\":["
                + "{\"connection_id\":\"" + google + "\",\"assign_membership_on_login\":true,\"is_signup_enabled\":true}]}"),
                400, "invalid_body");
        assertError(atrium.mgmt("GET", "/organizations/name/" + name, null), 404, null);
        String token = tokenWith(atrium, "create:organizations");
        assertError(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"enabled_connections\":[]}", token),
                403, "insufficient_scope");
    }

    @Test
    void enabledConnectionsLifecycle() {
        String org = createOrg(atrium);
        String db = createConnection(atrium, "auth0");
        String base = "/organizations/" + org + "/enabled_connections";
        JsonNode c = created(atrium.mgmt("POST", base, "{\"connection_id\":\"" + db + "\"}"));
        assertThat(c.get("assign_membership_on_login").asBoolean()).isFalse();
        assertThat(c.get("show_as_button").asBoolean()).isTrue();
        assertThat(c.get("is_signup_enabled").asBoolean()).isFalse();
        assertError(atrium.mgmt("POST", base, "{\"connection_id\":\"" + db + "\"}"), 409, "conflict");

        var bad = atrium.mgmt("PATCH", base + "/" + db, "{\"is_signup_enabled\":true}");
        assertError(bad, 400, "invalid_body");
        assertThat(bad.json().get("message").asString()).isEqualTo(
                "Only database connections with assign_membership_on_login = true support is_signup_enabled = true.");
        var ok = atrium.mgmt("PATCH", base + "/" + db, "{\"assign_membership_on_login\":true,\"is_signup_enabled\":true}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(atrium.mgmt("GET", base + "/" + db, null).json()).isEqualTo(ok.json());

        var page = atrium.mgmt("GET", base + "?page=0&per_page=50&include_totals=true", null).json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("enabled_connections").get(0).get("connection_id").asString()).isEqualTo(db);
        assertThat(atrium.mgmt("GET", base, null).json().isArray()).isTrue();

        assertThat(atrium.mgmt("DELETE", base + "/" + db, null).status()).isEqualTo(204);
        var gone = atrium.mgmt("GET", base + "/" + db, null);
        assertError(gone, 404, null);
        assertThat(gone.json().get("message").asString()).isEqualTo("No connection found by that id");
        assertError(atrium.mgmt("GET", "/organizations/org_0000000000000000/enabled_connections", null), 404, null);
    }

    @Test
    void earlyAccessConnectionsShareTheAssociationsOfTheGaEndpoints() {
        String org = createOrg(atrium);
        String db = createConnection(atrium, "auth0");
        String other = createConnection(atrium, "auth0");
        String base = "/organizations/" + org + "/connections";
        JsonNode c = created(atrium.mgmt("POST", base, "{\"connection_id\":\"" + db + "\",\"organization_connection_name\":\"Staff\","
                + "\"organization_access_level\":\"read-only\"}"));
        assertThat(c.get("is_enabled").asBoolean()).isTrue();
        assertThat(c.get("organization_access_level").asString()).isEqualTo("readonly");
        assertThat(c.get("connection").get("name").isString()).isTrue();
        var dup = atrium.mgmt("POST", base, "{\"connection_id\":\"" + db + "\"}");
        assertError(dup, 409, "conflict");
        assertThat(dup.json().get("message").asString()).isEqualTo("The organization connection already exists.");
        assertError(atrium.mgmt("POST", base, "{\"connection_id\":\"" + other + "\",\"organization_access_level\":\"admin\"}"),
                400, "invalid_body");
        created(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + other + "\"}"));
        assertError(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections",
                "{\"connection_id\":\"" + other + "\",\"is_enabled\":false}"), 400, "invalid_body");

        var patched = atrium.mgmt("PATCH", base + "/" + db, "{\"is_enabled\":false,\"organization_connection_name\":null}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("is_enabled").asBoolean()).isFalse();
        assertThat(patched.json().has("organization_connection_name")).isFalse();
        assertThat(patched.json().get("organization_access_level").asString()).isEqualTo("readonly");

        JsonNode enabledOnly = atrium.mgmt("GET", base + "?is_enabled=true&include_totals=true", null).json();
        assertThat(enabledOnly.get("total").asInt()).isEqualTo(1);
        assertThat(enabledOnly.get("connections").get(0).get("connection_id").asString()).isEqualTo(other);
        // the GA listing keeps disabled associations and shows none of the Early Access fields (organizations.md Q13)
        JsonNode legacy = atrium.mgmt("GET", "/organizations/" + org + "/enabled_connections", null).json();
        assertThat(legacy).hasSize(2);
        assertThat(legacy.get(0).has("is_enabled")).isFalse();
        assertThat(atrium.mgmt("GET", base + "/" + other, null).json().get("is_enabled").asBoolean()).isTrue();
        assertThat(atrium.mgmt("DELETE", base + "/" + db, null).status()).isEqualTo(204);
        assertError(atrium.mgmt("GET", base + "/" + db, null), 404, null);
    }

    @Test
    void atMostTenConnections() {
        String org = createOrg(atrium);
        for (int i = 0; i < 10; i++) {
            created(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections",
                    "{\"connection_id\":\"" + createConnection(atrium, "auth0") + "\"}"));
        }
        assertError(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections",
                "{\"connection_id\":\"" + createConnection(atrium, "auth0") + "\"}"), 400, "invalid_body");
    }

    @Test
    void O133_listPagesBothWaysAndSorts() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add(createOrg(atrium));
        }
        var offset = atrium.mgmt("GET", "/organizations?page=0&per_page=2&include_totals=true", null).json();
        assertThat(offset.get("organizations")).hasSize(2);
        assertThat(offset.get("start").asInt()).isZero();
        assertThat(offset.get("limit").asInt()).isEqualTo(2);
        long total = offset.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(atrium.mgmt("GET", "/organizations", null).json().isArray()).isTrue();

        List<String> seen = new ArrayList<>();
        String from = null;
        do {
            // Node sends include_totals=true with take: checkpoint mode wins (api-contract.md §B.2.4)
            JsonNode page = atrium.mgmt("GET", "/organizations?include_totals=true&take=2" + (from == null ? "" : "&from=" + from), null).json();
            assertThat(page.has("total")).isFalse();
            page.get("organizations").forEach(o -> seen.add(o.get("id").asString()));
            from = page.has("next") ? page.get("next").asString() : null;
        } while (from != null);
        assertThat(seen).hasSize((int) total).containsAll(mine);

        JsonNode byName = atrium.mgmt("GET", "/organizations?sort=name:-1&per_page=100", null).json();
        List<String> names = new ArrayList<>();
        byName.forEach(o -> names.add(o.get("name").asString()));
        assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertError(atrium.mgmt("GET", "/organizations?sort=id:1", null), 400, "invalid_query_string");
        assertError(atrium.mgmt("GET", "/organizations?page=20&per_page=50", null), 400, "invalid_paging");
    }

    @Test
    void summaryScopeSeesFewerFields() {
        String id = created(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + orgName() + "\",\"metadata\":{\"a\":\"b\"}}"))
                .get("id").asString();
        var r = atrium.mgmt("GET", "/organizations/" + id, null, tokenWith(atrium, "read:organizations_summary"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("metadata")).isFalse();
        assertThat(r.json().get("id").asString()).isEqualTo(id);
        assertError(atrium.mgmt("GET", "/organizations/" + id, null, tokenWith(atrium, "read:users")), 403, "insufficient_scope");
    }

    @Test
    void O10_deleteIs204ThenUnknownIs404AndMembersKeepTheirAccounts() {
        String org = createOrg(atrium);
        String user = atrium.users().create();
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + user + "\"]}").status())
                .isEqualTo(204);
        assertThat(atrium.mgmt("DELETE", "/organizations/" + org, null).status()).isEqualTo(204);
        assertError(atrium.mgmt("DELETE", "/organizations/" + org, null), 404, null);
        assertError(atrium.mgmt("GET", "/organizations/" + org + "/members", null), 404, null);
        var orgs = atrium.mgmt("GET", "/users/" + TestAtrium.enc(user) + "/organizations", null);
        assertThat(orgs.status()).isEqualTo(200);
        assertThat(orgs.json()).isEmpty();
    }

    @Test
    void organizationsOfAUser() {
        String a = createOrg(atrium);
        String b = createOrg(atrium);
        String user = atrium.users().create();
        atrium.mgmt("POST", "/organizations/" + a + "/members", "{\"members\":[\"" + user + "\"]}");
        atrium.mgmt("POST", "/organizations/" + b + "/members", "{\"members\":[\"" + user + "\"]}");
        var page = atrium.mgmt("GET", "/users/" + TestAtrium.enc(user) + "/organizations?page=0&per_page=50&include_totals=true", null).json();
        assertThat(page.get("total").asInt()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        page.get("organizations").forEach(o -> ids.add(o.get("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(a, b);
        var missing = atrium.mgmt("GET", "/users/auth0%7Cnobody/organizations", null);
        assertError(missing, 404, "inexistent_user");
    }

    /**
     * PATCHes of different properties sent at the same time all survive: each is read and written
     * under the organization's row lock, so none writes back the document another one read before it.
     */
    @Test
    void concurrentPatchesOfDifferentPropertiesAllSurvive() throws Exception {
        String id = createOrg(atrium);
        List<ObjectNode> patches = new ArrayList<>();
        patches.add(Json.object().put("display_name", "Concurrent Inc."));
        patches.add(Json.object().put("third_party_client_access", "allow"));
        patches.add(Json.object().put("is_app_entitlement_active", true));
        ObjectNode metadata = Json.object();
        metadata.set("metadata", Json.object().put("plan", "gold"));
        patches.add(metadata);
        ObjectNode branding = Json.object();
        branding.set("branding", Json.object().put("logo_url", "https://cdn.example/c.png"));
        patches.add(branding);
        ObjectNode quota = Json.object();
        quota.set("token_quota", Json.object().set("client_credentials", Json.object().put("per_day", 10)));
        patches.add(quota);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(patches.size());
        try {
            for (int round = 0; round < 3; round++) {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
                for (ObjectNode patch : patches) {
                    statuses.add(pool.submit(() -> {
                        start.await();
                        return atrium.mgmt("PATCH", "/organizations/" + id, Json.write(patch)).status();
                    }));
                }
                start.countDown();
                for (var status : statuses) {
                    assertThat(status.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                }
                JsonNode org = atrium.mgmt("GET", "/organizations/" + id, null).json();
                assertThat(org.get("display_name").asString()).isEqualTo("Concurrent Inc.");
                assertThat(org.get("third_party_client_access").asString()).isEqualTo("allow");
                assertThat(org.get("is_app_entitlement_active").asBoolean()).isTrue();
                assertThat(org.get("metadata").get("plan").asString()).isEqualTo("gold");
                assertThat(org.get("branding").get("logo_url").asString()).isEqualTo("https://cdn.example/c.png");
                assertThat(org.get("token_quota").get("client_credentials").get("per_day").asInt()).isEqualTo(10);
                // start the next round from a bare document again
                assertThat(atrium.mgmt("PATCH", "/organizations/" + id, "{\"display_name\":null,\"metadata\":null,"
                        + "\"branding\":null,\"token_quota\":null,\"third_party_client_access\":\"block\","
                        + "\"is_app_entitlement_active\":false}").status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
