package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.atrium.organizations.HostedLoginFixture.ok;
import static dev.atrium.organizations.HostedLoginFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * O46 over HTTP: in the post-login prompt's mode (an application using organizations, asked without one) the tenant's
 * Default Directory ({@code default_directory}) is the credential connection even though the application does not
 * enable it, and comes before the application's own database connections. Other modes never use it unless the
 * application enables it; inside an organization only the organization's connections count (O53).
 */
class DefaultDirectoryTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    static String directory;
    static String directoryId;
    static String own;
    static String postLogin;
    static String postLoginRequired;
    static String noPrompt;
    static String both;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        directory = "Directory-" + f.n;
        directoryId = f.connection(directory, "{}");
        own = "Own-" + f.n;
        String ownId = f.connection(own, "{}");
        postLogin = f.app("allow", ownId);
        ok(atrium.mgmt("PATCH", "/clients/" + postLogin, "{\"oidc_conformant\":true,\"organization_require_behavior\":\"post_login_prompt\"}"));
        postLoginRequired = f.app("require", ownId);
        ok(atrium.mgmt("PATCH", "/clients/" + postLoginRequired, "{\"oidc_conformant\":true,\"organization_require_behavior\":\"post_login_prompt\"}"));
        noPrompt = f.app("allow", ownId);
        both = "both-" + f.n + "@example.com";
        f.user(directory, both);
        f.user(own, both);
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"default_directory\":\"" + directory + "\"}"));
    }

    @AfterAll
    static void reset() {
        atrium.mgmt("PATCH", "/tenants/settings", "{\"default_directory\":null}");
    }

    static TestBrowser.Page signIn(String client, String extra, String email) {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(HostedLoginFixture.authorize(client, extra));
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return HostedLoginFixture.login(b, page, email);
    }

    @Test
    void O46_thePostLoginModeSignsInThroughTheDefaultDirectoryTheApplicationDoesNotEnable() {
        String email = "dir-" + f.n + "@example.com";
        String userId = f.user(directory, email);
        TestBrowser.Page back = signIn(postLogin, "", email);
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).startsWith(HostedLoginFixture.CALLBACK + "?");
        assertThat(query(back.location())).containsKey("code");
        // the login was recorded for that account
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null)).get("logins_count").asInt()).isEqualTo(1);
    }

    @Test
    void O46_theDefaultDirectoryComesBeforeTheApplicationsOwnConnection() {
        TestBrowser.Page back = signIn(postLogin, "", both);
        assertThat(back.location()).as(back.body()).startsWith(HostedLoginFixture.CALLBACK + "?");
        // the account that signed in is the Default Directory's: its login count moved, the other one's did not
        var users = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(both), null));
        for (var u : users) {
            int expected = u.get("identities").get(0).get("connection").asString().equals(directory) ? 1 : 0;
            assertThat(u.path("logins_count").asInt(0)).as(u.toString()).isEqualTo(expected);
        }
    }

    @Test
    void O46_otherModesDoNotUseTheDefaultDirectory() {
        String email = "nodir-" + f.n + "@example.com";
        f.user(directory, email);
        TestBrowser.Page refused = signIn(noPrompt, "", email);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.location()).isNull();
    }

    @Test
    void O46_attack_theDefaultDirectoryDoesNotOpenAnOrganizationOrARequiredApplication() {
        String email = "req-" + f.n + "@example.com";
        f.user(directory, email);
        // a required organization still needs a membership (O51, E10): the Default Directory only authenticates
        TestBrowser.Page denied = signIn(postLoginRequired, "", email);
        assertThat(denied.status()).isEqualTo(302);
        assertThat(query(denied.location())).containsEntry("error", "access_denied");
        // in an organization only its enabled connections count (O53): the Default Directory is not one of them
        String other = f.connection("OrgOnly-" + f.n, "{}");
        String org = f.organization("dd-" + f.n, "[{\"connection_id\":\"" + other + "\",\"assign_membership_on_login\":true}]");
        TestBrowser.Page inOrg = signIn(postLogin, "&organization=" + org, email);
        assertThat(inOrg.status()).isEqualTo(401);
        assertThat(inOrg.location()).isNull();
    }
}
