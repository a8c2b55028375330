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

/** {@code /api/v2/users/{id}/roles} and {@code /api/v2/users/{id}/permissions} over HTTP (api-contract.md §B.8). */
class UserRolesApiTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    /** The path of a user's sub-resource, with the {@code |} of the id URL-encoded as the SDKs send it. */
    static String userPath(String userId, String tail) {
        return "/users/" + TestAtrium.enc(userId) + tail;
    }

    private static JsonNode createRole(String name) {
        return RoleFixtures.createRole(atrium, name);
    }

    private static String createApi(String... scopes) {
        return RoleFixtures.createApi(atrium, scopes);
    }

    private static String tokenWith(String scope) {
        return RoleFixtures.tokenWith(atrium, scope);
    }

    static String rolesBody(String... ids) {
        return "{\"roles\":[\"" + String.join("\",\"", ids) + "\"]}";
    }

    // roles of a user

    @Test
    void rolesAreAssignedListedWithOffsetPagingAndRemoved() {
        String user = atrium.users().create();
        JsonNode a = createRole(unique("a-role"));
        JsonNode b = createRole(unique("b-role"));
        JsonNode c = createRole(unique("c-role"));
        String path = userPath(user, "/roles");
        assertThat(path).contains("auth0%7C");

        var assigned = atrium.mgmt("POST", path, rolesBody(b.get("id").asString(), a.get("id").asString()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(204);
        assertThat(assigned.body()).isEmpty();
        assertThat(atrium.mgmt("POST", path, rolesBody(c.get("id").asString(), a.get("id").asString())).status())
                .isEqualTo(204);

        assertThat(atrium.mgmt("GET", path, null).json()).containsExactly(a, b, c);
        var page = atrium.mgmt("GET", path + "?per_page=2&page=0&include_totals=true", null).json();
        assertThat(page.get("roles")).containsExactly(a, b);
        assertThat(page.get("start").asInt()).isZero();
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(atrium.mgmt("GET", path + "?per_page=2&page=1&include_totals=true", null).json().get("roles"))
                .containsExactly(c);

        var removed = atrium.mgmt("DELETE", path, rolesBody(a.get("id").asString(), c.get("id").asString()));
        assertThat(removed.status()).isEqualTo(204);
        assertThat(atrium.mgmt("GET", path, null).json()).containsExactly(b);
        var members = atrium.mgmt("GET", "/roles/" + b.get("id").asString() + "/users", null).json();
        assertThat(members.get("users")).extracting(n -> n.get("user_id").asString()).containsExactly(user);
    }

    @Test
    void unknownUserIs404InexistentUser() {
        String ghost = "auth0|" + Ids.hex(12);
        String role = createRole(unique("r")).get("id").asString();
        for (var r : List.of(atrium.mgmt("GET", userPath(ghost, "/roles"), null),
                atrium.mgmt("POST", userPath(ghost, "/roles"), rolesBody(role)),
                atrium.mgmt("DELETE", userPath(ghost, "/roles"), rolesBody(role)),
                atrium.mgmt("GET", userPath(ghost, "/permissions"), null),
                atrium.mgmt("POST", userPath(ghost, "/permissions"), permissionsBody(createApi("read:x"), "read:x")),
                atrium.mgmt("DELETE", userPath(ghost, "/permissions"), permissionsBody("https://x.example.com", "read:x")))) {
            assertError(r, 404, "inexistent_user");
            assertThat(r.json().get("message").asString()).isEqualTo("The user does not exist.");
        }
    }

    @Test
    void assigningUnknownOrOrganizationRolesIs400AndAssignsNothing() {
        String user = atrium.users().create();
        String path = userPath(user, "/roles");
        String known = createRole(unique("known")).get("id").asString();
        assertError(atrium.mgmt("POST", path, rolesBody(known, "rol_" + Ids.alnum(16))), 400, "invalid_body");
        String orgRole = RoleFixtures.createOrganizationRole(atrium, unique("org"));
        assertError(atrium.mgmt("POST", path, rolesBody(orgRole)), 400, "invalid_body");
        assertThat(atrium.mgmt("GET", path, null).json()).isEmpty();

        assertError(atrium.mgmt("POST", path, "{\"roles\":[]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"roles\":[\"" + known + "\"],\"x\":1}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{roles}"), 400, "invalid_body");
        assertError(atrium.mgmt("DELETE", path, null), 400, "invalid_body");
    }

    // permissions of a user

    @Test
    void permissionsMergeDirectAndRolePermissionsWithTheirSources() {
        String user = atrium.users().create();
        String api = createApi("read:docs", "write:docs");
        JsonNode readers = createRole(unique("readers"));
        String readersId = readers.get("id").asString();
        atrium.mgmt("POST", "/roles/" + readersId + "/permissions", permissionsBody(api, "read:docs"));
        atrium.mgmt("POST", userPath(user, "/roles"), rolesBody(readersId));

        var added = atrium.mgmt("POST", userPath(user, "/permissions"), permissionsBody(api, "read:docs", "write:docs"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.body()).isEqualTo("{}");

        var list = atrium.mgmt("GET", userPath(user, "/permissions"), null).json();
        assertThat(list).hasSize(2);
        JsonNode read = list.get(0);
        assertThat(read.get("permission_name").asString()).isEqualTo("read:docs");
        assertThat(read.get("resource_server_identifier").asString()).isEqualTo(api);
        assertThat(read.get("resource_server_name").asString()).isEqualTo("API " + api);
        assertThat(read.get("sources")).hasSize(2);
        assertThat(read.get("sources").get(0).get("source_type").asString()).isEqualTo("DIRECT");
        assertThat(read.get("sources").get(0).get("source_id").asString()).isEmpty();
        JsonNode viaRole = read.get("sources").get(1);
        assertThat(viaRole.get("source_type").asString()).isEqualTo("ROLE");
        assertThat(viaRole.get("source_id").asString()).isEqualTo(readersId);
        assertThat(viaRole.get("source_name").asString()).isEqualTo(readers.get("name").asString());
        assertThat(list.get(1).get("permission_name").asString()).isEqualTo("write:docs");
        assertThat(list.get(1).get("sources")).extracting(s -> s.get("source_type").asString()).containsExactly("DIRECT");

        var page = atrium.mgmt("GET", userPath(user, "/permissions") + "?per_page=1&page=1&include_totals=true", null).json();
        assertThat(page.get("permissions")).extracting(p -> p.get("permission_name").asString()).containsExactly("write:docs");
        assertThat(page.get("total").asInt()).isEqualTo(2);

        var removed = atrium.mgmt("DELETE", userPath(user, "/permissions"), permissionsBody(api, "read:docs", "write:docs"));
        assertThat(removed.status()).isEqualTo(204);
        var after = atrium.mgmt("GET", userPath(user, "/permissions"), null).json();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("sources")).extracting(s -> s.get("source_type").asString()).containsExactly("ROLE");
    }

    @Test
    void directPermissionsMustNameAScopeOfAnExistingApi() {
        String user = atrium.users().create();
        String api = createApi("read:docs");
        String path = userPath(user, "/permissions");
        assertError(atrium.mgmt("POST", path, permissionsBody(api, "admin:docs")), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, permissionsBody("https://none.example.com", "read:docs")),
                400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"permissions\":[{}]}"), 400, "invalid_body");
        assertError(atrium.mgmt("POST", path, "{\"permissions\":[{\"resource_server_identifier\":\"" + api
                + "\",\"permission_name\":7}]}"), 400, "invalid_body");
        assertThat(atrium.mgmt("GET", path, null).json()).isEmpty();
    }

    // scopes

    @Test
    void eachCallNeedsOneOfItsScopes() {
        String user = atrium.users().create();
        String role = createRole(unique("s")).get("id").asString();
        assertThat(atrium.mgmt("GET", userPath(user, "/roles"), null, tokenWith("read:role_members")).status())
                .isEqualTo(200);
        assertThat(atrium.mgmt("POST", userPath(user, "/roles"), rolesBody(role),
                tokenWith("create:role_members")).status()).isEqualTo(204);
        assertError(atrium.mgmt("DELETE", userPath(user, "/roles"), rolesBody(role),
                tokenWith("create:role_members")), 403, "insufficient_scope");
        assertError(atrium.mgmt("GET", userPath(user, "/permissions"), null,
                tokenWith("read:roles")), 403, "insufficient_scope");
    }
}
