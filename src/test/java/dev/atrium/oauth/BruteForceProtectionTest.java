package dev.atrium.oauth;

import dev.atrium.authflow.BruteForcePolicy;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force protection through the login form: failures from one address slow the next attempt
 * down after {@value BruteForcePolicy#SLOW_AFTER}, and block the user from that address after
 * {@value BruteForcePolicy#BLOCK_AFTER}, even with the right password, until an administrator lifts the
 * block through {@code /api/v2/user-blocks}. The server's clock is moved instead of sleeping.
 */
class BruteForceProtectionTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    String newUser() {
        String email = "bf-" + System.nanoTime() + "@example.com";
        SignInFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}"));
        return email;
    }

    static TestBrowser.Page attempt(TestBrowser browser, TestBrowser.Page login, String email, String password) {
        return browser.submit(login, "form", Map.of("username", email, "password", password));
    }

    static String alert(TestBrowser.Page page) {
        return page.doc().select("[role=alert]").text();
    }

    /** Fails {@code n} times, moving the clock past each wait (64 s at most) so every attempt counts. */
    static TestBrowser.Page fail(TestBrowser browser, TestBrowser.Page login, String email, int n) {
        TestBrowser.Page last = login;
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(65));
            last = attempt(browser, login, email, "wrong-password-" + i);
        }
        return last;
    }

    @Test
    void failuresSlowTheNextAttemptDownThenBlockUntilAnAdministratorUnblocks() {
        String email = newUser();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = browser.open(f.authorizeWeb("openid", ""));

        TestBrowser.Page third = fail(browser, login, email, 3);
        assertThat(third.status()).isEqualTo(401);
        assertThat(alert(third)).isEqualTo("Wrong email or password.");
        TestBrowser.Page tooSoon = attempt(browser, login, email, SignInFixture.PASSWORD);
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(alert(tooSoon)).isEqualTo("Too many failed attempts. Wait 1 second before trying again.");

        TestBrowser.Page tenth = fail(browser, login, email, 7);
        assertThat(tenth.status()).isEqualTo(429);
        assertThat(alert(tenth)).contains("blocked").contains("too many failed attempts");
        clock.advance(Duration.ofHours(1));
        login = browser.open(f.authorizeWeb("openid", ""));
        TestBrowser.Page right = attempt(browser, login, email, SignInFixture.PASSWORD);
        assertThat(right.status()).as("the right password does not get in while blocked").isEqualTo(429);
        assertThat(right.location()).isNull();

        JsonNode blocks = SignInFixture.ok(atrium.mgmt("GET", "/user-blocks?identifier=" + enc(email), null));
        assertThat(blocks.get("blocked_for")).hasSize(1);
        assertThat(blocks.get("blocked_for").get(0).get("identifier").asString()).isEqualTo(email);
        assertThat(blocks.get("blocked_for").get(0).get("ip").asString()).isNotBlank();
        assertThat(blocks.get("blocked_for").get(0).get("connection").asString()).isEqualTo("Username-Password-Authentication");

        assertThat(atrium.mgmt("DELETE", "/user-blocks?identifier=" + enc(email), null).status()).isEqualTo(204);
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/user-blocks?identifier=" + enc(email), null)).get("blocked_for")).isEmpty();
        TestBrowser.Page in = browser.follow(attempt(browser, login, email, SignInFixture.PASSWORD));
        assertThat(in.status()).isEqualTo(302);
        assertThat(SignInFixture.query(in.location())).containsKey("code");
    }

    /**
     * Attack, waiting it out: the housekeeping forgets failures thirty days after the last one, but never a block, so an
     * attacker who blocked the pair cannot wait for the pass to try again; one short of the block is forgotten.
     */
    @Test
    void theHousekeepingForgetsOldFailuresButNeverABlock() {
        String blocked = newUser();
        String almost = newUser();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = browser.open(f.authorizeWeb("openid", ""));
        assertThat(fail(browser, login, blocked, 10).status()).isEqualTo(429);
        login = browser.open(f.authorizeWeb("openid", ""));
        assertThat(fail(browser, login, almost, 9).status()).isEqualTo(401);

        clock.advance(Duration.ofDays(31));
        atrium.forgetManagementToken(); // the one the class fetched expired meanwhile
        assertThat(atrium.server().housekeeping().run()).containsKey("login_failures");

        login = browser.open(f.authorizeWeb("openid", ""));
        TestBrowser.Page right = attempt(browser, login, blocked, SignInFixture.PASSWORD);
        assertThat(right.status()).as("still blocked after the pass").isEqualTo(429);
        TestBrowser.Page tenth = attempt(browser, login, almost, "wrong-again");
        assertThat(tenth.status()).as("the nine old failures were forgotten: this is the first").isEqualTo(401);
        assertThat(alert(tenth)).isEqualTo("Wrong email or password.");
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/user-blocks?identifier=" + enc(blocked), null)).get("blocked_for")).hasSize(1);
    }

    /** Issue 19: the block is in the tenant log as Auth0's limit_wc, for the account and the address, with its reason. */
    @Test
    void theBlockIsLoggedAsLimitWc() {
        String email = newUser();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = browser.open(f.authorizeWeb("openid", ""));
        fail(browser, login, email, BruteForcePolicy.BLOCK_AFTER - 1);
        assertThat(dev.atrium.support.TestLogs.all(atrium, "type:limit_wc").findValuesAsString("user_name")).doesNotContain(email);
        fail(browser, login, email, 1);
        JsonNode wc = dev.atrium.support.TestLogs.await(atrium, "type:limit_wc", e -> email.equals(e.path("user_name").asString()));
        assertThat(wc.get("details").get("reason").asString()).isEqualTo("brute_force_block");
        assertThat(wc.get("client_id").asString()).isEqualTo(f.webId);
        assertThat(wc.get("connection").asString()).isEqualTo("Username-Password-Authentication");
        assertThat(wc.get("ip").asString()).isNotBlank();
        assertThat(wc.get("category").asString()).isEqualTo("auth.ancillary.fail");
        // the right password while blocked is refused, and logged as the block again
        clock.advance(Duration.ofSeconds(65));
        attempt(browser, login, email, SignInFixture.PASSWORD);
        long end = System.currentTimeMillis() + 10_000;
        while (dev.atrium.support.TestLogs.all(atrium, "type:limit_wc").findValuesAsString("user_name").stream()
                .filter(email::equals).count() < 2) {
            assertThat(System.currentTimeMillis()).as("a second limit_wc").isLessThan(end);
        }
    }

    @Test
    void blocksAreReadAndLiftedByUserId() {
        String email = newUser();
        String userId = SignInFixture.ok(atrium.mgmt("GET", "/users-by-email?email=" + enc(email), null)).get(0).get("user_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = browser.open(f.authorizeWeb("openid", ""));
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/user-blocks/" + enc(userId), null)).get("blocked_for")).isEmpty();
        fail(browser, login, email.toUpperCase(), BruteForcePolicy.BLOCK_AFTER);

        JsonNode blocks = SignInFixture.ok(atrium.mgmt("GET", "/user-blocks/" + enc(userId), null));
        assertThat(blocks.get("blocked_for")).hasSize(1);
        assertThat(blocks.get("blocked_for").get(0).get("identifier").asString()).isEqualTo(email);
        assertThat(atrium.mgmt("DELETE", "/user-blocks/" + enc(userId), null).status()).isEqualTo(204);
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/user-blocks/" + enc(userId), null)).get("blocked_for")).isEmpty();
        TestBrowser.Page in = browser.follow(attempt(browser, login, email, SignInFixture.PASSWORD));
        assertThat(SignInFixture.query(in.location())).containsKey("code");
    }

    @Test
    void userBlocksEndpointsCheckTheirInput() {
        assertThat(atrium.mgmt("GET", "/user-blocks", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("DELETE", "/user-blocks?identifier=", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/user-blocks/" + enc("auth0|000000000000000000000000"), null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("DELETE", "/user-blocks/nobody", null).status()).isEqualTo(404);
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/user-blocks?identifier=nobody%40example.com", null)).get("blocked_for")).isEmpty();
    }
}
