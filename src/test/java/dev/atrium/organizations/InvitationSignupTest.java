package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.organizations.HostedLoginFixture.PASSWORD;
import static dev.atrium.organizations.HostedLoginFixture.authorize;
import static dev.atrium.organizations.HostedLoginFixture.ok;
import static dev.atrium.organizations.HostedLoginFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitations as Auth0 runs them (organizations.md O73–O79), over HTTP: a new invitee lands on the sign-up form with the
 * invited address filled in and locked, an existing one on the login form with it filled in; the organization
 * connection's {@code is_signup_enabled} or the connection's own sign-up switch opens the sign-up (O78); any other
 * address ends in {@code access_denied} without an account or a membership.
 */
class InvitationSignupTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    /** A connection that allows sign-ups, and one that does not. */
    static String open;
    static String openId;
    static String closed;
    static String closedId;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        open = "Invite-Open-" + f.n;
        openId = f.connection(open, "{}");
        closed = "Invite-Closed-" + f.n;
        closedId = f.connection(closed, "{\"disable_signup\":true}");
    }

    private static String members(String org) {
        return ok(atrium.mgmt("GET", "/organizations/" + org + "/members", null)).toString();
    }

    @Test
    void O73_O75_O77_aNewInviteeSignsUpWithTheInvitedEmailLockedAndBecomesAMember() {
        String org = f.organization("inv-new-" + f.n, "[{\"connection_id\":\"" + openId + "\"}]");
        String app = f.app("allow", "");
        String email = "new-" + f.n + "@example.com";
        String ticket = f.invite(org, app, email);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + ticket));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.screen()).isEqualTo("accept-invitation");
        Element input = page.doc().selectFirst("form[action^=/u/signup] input[name=email]");
        assertThat(input).isNotNull();
        assertThat(input.attr("value")).isEqualTo(email);
        assertThat(input.hasAttr("readonly")).isTrue();
        assertThat(page.body()).doesNotContain(open);
        TestBrowser.Page back = b.follow(b.submit(page, "form", Map.of("password", PASSWORD)));
        assertThat(query(back.location())).containsKey("code").containsEntry("state", "st");
        assertThat(f.connectionOf(email)).isEqualTo(open);
        String userId = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null)).get(0).get("user_id").asString();
        assertThat(members(org)).contains(userId);
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null)).get("email_verified").asBoolean()).isTrue();
    }

    @Test
    void O73_anExistingInviteeLandsOnTheLoginFormWithTheEmailFilledIn() {
        String org = f.organization("inv-old-" + f.n, "[{\"connection_id\":\"" + openId + "\"}]");
        String app = f.app("allow", "");
        String email = "old-" + f.n + "@example.com";
        String userId = f.user(open, email);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + f.invite(org, app, email)));
        assertThat(page.screen()).isEqualTo("accept-invitation");
        assertThat(page.doc().selectFirst("form[action^=/u/login] input[name=username]").attr("value")).isEqualTo(email);
        TestBrowser.Page back = HostedLoginFixture.login(b, page, email);
        assertThat(query(back.location())).containsKey("code");
        assertThat(members(org)).contains(userId);
    }

    @Test
    void O78_organizationSignupOpensTheSignupEvenWhenTheConnectionRefusesSignups() {
        String org = f.organization("inv-orgsignup-" + f.n, "[{\"connection_id\":\"" + closedId + "\",\"assign_membership_on_login\":true,\"is_signup_enabled\":true}]");
        String app = f.app("allow", "");
        String email = "orgsignup-" + f.n + "@example.com";
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + f.invite(org, app, email)));
        assertThat(page.doc().select("form[action^=/u/signup]")).hasSize(1);
        assertThat(query(b.follow(b.submit(page, "form", Map.of("password", PASSWORD))).location())).containsKey("code");
        assertThat(f.connectionOf(email)).isEqualTo(closed);
    }

    @Test
    void O78_withBothSwitchesOffAnInviteeCannotSignUp() {
        String org = f.organization("inv-nosignup-" + f.n, "[{\"connection_id\":\"" + closedId + "\"}]");
        String app = f.app("allow", "");
        String email = "nosignup-" + f.n + "@example.com";
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + f.invite(org, app, email)));
        // the login form, without a sign-up link
        assertThat(page.doc().select("form[action^=/u/login]")).hasSize(1);
        assertThat(page.doc().select("a[href^=/u/signup]")).isEmpty();
        // attack: a sign-up posted anyway is refused and creates nothing
        String state = query("https://x/?" + page.uri().getRawQuery()).get("state");
        TestBrowser.Page forged = b.post("/u/signup?state=" + state, Map.of("state", state,
                "_csrf", page.doc().selectFirst("input[name=_csrf]").attr("value"), "email", email, "password", PASSWORD));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).contains("Sign-up is not available");
        assertThat(f.accounts(email)).isZero();
    }

    @Test
    void O75_O79_E15_aSignupWithAnotherEmailIsDeniedAndCreatesNothing() {
        String org = f.organization("inv-other-" + f.n, "[{\"connection_id\":\"" + openId + "\"}]");
        String app = f.app("allow", "");
        String invited = "invited-" + f.n + "@example.com";
        String intruder = "intruder-" + f.n + "@example.com";
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + f.invite(org, app, invited)));
        // attack: the locked field is changed before posting
        TestBrowser.Page back = b.follow(b.submit(page, "form", Map.of("email", intruder, "password", PASSWORD)));
        assertThat(back.location()).startsWith(HostedLoginFixture.CALLBACK);
        assertThat(query(back.location())).containsEntry("error", "access_denied")
                .containsEntry("error_description", "invitation email does not match the authenticated user")
                .containsEntry("state", "st");
        assertThat(f.accounts(intruder)).isZero();
        assertThat(f.accounts(invited)).isZero();
        assertThat(members(org)).doesNotContain("user_id");
    }

    @Test
    void O75_E15_aLoginWithAnotherAccountIsDeniedWithoutMembership() {
        String org = f.organization("inv-login-other-" + f.n, "[{\"connection_id\":\"" + openId + "\"}]");
        String app = f.app("allow", "");
        String invited = "invited2-" + f.n + "@example.com";
        f.user(open, invited);
        String other = "other-" + f.n + "@example.com";
        String otherId = f.user(open, other);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&organization=" + org + "&invitation=" + f.invite(org, app, invited)));
        TestBrowser.Page back = HostedLoginFixture.login(b, page, other);
        assertThat(query(back.location())).containsEntry("error", "access_denied");
        assertThat(members(org)).doesNotContain(otherId);
    }
}
