package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations and the connections they enable are read from each node's cache on the sign-in path
 * (storage/CachedOrganizationStore, storage/CachedOrganizationConnectionStore). What an administrator changes must
 * hold for the very next sign-in on the node that holds the old copy: a deleted organization lets nobody in, a
 * renamed one no longer answers to its old name (which another organization may take next), and a connection
 * removed from an organization no longer signs anyone in to it.
 */
class OrganizationChangeAtOnceTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    @Test
    void aMemberCannotSignInToAnOrganizationRightAfterItsDeletion() {
        Member m = memberOfNewOrganization("gone");
        String orgId = m.orgId();
        String authorize = m.authorize();
        assertThat(f.code(new TestBrowser(atrium.baseUrl()), authorize))
                .as("a member signs in to the organization (and the node caches it)").isNotBlank();
        assertThat(atrium.mgmt("GET", "/organizations/" + orgId, null).status()).isEqualTo(200);

        assertThat(atrium.mgmt("DELETE", "/organizations/" + orgId, null).status()).isEqualTo(204);

        assertThat(atrium.mgmt("GET", "/organizations/" + orgId, null).status()).as("the Management API at once").isEqualTo(404);
        TestBrowser.Page after = f.signIn(new TestBrowser(atrium.baseUrl()), authorize);
        assertThat(after.status() == 302 && after.location() != null && after.location().contains("code="))
                .as("no code for a deleted organization: " + after.status() + " " + after.location())
                .isFalse();
    }

    @Test
    void aRenamedOrganizationNoLongerAnswersToItsOldNameAtOnce() {
        SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":true}"));
        try {
            JsonNode app = f.webClient("Org app " + System.nanoTime(), ",\"organization_usage\":\"allow\"");
            String clientId = app.get("client_id").asString();
            String oldName = "before-" + Long.toString(System.nanoTime(), 36);
            JsonNode org = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + oldName
                    + "\",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}"));
            String orgId = org.get("id").asString();
            assertThat(atrium.mgmt("POST", "/organizations/" + orgId + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                    .isEqualTo(204);
            String byName = "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                    + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=openid&state=st-1&organization=";
            assertThat(f.code(new TestBrowser(atrium.baseUrl()), byName + oldName))
                    .as("signed in by the organization's name (and the node caches the look-up)").isNotBlank();

            String newName = "after-" + Long.toString(System.nanoTime(), 36);
            SignInFixture.ok(atrium.mgmt("PATCH", "/organizations/" + orgId, "{\"name\":\"" + newName + "\"}"));

            TestBrowser.Page old = f.signIn(new TestBrowser(atrium.baseUrl()), byName + oldName);
            assertThat(old.status() == 302 && old.location() != null && old.location().contains("code="))
                    .as("no code through the old name: " + old.status() + " " + old.location()).isFalse();
            assertThat(f.code(new TestBrowser(atrium.baseUrl()), byName + newName)).as("the new name works").isNotBlank();
        } finally {
            SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":false}"));
        }
    }

    @Test
    void aConnectionRemovedFromAnOrganizationSignsNobodyInToItAtOnce() {
        Member m = memberOfNewOrganization("conn");
        String orgId = m.orgId();
        String authorize = m.authorize();
        String enabled = "/organizations/" + orgId + "/enabled_connections/" + f.connectionId;
        assertThat(f.code(new TestBrowser(atrium.baseUrl()), authorize))
                .as("a member signs in through the organization's connection (and the node caches it)").isNotBlank();

        assertThat(atrium.mgmt("DELETE", enabled, null).status()).isEqualTo(204);
        TestBrowser.Page removed = f.signIn(new TestBrowser(atrium.baseUrl()), authorize);
        assertThat(removed.status() == 302 && removed.location() != null && removed.location().contains("code="))
                .as("no code through a connection removed from the organization: " + removed.status() + " " + removed.location())
                .isFalse();

        SignInFixture.ok(atrium.mgmt("POST", "/organizations/" + orgId + "/enabled_connections",
                "{\"connection_id\":\"" + f.connectionId + "\",\"assign_membership_on_login\":false}"));
        assertThat(f.code(new TestBrowser(atrium.baseUrl()), authorize)).as("enabled again, at once").isNotBlank();
    }

    /** The fixture's user, member of a new organization (named {@code prefix-…}) that enables its connection; the /authorize URL of a new application into it. */
    private static Member memberOfNewOrganization(String prefix) {
        JsonNode app = f.webClient("Org app " + System.nanoTime(), ",\"organization_usage\":\"allow\"");
        JsonNode org = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + prefix + "-" + Long.toString(System.nanoTime(), 36)
                + "\",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}"));
        String orgId = org.get("id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + orgId + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isEqualTo(204);
        return new Member(orgId, "/authorize?response_type=code&client_id=" + app.get("client_id").asString() + "&redirect_uri="
                + TestAtrium.enc(SignInFixture.WEB_CALLBACK) + "&scope=openid&state=st-1&organization=" + orgId);
    }

    private record Member(String orgId, String authorize) {
    }
}
