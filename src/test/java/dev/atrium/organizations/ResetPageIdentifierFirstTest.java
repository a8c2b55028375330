package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Optional;

import static dev.atrium.organizations.HostedLoginFixture.authorize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 point 5 on the password reset page: with several database connections the page asks only for the email
 * address, names no connection, and mails the reset link of the connection holding the account (identifier first, as
 * the login page does); the answer is the same whether or not an account exists.
 */
class ResetPageIdentifierFirstTest {
    static final TestMail mail = TestMail.start();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()),
            Optional.of("Sign-in <no-reply@example.com>")));
    static HostedLoginFixture f;
    static String first;
    static String second;
    static String app;
    static String inSecond;

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        first = "Staff-" + f.n;
        second = "Customers-" + f.n;
        String firstId = f.connection(first, "{}");
        String secondId = f.connection(second, "{}");
        app = f.app("deny", firstId + "," + secondId);
        inSecond = "customer-" + f.n + "@example.com";
        f.user(second, inSecond);
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    static TestBrowser.Page resetPage(TestBrowser b) {
        TestBrowser.Page login = b.open(authorize(app, ""));
        assertThat(login.screen()).isEqualTo("login");
        return b.get(atrium.baseUrl() + login.doc().selectFirst("#forgot-password").attr("href"));
    }

    @Test
    void theResetPageNamesNoConnectionAndMailsTheAccountsOwnConnection() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = resetPage(b);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.doc().select("select, input[name=connection]")).isEmpty();
        assertThat(page.body()).doesNotContain(first).doesNotContain(second).doesNotContain("Username-Password-Authentication");

        // the account is in the second connection: only choosing it by the address finds it and mails the link
        TestBrowser.Page sent = b.submit(page, "form", Map.of("email", inSecond));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        TestMail.Mail m = mail.await(inSecond);
        assertThat(m.link()).contains("/u/reset-password/change?ticket=");

        // an address with no account gets the same answer
        TestBrowser.Page unknown = b.submit(resetPage(b), "form", Map.of("email", "nobody-" + f.n + "@example.com"));
        assertThat(unknown.status()).isEqualTo(sent.status());
        assertThat(unknown.doc().select("main, .card").text()).isEqualTo(sent.doc().select("main, .card").text());
    }
}
