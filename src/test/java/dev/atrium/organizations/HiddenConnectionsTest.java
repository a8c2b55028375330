package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.organizations.HostedLoginFixture.PASSWORD;
import static dev.atrium.organizations.HostedLoginFixture.authorize;
import static dev.atrium.organizations.HostedLoginFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * O55, O56 (E7) on database connections, over HTTP: an organization connection with {@code show_as_button: false} is
 * used only when the request names it; when every connection of the organization is hidden and none is named, the
 * flow ends with Auth0's message.
 */
class HiddenConnectionsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    static String shown;
    static String hidden;
    static String hiddenId;
    static String app;
    static String hiddenUser;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        shown = "Shown-" + f.n;
        hidden = "Hidden-" + f.n;
        String shownId = f.connection(shown, "{}");
        hiddenId = f.connection(hidden, "{}");
        app = f.app("allow", "");
        hiddenUser = "hidden-" + f.n + "@example.com";
        f.user(hidden, hiddenUser);
    }

    @Test
    void O55_aHiddenConnectionIsUsedOnlyWhenNamed() {
        String org = f.organization("hide-" + f.n, "[{\"connection_id\":\"" + f.connection("Shown2-" + f.n, "{}")
                + "\",\"assign_membership_on_login\":true},{\"connection_id\":\"" + hiddenId
                + "\",\"assign_membership_on_login\":true,\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(page.body()).doesNotContain(hidden);
        // the hidden connection's account is not found without naming it
        TestBrowser.Page refused = HostedLoginFixture.login(b, page, hiddenUser);
        assertThat(refused.status()).isEqualTo(401);
        // attack: the form posted naming the hidden connection is refused too
        TestBrowser.Page forged = b.submit(b.open(authorize(app, "&organization=" + org)), "form",
                Map.of("connection", hidden, "username", hiddenUser, "password", PASSWORD));
        assertThat(forged.status()).isEqualTo(400);
        // connection= reaches it
        TestBrowser.Page back = HostedLoginFixture.login(b, b.open(authorize(app, "&organization=" + org + "&connection=" + hidden)), hiddenUser);
        assertThat(query(back.location())).containsKey("code");
    }

    @Test
    void O56_E7_whenEveryConnectionIsHiddenTheFlowEnds() {
        String org = f.organization("allhidden-" + f.n, "[{\"connection_id\":\"" + hiddenId
                + "\",\"assign_membership_on_login\":true,\"show_as_button\":false}]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = b.open(authorize(app, "&organization=" + org));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(HostedLoginFixture.CALLBACK);
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "no connections enabled for the organization are visible")
                .containsEntry("state", "st");
        // naming it still works
        TestBrowser.Page named = b.open(authorize(app, "&organization=" + org + "&connection=" + hidden));
        assertThat(named.screen()).isEqualTo("login");
        assertThat(query(HostedLoginFixture.login(b, named, hiddenUser).location())).containsKey("code");
    }

    @Test
    void O55_aShownConnectionStaysUsableNextToAHiddenOne() {
        String user = "shown-" + f.n + "@example.com";
        f.user(shown, user);
        String org = f.organization("mixed-" + f.n, "[{\"connection_id\":\"" + hiddenId + "\",\"show_as_button\":false,"
                + "\"assign_membership_on_login\":true},{\"connection_id\":\"" + f.connection("Other-" + f.n, "{}") + "\"}]");
        // the shown connection (not the hidden one listed first) is the one used
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(HostedLoginFixture.login(b, page, hiddenUser).status()).isEqualTo(401);
    }
}
