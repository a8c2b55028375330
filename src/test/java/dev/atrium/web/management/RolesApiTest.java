package dev.atrium.web.management;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static dev.atrium.web.management.RoleFixtures.assertError;
import static dev.atrium.web.management.RoleFixtures.permissionsBody;
import static dev.atrium.web.management.RoleFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v2/roles} over HTTP (api-contract.md §B.9). */
class RolesApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static JsonNode createRole(String name) {
        return RoleFixtures.createRole(atrium, name);
    }

    private static String createApi(String... scopes) {
        return RoleFixtures.createApi(atrium, scopes);
    }

    private static String tokenWith(String scope) {
        return RoleFixtures.tokenWith(atrium, scope);
    }

    // create, read, update, delete

    @Test
    void createAnswers200WithTheRoleAndGetReturnsIt() {
        String name = unique("editor");
        JsonNode role = createRole(name);
        assertThat(role.get("id").asString()).matches("rol_[A-Za-z0-9]{16}");
        assertThat(role.get("name").asString()).isEqualTo(name);
        assertThat(role.get("description").asString()).isEqualTo("about " + name);
        assertThat(role.get("type").asString()).isEqualTo("tenant");
        assertThat(role.has("owner_id")).isFalse();

        var r = atrium.mgmt("GET", "/roles/" + role.get("id").asString(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(role);
    }

    @Test
    void organizationRoleNeedsItsOwnerAndTenantRoleHasNone() {
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"" + unique("o") + "\",\"type\":\"organization\"}"),
                400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"" + unique("t") + "\",\"owner_id\":\"org_x\"}"),
                400, "invalid_body");
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + unique("o")
                + "\",\"type\":\"organization\",\"owner_id\":\"org_abcdefghijklmnop\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("type").asString()).isEqualTo("organization");
        assertThat(r.json().get("owner_id").asString()).isEqualTo("org_abcdefghijklmnop");
    }

    @Test
    void duplicateNameWithinTypeAndOwnerIs409() {
        String name = unique("dup");
        createRole(name);
        var r = atrium.mgmt("POST", "/roles", "{\"name\":\"" + name + "\"}");
        assertError(r, 409, "conflict");
        assertThat(r.json().get("message").asString()).isEqualTo("A role with the same name already exists.");
        var otherOwner = atrium.mgmt("POST", "/roles", "{\"name\":\"" + name
                + "\",\"type\":\"organization\",\"owner_id\":\"org_" + Ids.alnum(16) + "\"}");
        assertThat(otherOwner.status()).isEqualTo(200);
    }

    @Test
    void O96_anOrganizationOwnsAtMost350RolesWithNamesUniqueWithinIt() {
        String owner = "org_" + Ids.alnum(16);
        String other = "org_" + Ids.alnum(16);
        String first = null;
        for (int i = 0; i < 350; i++) {
            var r = atrium.mgmt("POST", "/roles", "{\"name\":\"o96-" + i + "\",\"type\":\"organization\",\"owner_id\":\"" + owner + "\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            first = first == null ? r.json().get("id").asString() : first;
        }
        String sameName = "{\"name\":\"o96-0\",\"type\":\"organization\",\"owner_id\":\"" + other + "\"}";
        assertThat(atrium.mgmt("POST", "/roles", sameName).status()).isEqualTo(200);
        assertError(atrium.mgmt("POST", "/roles", sameName), 409, "conflict");
        var full = atrium.mgmt("POST", "/roles", "{\"name\":\"o96-350\",\"type\":\"organization\",\"owner_id\":\"" + owner + "\"}");
        assertError(full, 400, "invalid_body");
        assertThat(full.json().get("message").asString()).contains("at most 350 roles");
        assertThat(atrium.mgmt("GET", "/roles?type=organization&owner_id=" + owner + "&include_totals=true&per_page=1", null)
                .json().get("total").asLong()).isEqualTo(350);
        // tenant roles and other organizations are not limited by it
        assertThat(atrium.mgmt("POST", "/roles", "{\"name\":\"o96-350-" + Ids.alnum(6) + "\"}").status()).isEqualTo(200);
        assertThat(atrium.mgmt("DELETE", "/roles/" + first, null).status()).isEqualTo(200);
        assertThat(atrium.mgmt("POST", "/roles", "{\"name\":\"o96-350\",\"type\":\"organization\",\"owner_id\":\"" + owner + "\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void createRefusesBadBodies() {
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"x\",\"color\":\"red\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "[]"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"description\":\"no name\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":42}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"   \"}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"x\",\"type\":\"global\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"" + "n".repeat(129) + "\"}"), 400, "invalid_body");
    }

    @Test
    void unknownRoleIs404WithoutErrorCode() {
        String path = "/roles/rol_" + Ids.alnum(16);
        for (var r : List.of(atrium.mgmt("GET", path, null),
                atrium.mgmt("PATCH", path, "{\"name\":\"x\"}"),
                atrium.mgmt("DELETE", path, null),
                atrium.mgmt("GET", path + "/permissions", null),
                atrium.mgmt("POST", path + "/permissions", permissionsBody(createApi("read:x"), "read:x")),
                atrium.mgmt("DELETE", path + "/permissions", permissionsBody("https://x.example.com", "read:x")),
                atrium.mgmt("GET", path + "/users", null),
                atrium.mgmt("POST", path + "/users", "{\"users\":[\"" + atrium.users().create() + "\"]}"))) {
            assertError(r, 404, null);
            assertThat(r.json().get("message").asString()).isEqualTo("The role does not exist.");
        }
    }

    @Test
    void patchChangesNameAndDescriptionOnly() {
        JsonNode role = createRole(unique("before"));
        String path = "/roles/" + role.get("id").asString();
        String name = unique("after");
        var r = atrium.mgmt("PATCH", path, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("name").asString()).isEqualTo(name);
        assertThat(r.json().get("description").asString()).isEqualTo(role.get("description").asString());

        r = atrium.mgmt("PATCH", path, "{\"description\":\"changed\"}");
        assertThat(r.json().get("name").asString()).isEqualTo(name);
        assertThat(r.json().get("description").asString()).isEqualTo("changed");
        assertThat(atrium.mgmt("GET", path, null).json()).isEqualTo(r.json());

        assertError(atrium.mgmt("PATCH", path, "{\"type\":\"organization\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("PATCH", path, "{\"owner_id\":\"org_x\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("PATCH", path, "{\"id\":\"rol_x\"}"), 400, "invalid_body");
        assertError(atrium.mgmt("PATCH", path, "not json"), 400, "invalid_body");

        String taken = createRole(unique("taken")).get("name").asString();
        assertError(atrium.mgmt("PATCH", path, "{\"name\":\"" + taken + "\"}"), 409, "conflict");
    }

    @Test
    void deleteAnswers200EmptyObjectThen404() {
        String path = "/roles/" + createRole(unique("gone")).get("id").asString();
        var r = atrium.mgmt("DELETE", path, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertError(atrium.mgmt("GET", path, null), 404, null);
        assertError(atrium.mgmt("DELETE", path, null), 404, null);
    }

    // listing

    @Test
    void listPagesByOffsetWithTotalsAndFiltersByName() {
        String prefix = unique("Paged");
        String a = createRole(prefix + "-a").get("id").asString();
        String b = createRole(prefix + "-b").get("id").asString();
        String c = createRole(prefix + "-c").get("id").asString();
        String filter = "name_filter=" + prefix.toLowerCase();

        var first = atrium.mgmt("GET", "/roles?" + filter + "&per_page=2&page=0&include_totals=true", null).json();
        assertThat(first.get("roles")).extracting(n -> n.get("id").asString()).containsExactly(a, b);
        assertThat(first.get("start").asInt()).isZero();
        assertThat(first.get("limit").asInt()).isEqualTo(2);
        assertThat(first.get("total").asInt()).isEqualTo(3);

        var second = atrium.mgmt("GET", "/roles?" + filter + "&per_page=2&page=1&include_totals=true", null).json();
        assertThat(second.get("roles")).extracting(n -> n.get("id").asString()).containsExactly(c);
        assertThat(second.get("start").asInt()).isEqualTo(2);

        var past = atrium.mgmt("GET", "/roles?" + filter + "&per_page=2&page=2&include_totals=true", null).json();
        assertThat(past.get("roles")).isEmpty();

        var bare = atrium.mgmt("GET", "/roles?" + filter, null).json();
        assertThat(bare.isArray()).isTrue();
        assertThat(bare).hasSize(3);
    }

    @Test
    void listFiltersByTypeAndOwner() {
        String prefix = unique("Typed");
        String owner = "org_" + Ids.alnum(16);
        createRole(prefix + "-tenant");
        var org = atrium.mgmt("POST", "/roles", "{\"name\":\"" + prefix + "-org\",\"type\":\"organization\",\"owner_id\":\""
                + owner + "\"}").json();

        var tenant = atrium.mgmt("GET", "/roles?name_filter=" + prefix + "&type=tenant", null).json();
        assertThat(tenant).extracting(n -> n.get("name").asString()).containsExactly(prefix + "-tenant");
        var ofOwner = atrium.mgmt("GET", "/roles?type=organization&owner_id=" + owner + "&include_totals=true", null).json();
        assertThat(ofOwner.get("roles")).containsExactly(org);
        assertThat(ofOwner.get("total").asInt()).isEqualTo(1);

        assertError(atrium.mgmt("GET", "/roles?type=organization", null), 400, "invalid_query_string");
        assertError(atrium.mgmt("GET", "/roles?type=global", null), 400, "invalid_query_string");
        assertError(atrium.mgmt("GET", "/roles?per_page=abc", null), 400, "invalid_query_string");
    }

    // permissions

    @Test
    void rolePermissionsAreAddedListedAndRemoved() {
        String api = createApi("read:docs", "write:docs", "delete:docs");
        String path = "/roles/" + createRole(unique("perms")).get("id").asString() + "/permissions";

        var added = atrium.mgmt("POST", path, permissionsBody(api, "write:docs", "read:docs", "delete:docs"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.body()).isEqualTo("{}");
        assertThat(atrium.mgmt("POST", path, permissionsBody(api, "read:docs")).status()).isEqualTo(201);

        var list = atrium.mgmt("GET", path, null).json();
        assertThat(list).extracting(n -> n.get("permission_name").asString())
                .containsExactly("delete:docs", "read:docs", "write:docs");
        JsonNode read = list.get(1);
        assertThat(read.get("description").asString()).isEqualTo("can read:docs");
        assertThat(read.get("resource_server_name").asString()).isEqualTo("API " + api);
        assertThat(read.get("resource_server_identifier").asString()).isEqualTo(api);
        assertThat(read.has("sources")).isFalse();

        var page = atrium.mgmt("GET", path + "?per_page=2&page=1&include_totals=true", null).json();
        assertThat(page.get("permissions")).extracting(n -> n.get("permission_name").asString()).containsExactly("write:docs");
        assertThat(page.get("total").asInt()).isEqualTo(3);

        var removed = atrium.mgmt("DELETE", path, permissionsBody(api, "delete:docs", "write:docs"));
        assertThat(removed.status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", path, null).json()).extracting(n -> n.get("permission_name").asString())
                .containsExactly("read:docs");
    }

    @Test
    void permissionsMustNameAScopeOfAnExistingApi() {
        String api = createApi("read:docs");
        String path = "/roles/" + createRole(unique("strict")).get("id").asString() + "/permissions";
        var unknownScope = atrium.mgmt("POST", path, permissionsBody(api, "read:docs", "write:docs"));
        assertError(unknownScope, 400, "invalid_body");
        assertThat(unknownScope.json().get("message").asString()).contains("write:docs");
        assertError(atrium.mgmt("POST", path, permissionsBody("https://nowhere.example.com", "read:docs")), 400, "invalid_body");
        assertThat(atrium.mgmt("GET", path, null).json()).isEmpty();

        assertError(atrium.mgmt("POST", path, "{\"permissions\":[]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"permissions\":[\"read:docs\"]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"permissions\":[{\"permission_name\":\"read:docs\"}]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"permissions\":[{\"resource_server_identifier\":\"" + api
                + "\",\"permission_name\":\"read:docs\",\"extra\":1}]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"scopes\":[]}"), 400, "invalid_body");
        assertError(atrium.mgmt("DELETE", path, "{\"permissions\":"), 400, "invalid_body");
    }

    @Test
    void deletingAnApiRemovesItsPermissionsFromRoles() {
        String api = createApi("read:docs");
        String path = "/roles/" + createRole(unique("orphan")).get("id").asString() + "/permissions";
        atrium.mgmt("POST", path, permissionsBody(api, "read:docs"));
        var rs = atrium.mgmt("GET", "/resource-servers/" + TestAtrium.enc(api), null).json();
        assertThat(atrium.mgmt("DELETE", "/resource-servers/" + rs.get("id").asString(), null).status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", path, null).json()).isEmpty();
    }

    // users

    @Test
    void roleUsersAreAddedAndPagedByCheckpointByDefault() {
        String path = "/roles/" + createRole(unique("members")).get("id").asString() + "/users";
        String email = unique("ann").toLowerCase() + "@example.com";
        String ann = atrium.users().create(email, "Ann", "https://example.com/ann.png");
        String bob = atrium.users().create();
        String cat = atrium.users().create();
        var added = atrium.mgmt("POST", path, "{\"users\":[\"" + ann + "\",\"" + bob + "\"]}");
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.body()).isEqualTo("{}");
        assertThat(atrium.mgmt("POST", path, "{\"users\":[\"" + cat + "\",\"" + ann + "\"]}").status()).isEqualTo(200);
        List<String> sorted = List.of(ann, bob, cat).stream().sorted().toList();

        var all = atrium.mgmt("GET", path, null).json();
        assertThat(all.has("next")).isFalse();
        assertThat(all.get("users")).extracting(n -> n.get("user_id").asString()).containsExactlyElementsOf(sorted);
        JsonNode annItem = all.get("users").get(sorted.indexOf(ann));
        assertThat(annItem.get("email").asString()).isEqualTo(email);
        assertThat(annItem.get("name").asString()).isEqualTo("Ann");
        assertThat(annItem.get("picture").asString()).isEqualTo("https://example.com/ann.png");

        var first = atrium.mgmt("GET", path + "?include_totals=true&take=2", null).json();
        assertThat(first.get("users")).extracting(n -> n.get("user_id").asString()).containsExactlyElementsOf(sorted.subList(0, 2));
        String next = first.get("next").asString();
        var second = atrium.mgmt("GET", path + "?take=2&from=" + next, null).json();
        assertThat(second.get("users")).extracting(n -> n.get("user_id").asString()).containsExactly(sorted.get(2));
        assertThat(second.has("next")).isFalse();

        var offset = atrium.mgmt("GET", path + "?page=1&per_page=2&include_totals=true", null).json();
        assertThat(offset.get("users")).extracting(n -> n.get("user_id").asString()).containsExactly(sorted.get(2));
        assertThat(offset.get("total").asInt()).isEqualTo(3);
        assertThat(offset.get("start").asInt()).isEqualTo(2);

        assertError(atrium.mgmt("GET", path + "?from=garbage", null), 400, "invalid_query_string");
    }

    @Test
    void addingUnknownUsersOrToOrganizationRolesIs400() {
        String path = "/roles/" + createRole(unique("guarded")).get("id").asString() + "/users";
        var unknown = atrium.mgmt("POST", path, "{\"users\":[\"" + atrium.users().create() + "\",\"auth0|" + Ids.hex(12) + "\"]}");
        assertError(unknown, 400, "invalid_body");
        assertThat(atrium.mgmt("GET", path, null).json().get("users")).isEmpty();
        assertError(atrium.mgmt("POST", path, "{\"users\":[]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"users\":[1]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"users\":\"auth0|x\"}"), 400, "invalid_body");

        String orgRole = RoleFixtures.createOrganizationRole(atrium, unique("org"));
        assertError(atrium.mgmt("POST", "/roles/" + orgRole + "/users", "{\"users\":[\"" + atrium.users().create() + "\"]}"),
                400, "invalid_body");
    }

    // scopes

    @Test
    void eachCallNeedsOneOfItsScopes() {
        String roleId = createRole(unique("scoped")).get("id").asString();
        String readRoleMembers = tokenWith("read:role_members");
        assertThat(atrium.mgmt("GET", "/roles/" + roleId + "/users", null, readRoleMembers).status()).isEqualTo(200);
        assertError(atrium.mgmt("GET", "/roles/" + roleId, null, readRoleMembers), 403, "insufficient_scope");
        assertError(atrium.mgmt("POST", "/roles", "{\"name\":\"x\"}", tokenWith("read:roles")), 403, "insufficient_scope");
        assertError(atrium.mgmt("DELETE", "/roles/" + roleId, null, tokenWith("update:roles")), 403, "insufficient_scope");
        var addUsers = atrium.mgmt("POST", "/roles/" + roleId + "/users", "{\"users\":[\"" + atrium.users().create() + "\"]}",
                tokenWith("create:role_members"));
        assertThat(addUsers.status()).isEqualTo(200);
    }
}
