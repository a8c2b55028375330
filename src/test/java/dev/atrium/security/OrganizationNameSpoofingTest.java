package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organization named like another organization's id (issue 9, point 16). {@code organization=} resolves
 * an id before a name (O31), so an administrator of names could otherwise create {@code org_…} names that
 * shadow or impersonate ids in logs, links and the prompt. Names with the id prefix are refused on create
 * and on rename, in the Management API's error shape, and nothing is written.
 */
class OrganizationNameSpoofingTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static void assertRefused(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).isEqualTo("Bad Request");
        assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_body");
    }

    @Test
    void aNameShapedLikeAnIdIsRefusedOnCreate() {
        String real = atrium.mgmt("POST", "/organizations", "{\"name\":\"real-" + System.nanoTime() + "\"}").json().get("id").asString();
        // the exact id of an existing organization, and any other id-shaped name
        for (String name : new String[]{real, "org_abcdefghijklmnop", "org_x"}) {
            assertRefused(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\"}"));
            assertThat(atrium.mgmt("GET", "/organizations/name/" + name, null).status()).as(name).isEqualTo(404);
        }
        // a lowercase id-shaped name passes the name pattern, so it is the id rule that refuses it, and says so
        assertThat(atrium.mgmt("POST", "/organizations", "{\"name\":\"org_abcdefghijklmnop\"}").json().get("message").asString())
                .contains("'org_'");
        // names that merely contain the letters stay valid
        assertThat(atrium.mgmt("POST", "/organizations", "{\"name\":\"my-org_" + System.nanoTime() + "\"}").status()).isEqualTo(201);
    }

    @Test
    void aRenameToAnIdShapedNameIsRefusedAndTheNameKept() {
        String name = "renamed-" + System.nanoTime();
        String id = atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\"}").json().get("id").asString();
        assertRefused(atrium.mgmt("PATCH", "/organizations/" + id, "{\"name\":\"org_abcdefghijklmnop\"}"));
        assertThat(atrium.mgmt("GET", "/organizations/" + id, null).json().get("name").asString()).isEqualTo(name);
    }
}
