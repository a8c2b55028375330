package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, attacks on the second factor over HTTP: skipping the MFA page, answering it from another browser,
 * an abandoned step (which must leave no session that a later request could adopt), a forged remember-browser
 * cookie, and a recovery code posted from another browser.
 */
class MfaBypassTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void policy() {
        f = new SignInFixture(atrium);
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
    }

    TestBrowser.Page login(TestBrowser b) {
        TestBrowser.Page page = b.open(f.authorizeWeb("openid", ""));
        return b.follow(b.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    @Test
    void resumingTheFlowWithoutTheFactorShowsTheFactorAgain() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page mfa = login(b);
        assertThat(mfa.screen()).startsWith("mfa-otp-");
        String state = mfa.doc().selectFirst("input[name=state]").attr("value");
        TestBrowser.Page again = b.open("/authorize/resume?state=" + state);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.screen()).startsWith("mfa-otp-");
        // nor can the consent page or a fresh /authorize adopt anything: there is no session
        TestBrowser.Page fresh = b.open(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(fresh.status()).isEqualTo(302);
        assertThat(SignInFixture.query(fresh.location()).get("error")).isEqualTo("login_required");
    }

    @Test
    void theChallengeOfOneBrowserCannotBeAnsweredFromAnother() {
        TestBrowser victim = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page mfa = login(victim);
        String state = mfa.doc().selectFirst("input[name=state]").attr("value");
        TestBrowser attacker = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page seen = attacker.get("/u/mfa?state=" + state);
        assertThat(seen.status()).isEqualTo(400);
        assertThat(seen.screen()).doesNotStartWith("mfa-");
        TestBrowser.Page posted = attacker.post("/u/mfa?state=" + state, Map.of("state", state, "code", "123456"));
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.body()).doesNotContain("data-otp-secret");
    }

    @Test
    void wrongCodesCountTowardTheBruteForceBlock() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(b);
        int last = 0;
        for (int i = 0; i < 12; i++) {
            page = b.follow(b.submit(page, "form", Map.of("code", "999999")));
            last = page.status();
            if (last == 429) {
                break;
            }
        }
        assertThat(last).as("the failure counter blocks the identifier").isEqualTo(429);
        // and the password login of the same identifier is now blocked too
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page loginPage = other.open(f.authorizeWeb("openid", ""));
        TestBrowser.Page refused = other.follow(other.submit(loginPage, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(refused.screen()).isEqualTo("login");
        assertThat(refused.status()).isEqualTo(429);
    }

    @Test
    void aForgedRememberBrowserCookieOrARecoveryCodeAnswerFromAnotherBrowserPassesNothing() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_mfa_remember_browser_days\":30}"));
        try {
            TestBrowser victim = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page mfa = login(victim);
            String state = mfa.doc().selectFirst("input[name=state]").attr("value");
            // a remembered-browser cookie the server never issued is no factor
            victim.cookies().getCookieStore().add(java.net.URI.create(atrium.baseUrl()),
                    new java.net.HttpCookie("atrium_mfa_browser", "A".repeat(40)));
            TestBrowser.Page again = victim.open("/u/mfa?state=" + state);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.screen()).startsWith("mfa-otp-");
            // the recovery-code answer is bound to the transaction's browser like the OTP one
            TestBrowser attacker = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page posted = attacker.post("/u/mfa?state=" + state,
                    Map.of("state", state, "factor", "recovery-code", "code", "ABCDEFGHIJKLMNOPQRSTUVWX"));
            assertThat(posted.status()).isEqualTo(400);
            assertThat(posted.body()).doesNotContain("data-recovery-code");
            assertThat(attacker.cookies().getCookieStore().getCookies()).noneMatch(c -> c.getName().endsWith("atrium_session"));
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_mfa_remember_browser_days\":0}"));
        }
    }
}
