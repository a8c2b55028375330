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
 * Issue 17 point 5 and O43 on database connections, over HTTP: with several database connections the login page asks
 * only for an identifier and a password, never names a connection, and signs the person in through the connection
 * holding the account (else the first); {@code connection=} wins; the answer does not tell whether an account exists.
 */
class IdentifierFirstLoginTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    static String first;
    static String second;
    static String app;
    static String inFirst;
    static String inSecond;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        first = "Staff-" + f.n;
        second = "Customers-" + f.n;
        String firstId = f.connection(first, "{}");
        String secondId = f.connection(second, "{}");
        app = f.app("deny", firstId + "," + secondId);
        inFirst = "staff-" + f.n + "@example.com";
        inSecond = "customer-" + f.n + "@example.com";
        f.user(first, inFirst);
        f.user(second, inSecond);
    }

    @Test
    void thePageNamesNoConnection() {
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(app, ""));
        assertThat(page.screen()).isEqualTo("login");
        assertThat(page.doc().select("select, input[name=connection]")).isEmpty();
        assertThat(page.body()).doesNotContain(first).doesNotContain(second).doesNotContain("Username-Password-Authentication");
    }

    @Test
    void O43_theConnectionHoldingTheAccountIsUsed() {
        for (String email : new String[]{inFirst, inSecond}) {
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page back = HostedLoginFixture.login(b, b.open(authorize(app, "")), email);
            assertThat(query(back.location())).as(email).containsKey("code");
        }
    }

    @Test
    void O43_aNamedConnectionWins() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        // the account lives in the second connection: naming the first refuses it, naming the second signs it in
        TestBrowser.Page refused = HostedLoginFixture.login(b, b.open(authorize(app, "&connection=" + first)), inSecond);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("Wrong email or password.");
        TestBrowser.Page back = HostedLoginFixture.login(b, b.open(authorize(app, "&connection=" + second)), inSecond);
        assertThat(query(back.location())).containsKey("code");
    }

    @Test
    void aNewAccountIsCreatedInTheFirstConnectionThatAllowsSignups() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app, "&screen_hint=signup"));
        assertThat(page.screen()).isEqualTo("signup");
        assertThat(page.body()).doesNotContain(first).doesNotContain(second);
        String email = "fresh-" + f.n + "@example.com";
        assertThat(query(b.follow(b.submit(page, "form", Map.of("email", email, "password", PASSWORD))).location())).containsKey("code");
        assertThat(f.connectionOf(email)).isEqualTo(first);
    }

    /** Attack: probing identifiers must not tell which accounts exist (same status, same message, same form). */
    @Test
    void anUnknownAccountAndAWrongPasswordLookTheSame() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page wrong = b.submit(b.open(authorize(app, "")), "form", Map.of("username", inSecond, "password", "Not-the-password-1"));
        TestBrowser.Page unknown = b.submit(b.open(authorize(app, "")), "form",
                Map.of("username", "nobody-" + f.n + "@example.com", "password", "Not-the-password-1"));
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.doc().selectFirst("#login-error").text()).isEqualTo(wrong.doc().selectFirst("#login-error").text());
        assertThat(unknown.doc().select("form input").eachAttr("name")).isEqualTo(wrong.doc().select("form input").eachAttr("name"));
        assertThat(unknown.body()).doesNotContain(second).doesNotContain(first);
        assertThat(wrong.body()).doesNotContain(second).doesNotContain(first);
    }

    /** Attack: a login form posted with a connection the application does not use is refused. */
    @Test
    void aPostedConnectionOutsideTheApplicationIsRefused() {
        String foreign = "Foreign-" + f.n;
        f.connection(foreign, "{}");
        f.user(foreign, "foreign-" + f.n + "@example.com");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page posted = b.submit(b.open(authorize(app, "")), "form",
                Map.of("connection", foreign, "username", "foreign-" + f.n + "@example.com", "password", PASSWORD));
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.screen()).isEqualTo("login");
    }
}
