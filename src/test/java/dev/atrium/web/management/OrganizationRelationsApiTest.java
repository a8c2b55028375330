package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.atrium.web.management.OrganizationFixtures.createClient;
import static dev.atrium.web.management.OrganizationFixtures.createConnection;
import static dev.atrium.web.management.OrganizationFixtures.createGrant;
import static dev.atrium.web.management.OrganizationFixtures.createOrg;
import static dev.atrium.web.management.OrganizationFixtures.created;
import static dev.atrium.web.management.RoleFixtures.assertError;
import static dev.atrium.web.management.RoleFixtures.createApi;
import static dev.atrium.web.management.RoleFixtures.createRole;
import static dev.atrium.web.management.RoleFixtures.tokenWith;
import static dev.atrium.web.management.RoleFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members, member roles, invitations, client-grant associations, per-application access and
 * discovery domains of an organization over HTTP (api-contract.md §B.7.2–§B.7.7).
 */
class OrganizationRelationsApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static String orgRole(String org) {
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + unique("orgrole") + "\",\"type\":\"organization\",\"owner_id\":\"" + org + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    // members and member roles

    @Test
    void O66_membersAddListRemove() {
        String org = createOrg(atrium);
        String base = "/organizations/" + org + "/members";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(atrium.users().create());
        }
        assertThat(atrium.mgmt("POST", base, "{\"members\":[\"" + String.join("\",\"", ids) + "\"]}").status()).isEqualTo(204);
        assertThat(atrium.mgmt("POST", base, "{\"members\":[\"" + ids.get(0) + "\"]}").status()).isEqualTo(204);

        JsonNode all = atrium.mgmt("GET", base, null).json();
        assertThat(all).hasSize(3);
        assertThat(all.get(0).has("email")).isTrue();
        assertThat(all.get(0).has("roles")).isFalse();
        JsonNode offset = atrium.mgmt("GET", base + "?page=0&per_page=2&include_totals=true", null).json();
        assertThat(offset.get("total").asInt()).isEqualTo(3);
        assertThat(offset.get("members")).hasSize(2);
        JsonNode first = atrium.mgmt("GET", base + "?include_totals=true&take=2", null).json();
        assertThat(first.get("members")).hasSize(2);
        JsonNode second = atrium.mgmt("GET", base + "?take=2&from=" + first.get("next").asString(), null).json();
        assertThat(second.get("members")).hasSize(1);
        assertThat(second.has("next")).isFalse();

        assertError(atrium.mgmt("POST", base, "{\"members\":[\"auth0|nobody\"]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", base, "{\"members\":[]}"), 400, "invalid_body");
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("\"u" + i + "\"");
        }
        assertError(atrium.mgmt("POST", base, "{\"members\":[" + String.join(",", eleven) + "]}"), 400, "invalid_body");

        assertThat(atrium.mgmt("DELETE", base, "{\"members\":[\"" + ids.get(0) + "\",\"auth0|nobody\"]}").status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", base, null).json()).hasSize(2);
        assertError(atrium.mgmt("GET", "/organizations/org_0000000000000000/members", null), 404, null);
    }

    /**
     * The list reads the organization only when its page is empty (a membership proves the organization), so
     * every empty page must still tell an organization without members (200) from one that does not exist (404).
     */
    @Test
    void O66_anEmptyPageOfMembersIsAnEmptyListOnlyForAnOrganizationThatExists() {
        String org = createOrg(atrium);
        String base = "/organizations/" + org + "/members";
        var none = atrium.mgmt("GET", base, null);
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(none.json()).isEmpty();
        JsonNode totals = atrium.mgmt("GET", base + "?include_totals=true", null).json();
        assertThat(totals.get("members")).isEmpty();
        assertThat(totals.get("total").asInt()).isZero();

        String id = atrium.users().create();
        assertThat(atrium.mgmt("POST", base, "{\"members\":[\"" + id + "\"]}").status()).isEqualTo(204);
        var past = atrium.mgmt("GET", base + "?page=5&per_page=10", null);
        assertThat(past.status()).as(past.toString()).isEqualTo(200);
        assertThat(past.json()).isEmpty();
        // the page is read before the organization, but never before the token's scope is checked
        var unscoped = atrium.mgmt("GET", base, null, tokenWith(atrium, "read:organizations"));
        assertError(unscoped, 403, "insufficient_scope");
        assertThat(unscoped.toString()).doesNotContain(id);

        assertThat(atrium.mgmt("DELETE", "/organizations/" + org, null).status()).isEqualTo(204);
        assertError(atrium.mgmt("GET", base, null), 404, null);
        assertError(atrium.mgmt("GET", base + "?page=5&per_page=10", null), 404, null);
        assertError(atrium.mgmt("GET", "/organizations/org_0000000000000000/members?include_totals=true", null), 404, null);
    }

    @Test
    void O66_membersShowEachUsersCurrentEmailNameAndPicture() {
        String org = createOrg(atrium);
        String email = unique("member").toLowerCase(java.util.Locale.ROOT) + "@example.com";
        JsonNode user = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + email
                + "\",\"password\":\"Corr3ct-Horse-Battery-Staple\",\"name\":\"Ada Member\",\"picture\":\"https://img.example/ada.png\"}").json();
        String id = user.get("user_id").asString();
        String base = "/organizations/" + org + "/members";
        assertThat(atrium.mgmt("POST", base, "{\"members\":[\"" + id + "\"]}").status()).isEqualTo(204);

        JsonNode member = atrium.mgmt("GET", base, null).json().get(0);
        assertThat(member.get("user_id").asString()).isEqualTo(id);
        assertThat(member.get("email").asString()).isEqualTo(email);
        assertThat(member.get("name").asString()).isEqualTo("Ada Member");
        assertThat(member.get("picture").asString()).isEqualTo("https://img.example/ada.png");

        // each membership keeps a copy of these fields (V285), so a profile change must reach every membership at once
        String second = createOrg(atrium);
        assertThat(atrium.mgmt("POST", "/organizations/" + second + "/members", "{\"members\":[\"" + id + "\"]}").status())
                .isEqualTo(204);
        String renamed = unique("renamed").toLowerCase(java.util.Locale.ROOT) + "@example.com";
        assertThat(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(id), "{\"name\":\"Ada Renamed\",\"picture\":\"https://img.example/ada-2.png\","
                + "\"email\":\"" + renamed + "\"}").status()).isEqualTo(200);
        member = atrium.mgmt("GET", base, null).json().get(0);
        assertThat(member.get("email").asString()).isEqualTo(renamed);
        assertThat(member.get("name").asString()).isEqualTo("Ada Renamed");
        assertThat(member.get("picture").asString()).isEqualTo("https://img.example/ada-2.png");
        assertThat(atrium.mgmt("GET", "/organizations/" + second + "/members", null).json().get(0)).isEqualTo(member);
    }

    @Test
    void memberRolesAndFieldsRoles() {
        String org = createOrg(atrium);
        String user = atrium.users().create();
        String tenantRole = createRole(atrium, unique("tenant")).get("id").asString();
        String ownRole = orgRole(org);
        String foreignRole = orgRole(createOrg(atrium));
        String base = "/organizations/" + org + "/members/" + TestAtrium.enc(user) + "/roles";

        // roles before membership are accepted and stored (api-contract.md §B.7.2)
        assertThat(atrium.mgmt("POST", base, "{\"roles\":[\"" + tenantRole + "\",\"" + ownRole + "\"]}").status()).isEqualTo(204);
        assertError(atrium.mgmt("POST", base, "{\"roles\":[\"" + foreignRole + "\"]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", base, "{\"roles\":[\"rol_0000000000000000\"]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", base, "{\"roles\":[]}"), 400, "invalid_body");
        JsonNode roles = atrium.mgmt("GET", base + "?page=0&per_page=50&include_totals=true", null).json();
        assertThat(roles.get("total").asInt()).isEqualTo(2);
        assertThat(roles.get("roles").get(0).has("name")).isTrue();

        atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + user + "\"]}");
        JsonNode members = atrium.mgmt("GET", "/organizations/" + org + "/members?fields=roles", null).json();
        assertThat(members.get(0).get("user_id").asString()).isEqualTo(user);
        assertThat(members.get(0).get("roles")).hasSize(2);
        assertThat(members.get(0).get("roles").get(0).propertyNames()).containsExactlyInAnyOrder("id", "name");
        var noRoleScope = atrium.mgmt("GET", "/organizations/" + org + "/members?fields=roles", null,
                tokenWith(atrium, "read:organization_members"));
        assertError(noRoleScope, 403, "insufficient_scope");

        assertThat(atrium.mgmt("DELETE", base, "{\"roles\":[\"" + tenantRole + "\"]}").status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", base, null).json()).hasSize(1);
        assertError(atrium.mgmt("GET", "/organizations/" + org + "/members/auth0%7Cnobody/roles", null), 404, "inexistent_user");

        // deleting a role removes its assignments
        assertThat(atrium.mgmt("DELETE", "/roles/" + ownRole, null).status()).isEqualTo(200);
        assertThat(atrium.mgmt("GET", base, null).json()).isEmpty();
    }

    @Test
    void O95_aMemberHoldsAtMostFiftyRoles() {
        String org = createOrg(atrium);
        String user = atrium.users().create();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(createRole(atrium, unique("r")).get("id").asString());
        }
        String base = "/organizations/" + org + "/members/" + TestAtrium.enc(user) + "/roles";
        assertThat(atrium.mgmt("POST", base, "{\"roles\":[\"" + String.join("\",\"", ids) + "\"]}").status()).isEqualTo(204);
        var r = atrium.mgmt("POST", base, "{\"roles\":[\"" + createRole(atrium, unique("r")).get("id").asString() + "\"]}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asString()).isEqualTo("No more roles can be assigned to this organization member.");
    }

    // invitations

    @Test
    void O68_O71_invitationLifecycle() {
        String org = createOrg(atrium);
        String orgName = atrium.mgmt("GET", "/organizations/" + org, null).json().get("name").asString();
        String clientId = createClient(atrium, "\"initiate_login_uri\":\"https://app.example.com/login\"").get("client_id").asString();
        String role = createRole(atrium, unique("inv")).get("id").asString();
        String db = createConnection(atrium, "auth0");
        String base = "/organizations/" + org + "/invitations";
        JsonNode inv = created(atrium.mgmt("POST", base, "{\"inviter\":{\"name\":\"Ada\"},\"invitee\":{\"email\":\"bob@example.com\"},"
                + "\"client_id\":\"" + clientId + "\",\"connection_id\":\"" + db + "\",\"roles\":[\"" + role + "\"],"
                + "\"user_metadata\":{\"locale\":\"fr\"},\"send_invitation_email\":false}"));
        assertThat(inv.get("id").asString()).matches("uinv_[A-Za-z0-9]{16}");
        String ticket = inv.get("ticket_id").asString();
        assertThat(ticket).matches("[A-Za-z0-9]{32}");
        assertThat(inv.get("invitation_url").asString()).isEqualTo("https://app.example.com/login?invitation=" + ticket
                + "&organization=" + org + "&organization_name=" + orgName);
        assertThat(inv.get("organization_id").asString()).isEqualTo(org);
        assertThat(inv.get("roles").get(0).asString()).isEqualTo(role);
        assertThat(inv.get("user_metadata").get("locale").asString()).isEqualTo("fr");
        Instant created = Instant.parse(inv.get("created_at").asString());
        assertThat(Duration.between(created, Instant.parse(inv.get("expires_at").asString()))).isEqualTo(Duration.ofDays(7));

        JsonNode shortLived = created(atrium.mgmt("POST", base, "{\"inviter\":{\"name\":\"Ada\"},\"invitee\":{\"email\":\"c@example.com\"},"
                + "\"client_id\":\"" + clientId + "\",\"ttl_sec\":3600}"));
        assertThat(Duration.between(Instant.parse(shortLived.get("created_at").asString()),
                Instant.parse(shortLived.get("expires_at").asString()))).isEqualTo(Duration.ofHours(1));

        assertThat(atrium.mgmt("GET", base + "/" + inv.get("id").asString(), null).json()).isEqualTo(inv);
        JsonNode page = atrium.mgmt("GET", base + "?page=0&per_page=50&include_totals=true", null).json();
        assertThat(page.has("total")).isFalse();
        assertThat(page.get("start").asInt()).isZero();
        assertThat(page.get("invitations")).hasSize(2);
        assertThat(page.get("invitations").get(0).get("id").asString()).isEqualTo(shortLived.get("id").asString());
        JsonNode oldestFirst = atrium.mgmt("GET", base + "?sort=created_at:1", null).json();
        assertThat(oldestFirst.get(0).get("id").asString()).isEqualTo(inv.get("id").asString());
        JsonNode onlyIds = atrium.mgmt("GET", base + "/" + inv.get("id").asString() + "?fields=id,ticket_id", null).json();
        assertThat(onlyIds.propertyNames()).containsExactlyInAnyOrder("id", "ticket_id");

        assertThat(atrium.mgmt("DELETE", base + "/" + inv.get("id").asString(), null).status()).isEqualTo(204);
        var gone = atrium.mgmt("GET", base + "/" + inv.get("id").asString(), null);
        assertError(gone, 404, "inexistent_invitation");
        assertThat(gone.json().get("message").asString()).isEqualTo("The invitation does not exist.");
        assertError(atrium.mgmt("DELETE", base + "/" + inv.get("id").asString(), null), 404, "inexistent_invitation");
    }

    @Test
    void O69_O72_invitationValidation() {
        String org = createOrg(atrium);
        String base = "/organizations/" + org + "/invitations";
        String withLogin = createClient(atrium, "\"initiate_login_uri\":\"https://app.example.com/login\"").get("client_id").asString();
        String noLogin = createClient(atrium, "").get("client_id").asString();
        String sms = createConnection(atrium, "sms");
        String ok = "\"inviter\":{\"name\":\"Ada\"},\"invitee\":{\"email\":\"bob@example.com\"},\"client_id\":\"" + withLogin + "\"";
        for (String body : List.of("{\"invitee\":{\"email\":\"bob@example.com\"},\"client_id\":\"" + withLogin + "\"}",
                "{\"inviter\":{\"name\":\"Ada\"},\"invitee\":{\"email\":\"not-an-email\"},\"client_id\":\"" + withLogin + "\"}",
                "{\"inviter\":{\"name\":\"\"},\"invitee\":{\"email\":\"bob@example.com\"},\"client_id\":\"" + withLogin + "\"}",
                "{" + ok + ",\"ttl_sec\":2592001}",
                "{" + ok + ",\"ttl_sec\":-1}",
                "{" + ok + ",\"roles\":[]}",
                "{" + ok + ",\"connection_id\":\"" + sms + "\"}",
                "{" + ok + ",\"connection_id\":\"con_0000000000000000\"}",
                "{" + ok.replace(withLogin, "nobody") + "}",
                "{" + ok + ",\"extra\":1}")) {
            assertError(atrium.mgmt("POST", base, body), 400, "invalid_body");
        }
        var roles = atrium.mgmt("POST", base, "{" + ok + ",\"roles\":[\"rol_0000000000000000\"]}");
        assertError(roles, 400, "invalid_body");
        assertThat(roles.json().get("message").asString()).isEqualTo("One or more of the specified roles do not exist: rol_0000000000000000");
        var route = atrium.mgmt("POST", base, "{" + ok.replace(withLogin, noLogin) + "}");
        assertError(route, 400, "invalid_body");
        assertThat(route.json().get("message").asString()).isEqualTo("A default login route is required to generate the invitation url.");

        // the tenant's default login route is the fallback
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"default_redirection_uri\":\"https://tenant.example.com/login\"}").status())
                .isEqualTo(200);
        JsonNode inv = created(atrium.mgmt("POST", base, "{" + ok.replace(withLogin, noLogin) + "}"));
        assertThat(inv.get("invitation_url").asString()).startsWith("https://tenant.example.com/login?invitation=");
        assertError(atrium.mgmt("POST", "/organizations/org_0000000000000000/invitations", "{" + ok + "}"), 404, null);
    }

    // organization client grants

    @Test
    void clientGrantAssociations() {
        String org = createOrg(atrium);
        String api = createApi(atrium, "read:things");
        String clientId = createClient(atrium, "\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]")
                .get("client_id").asString();
        String grant = createGrant(atrium, clientId, api, "\"organization_usage\":\"allow\"");
        String deny = createGrant(atrium, createClient(atrium, "").get("client_id").asString(), api, "");
        String base = "/organizations/" + org + "/client-grants";

        JsonNode added = created(atrium.mgmt("POST", base, "{\"grant_id\":\"" + grant + "\"}"));
        assertThat(added.get("id").asString()).isEqualTo(grant);
        assertThat(added.get("grant_id").asString()).isEqualTo(grant);
        assertThat(added.get("client_id").asString()).isEqualTo(clientId);
        assertThat(added.get("audience").asString()).isEqualTo(api);
        assertThat(added.get("organization_usage").asString()).isEqualTo("allow");
        assertThat(added.get("allow_any_organization").asBoolean()).isFalse();
        var dup = atrium.mgmt("POST", base, "{\"grant_id\":\"" + grant + "\"}");
        assertError(dup, 409, "conflict");
        assertThat(dup.json().get("message").asString()).isEqualTo("The client grant has already been added to this organization.");
        assertError(atrium.mgmt("POST", base, "{\"grant_id\":\"" + deny + "\"}"), 400, "invalid_body");
        var missing = atrium.mgmt("POST", base, "{\"grant_id\":\"cgr_0000000000000000\"}");
        assertError(missing, 404, null);
        assertThat(missing.json().get("message").asString()).isEqualTo("The grant does not exist.");

        JsonNode page = atrium.mgmt("GET", base + "?page=0&per_page=50&include_totals=true", null).json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("client_grants").get(0).get("id").asString()).isEqualTo(grant);
        assertThat(atrium.mgmt("GET", base + "?audience=https://other.example.com", null).json()).isEmpty();
        assertThat(atrium.mgmt("GET", base + "?client_id=" + clientId + "&grant_ids=" + grant, null).json()).hasSize(1);

        JsonNode orgs = atrium.mgmt("GET", "/client-grants/" + grant + "/organizations?include_totals=true&take=50", null).json();
        assertThat(orgs.get("organizations").get(0).get("id").asString()).isEqualTo(org);
        assertThat(orgs.has("next")).isFalse();
        assertError(atrium.mgmt("GET", "/client-grants/cgr_0000000000000000/organizations", null), 404, null);

        assertThat(atrium.mgmt("DELETE", base + "/" + grant, null).status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", base, null).json()).isEmpty();
        assertError(atrium.mgmt("DELETE", "/organizations/org_0000000000000000/client-grants/" + grant, null), 404, null);

        // deleting the client grant removes its association
        atrium.mgmt("POST", base, "{\"grant_id\":\"" + grant + "\"}");
        assertThat(atrium.mgmt("DELETE", "/client-grants/" + grant, null).status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", base, null).json()).isEmpty();
    }

    // per-application access

    @Test
    void O111_clientAssociations() {
        String org = createOrg(atrium);
        String a = createClient(atrium, "\"app_type\":\"spa\",\"grant_types\":[\"authorization_code\"]").get("client_id").asString();
        String b = createClient(atrium, "").get("client_id").asString();
        String base = "/organizations/" + org + "/clients";
        var added = atrium.mgmt("POST", base, "{\"clients\":[{\"client_id\":\"" + a + "\",\"use_for_member_access\":true},"
                + "{\"client_id\":\"" + b + "\",\"use_for_member_access\":false}]}");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json()).hasSize(2);
        assertThat(added.json().get(0).get("client").get("app_type").asString()).isEqualTo("spa");
        assertError(atrium.mgmt("POST", base, "{\"clients\":[{\"client_id\":\"" + a + "\",\"use_for_member_access\":true}]}"), 409, "conflict");
        assertError(atrium.mgmt("POST", base, "{\"clients\":[{\"client_id\":\"nobody\",\"use_for_member_access\":true}]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", base, "{\"clients\":[]}"), 400, "invalid_body");

        JsonNode first = atrium.mgmt("GET", base + "?take=1", null).json();
        assertThat(first.get("clients")).hasSize(1);
        assertThat(first.has("next")).isTrue();
        JsonNode all = atrium.mgmt("GET", base, null).json();
        assertThat(all.get("clients")).hasSize(2);

        var patched = atrium.mgmt("PATCH", base + "/" + b, "{\"use_for_member_access\":true}");
        assertThat(patched.json().get("use_for_member_access").asBoolean()).isTrue();
        assertThat(atrium.mgmt("GET", base + "/" + b, null).json().get("use_for_member_access").asBoolean()).isTrue();

        JsonNode listed = atrium.mgmt("GET", "/organizations?per_page=100&include_client_association_for=" + a, null).json();
        for (JsonNode o : listed) {
            assertThat(o.has("client")).isEqualTo(o.get("id").asString().equals(org));
        }

        // both body shapes of organizations.md Q10
        assertThat(atrium.mgmt("DELETE", base, "{\"clients\":[\"" + a + "\"]}").status()).isEqualTo(204);
        assertThat(atrium.mgmt("DELETE", base, "{\"clients\":[{\"client_id\":\"" + b + "\"},\"" + a + "\"]}").status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", base, null).json().get("clients")).isEmpty();
        assertError(atrium.mgmt("GET", base + "/" + a, null), 404, null);
    }

    // discovery domains

    @Test
    void O125_O126_O129_discoveryDomains() {
        String org = createOrg(atrium);
        String base = "/organizations/" + org + "/discovery-domains";
        String domain = Ids.alnum(8).toLowerCase() + ".example.com";
        JsonNode d = created(atrium.mgmt("POST", base, "{\"domain\":\"" + domain.toUpperCase() + "\"}"));
        assertThat(d.get("id").asString()).matches("ord_[A-Za-z0-9]{22}");
        assertThat(d.get("domain").asString()).isEqualTo(domain);
        assertThat(d.get("status").asString()).isEqualTo("pending");
        assertThat(d.get("use_for_organization_discovery").asBoolean()).isTrue();
        assertThat(d.get("verification_host").asString()).isEqualTo("_atrium-challenge." + domain);
        assertThat(d.get("verification_txt").asString()).startsWith("atrium-domain-verification=");

        var dup = atrium.mgmt("POST", base, "{\"domain\":\"" + domain + "\"}");
        assertError(dup, 409, "conflict");
        assertThat(dup.json().get("message").asString())
                .isEqualTo("An organization discovery domain with this domain is already registered to this organization.");
        created(atrium.mgmt("POST", "/organizations/" + createOrg(atrium) + "/discovery-domains", "{\"domain\":\"" + domain + "\"}"));
        for (String bad : List.of("{\"domain\":\"ab\"}", "{\"domain\":\"-bad-.com\"}", "{\"domain\":\"a b.com\"}",
                "{\"domain\":\"x.com\",\"status\":\"failed\"}", "{}")) {
            assertError(atrium.mgmt("POST", base, bad), 400, "invalid_body");
        }

        String id = d.get("id").asString();
        assertThat(atrium.mgmt("GET", base + "/" + id, null).json()).isEqualTo(d);
        assertThat(atrium.mgmt("GET", base + "/name/" + domain, null).json()).isEqualTo(d);
        var patched = atrium.mgmt("PATCH", base + "/" + id, "{\"status\":\"verified\",\"use_for_organization_discovery\":false}");
        assertThat(patched.json().get("status").asString()).isEqualTo("verified");
        assertThat(patched.json().get("use_for_organization_discovery").asBoolean()).isFalse();
        assertError(atrium.mgmt("PATCH", base + "/" + id, "{\"domain\":\"other.com\"}"), 400, "invalid_body");

        JsonNode page = atrium.mgmt("GET", base, null).json();
        assertThat(page.get("domains")).hasSize(1);
        assertThat(page.has("next")).isFalse();
        assertThat(atrium.mgmt("DELETE", base + "/" + id, null).status()).isEqualTo(204);
        assertError(atrium.mgmt("GET", base + "/" + id, null), 404, null);
        assertError(atrium.mgmt("DELETE", base + "/" + id, null), 404, null);
    }

    @Test
    void O10_deletingAnOrganizationRemovesItsRelations() {
        String org = createOrg(atrium);
        String user = atrium.users().create();
        String api = createApi(atrium, "x:y");
        String clientId = createClient(atrium, "\"initiate_login_uri\":\"https://app.example.com/login\"").get("client_id").asString();
        String grant = createGrant(atrium, clientId, api, "\"organization_usage\":\"require\"");
        String role = orgRole(org);
        atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + user + "\"]}");
        atrium.mgmt("POST", "/organizations/" + org + "/members/" + TestAtrium.enc(user) + "/roles", "{\"roles\":[\"" + role + "\"]}");
        created(atrium.mgmt("POST", "/organizations/" + org + "/client-grants", "{\"grant_id\":\"" + grant + "\"}"));
        created(atrium.mgmt("POST", "/organizations/" + org + "/discovery-domains", "{\"domain\":\"" + Ids.alnum(6).toLowerCase() + ".com\"}"));
        created(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"A\"},"
                + "\"invitee\":{\"email\":\"z@example.com\"},\"client_id\":\"" + clientId + "\"}"));

        assertThat(atrium.mgmt("DELETE", "/organizations/" + org, null).status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", "/client-grants/" + grant + "/organizations", null).json()).isEmpty();
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(user) + "/organizations", null).json()).isEmpty();
        assertError(atrium.mgmt("GET", "/roles/" + role, null), 404, null);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(user), null).status()).isEqualTo(200);
    }
}
