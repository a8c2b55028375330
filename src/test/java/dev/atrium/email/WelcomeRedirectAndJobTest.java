package dev.atrium.email;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 against a real SMTP server: the welcome message (off by default, as Auth0), the address in
 * the redirect after a link ({@code includeEmailInRedirect}, off by default in Atrium), the verification
 * job read back through {@code GET /api/v2/jobs/{id}}, and the limits on verification jobs.
 */
class WelcomeRedirectAndJobTest {
    static final TestMail mail = TestMail.start();
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()), Optional.empty()), clock);
    static EmailFixture f;

    @BeforeAll
    static void tenant() {
        f = new EmailFixture(atrium);
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    @BeforeEach
    void freshRateLimitWindow() {
        clock.advance(AccountEmails.WINDOW.plusMinutes(1));
    }

    static String address(String who) {
        return who + "-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    }

    private static TestAtrium.Response signUp(String email) {
        return atrium.postForm("/dbconnections/signup", "client_id=" + f.clientId + "&email=" + TestAtrium.enc(email)
                + "&password=" + TestAtrium.enc(EmailFixture.PASSWORD) + "&connection=" + EmailFixture.CONNECTION);
    }

    @Test
    void theWelcomeMessageIsSentOnlyOnceTheTemplateIsEnabled() {
        assertThat(EmailFixture.ok(atrium.mgmt("GET", "/email-templates/welcome_email", null)).get("enabled").asBoolean())
                .as("off by default, as on Auth0").isFalse();
        // off: sign-up and verification send the verification message only
        String quiet = address("quiet");
        assertThat(signUp(quiet).status()).isEqualTo(200);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(b.get(f.local(mail.await(quiet).link())).status()).isEqualTo(200);
        assertThat(mail.after(quiet, Duration.ofMillis(1500))).extracting(TestMail.Mail::subject)
                .containsExactly("Verify your email address for Umbrella App");

        assertThat(atrium.mgmt("PATCH", "/email-templates/welcome_email", "{\"enabled\":true}").status()).isEqualTo(200);
        try {
            // on: the address is verified first, then the welcome arrives, naming the application
            String welcomed = address("welcomed");
            assertThat(signUp(welcomed).status()).isEqualTo(200);
            TestMail.Mail verify = mail.await(welcomed);
            assertThat(mail.after(welcomed, Duration.ofMillis(1000))).as("no welcome before the address is proven").hasSize(1);
            assertThat(b.get(f.local(verify.link())).status()).isEqualTo(200);
            TestMail.Mail welcome = mail.await(welcomed, 2, Duration.ofSeconds(15));
            assertThat(welcome.subject()).isEqualTo("Welcome to Umbrella App");
            assertThat(welcome.to()).isEqualTo(welcomed);
            assertThat(welcome.text()).contains(welcomed).contains("Umbrella App");
            assertThat(welcome.html()).contains("Umbrella App");
            // following the link again sends nothing more
            assertThat(b.get(f.local(verify.link())).status()).isEqualTo(400);
            assertThat(mail.after(welcomed, Duration.ofMillis(1000))).hasSize(2);

            // with verify_email disabled, the sign-up itself is welcomed
            assertThat(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"enabled\":false}").status()).isEqualTo(200);
            String direct = address("direct");
            assertThat(signUp(direct).status()).isEqualTo(200);
            assertThat(mail.await(direct).subject()).isEqualTo("Welcome to Umbrella App");
            assertThat(mail.after(direct, Duration.ofMillis(1000))).hasSize(1);
        } finally {
            atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"enabled\":true}");
            atrium.mgmt("PATCH", "/email-templates/welcome_email", "{\"enabled\":false}");
        }
    }

    @Test
    void theHostedSignUpPagesVerificationNamesTheApplication() {
        String email = address("hosted");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(f.authorizeUrl("&screen_hint=signup"));
        assertThat(page.screen()).isEqualTo("signup");
        b.follow(b.submit(page, "form", Map.of("email", email, "password", EmailFixture.PASSWORD)));
        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).isEqualTo("Verify your email address for Umbrella App");
        assertThat(m.text()).contains("your email address for Umbrella App");
    }

    @Test
    void theAddressIsInTheRedirectOnlyWhenTheTicketOrTheTemplateAsksForIt() {
        String email = address("redirect");
        String userId = f.user(email);
        TestBrowser b = new TestBrowser(atrium.baseUrl());

        // Atrium's default: no address in the URL the application receives
        String plain = EmailFixture.ok(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"result_url\":\"https://app.example.com/verified\"}")).get("ticket").asString();
        TestBrowser.Page first = b.get(f.local(plain));
        assertThat(first.status()).isEqualTo(302);
        assertThat(EmailFixture.query(first.location())).containsEntry("success", "true").doesNotContainKey("email");

        // the ticket asks for it
        String withEmail = EmailFixture.ok(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"result_url\":\"https://app.example.com/verified\",\"includeEmailInRedirect\":true}")).get("ticket").asString();
        TestBrowser.Page second = b.get(f.local(withEmail));
        assertThat(second.location()).startsWith("https://app.example.com/verified?email=");
        assertThat(EmailFixture.query(second.location())).containsEntry("email", email).containsEntry("success", "false")
                .containsEntry("message", "This account is already verified.");

        String reset = EmailFixture.ok(atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\","
                + "\"result_url\":\"https://app.example.com/after-reset\",\"includeEmailInRedirect\":true}")).get("ticket").asString();
        TestBrowser.Page form = b.get(f.local(reset));
        TestBrowser.Page done = b.submit(form, "form", Map.of("password", "Redirect-Passw0rd", "confirm", "Redirect-Passw0rd"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(EmailFixture.query(done.location())).containsEntry("email", email).containsEntry("success", "true");

        // the template asks for it: the e-mailed link of a reset request carries it too
        assertThat(atrium.mgmt("PATCH", "/email-templates/reset_email", "{\"includeEmailInRedirect\":true,"
                + "\"resultUrl\":\"https://app.example.com/reset-done\"}").status()).isEqualTo(200);
        try {
            assertThat(f.changePassword(email).status()).isEqualTo(200);
            // the reset by ticket above queued a "password changed" notice first
            TestMail.Mail m = mail.await(email, 2, Duration.ofSeconds(15));
            assertThat(m.subject()).isEqualTo("Reset your Umbrella App password");
            TestBrowser.Page mailed = b.get(f.local(m.link()));
            TestBrowser.Page after = b.submit(mailed, "form", Map.of("password", "Template-Passw0rd", "confirm", "Template-Passw0rd"));
            assertThat(after.location()).startsWith("https://app.example.com/reset-done?email=");
            assertThat(EmailFixture.query(after.location())).containsEntry("email", email);
            // a ticket can still leave it out
            String without = EmailFixture.ok(atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\","
                    + "\"includeEmailInRedirect\":false}")).get("ticket").asString();
            TestBrowser.Page form2 = b.get(f.local(without));
            TestBrowser.Page after2 = b.submit(form2, "form", Map.of("password", "Without-Passw0rd", "confirm", "Without-Passw0rd"));
            assertThat(EmailFixture.query(after2.location())).doesNotContainKey("email").containsEntry("success", "true");
        } finally {
            atrium.mgmt("PATCH", "/email-templates/reset_email", "{\"includeEmailInRedirect\":false,\"resultUrl\":\"\"}");
        }
        assertThat(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"includeEmailInRedirect\":\"yes\"}").status()).as("a non-boolean is refused").isEqualTo(400);
    }

    @Test
    void aVerificationJobCanBeReadBackInAuth0sShape() {
        String email = address("job");
        String userId = f.user(email);
        TestAtrium.Response created = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\",\"client_id\":\""
                + f.clientId + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(mail.await(email).subject()).isEqualTo("Verify your email address for Umbrella App");

        TestAtrium.Response read = atrium.mgmt("GET", "/jobs/" + id, null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode job = read.json();
        assertThat(job.propertyNames()).containsExactlyInAnyOrder("status", "type", "created_at", "id");
        assertThat(job.get("id").asString()).isEqualTo(id);
        assertThat(job.get("type").asString()).isEqualTo("verification_email");
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("created_at").asString()).isEqualTo(created.json().get("created_at").asString());
        TestAtrium.Response errors = atrium.mgmt("GET", "/jobs/" + id + "/errors", null);
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.json().get("id").asString()).isEqualTo(id);

        TestAtrium.Response unknown = atrium.mgmt("GET", "/jobs/job_doesnotexist0000", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorCode").asString()).isEqualTo("inexistent_job");
        assertThat(atrium.mgmt("GET", "/jobs/" + id, null, null).status()).as("no token, no job").isEqualTo(401);
    }

    @Test
    void verificationJobsAreLimitedPerAddressAndPerClientIp() {
        String email = address("flood");
        String userId = f.user(email);
        for (int i = 0; i < AccountEmails.PER_ADDRESS; i++) {
            assertThat(atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\"}").status()).isEqualTo(201);
        }
        TestAtrium.Response limited = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("statusCode").asInt()).isEqualTo(429);
        assertThat(limited.json().get("errorCode").asString()).isEqualTo("too_many_requests");
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(mail.after(email, Duration.ofSeconds(2))).hasSize(AccountEmails.PER_ADDRESS);

        // per client IP: spread over other users, the IP runs out too (the address above counted against it)
        int accepted = AccountEmails.PER_ADDRESS + 1;
        TestAtrium.Response last = null;
        while (accepted < AccountEmails.PER_IP) {
            last = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + f.user(address("spread")) + "\"}");
            assertThat(last.status()).isEqualTo(201);
            accepted++;
        }
        last = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + f.user(address("spread")) + "\"}");
        assertThat(last.status()).isEqualTo(429);
        // a reset request from the same IP is refused as well: one budget for both kinds
        assertThat(f.changePassword(address("other")).status()).isEqualTo(429);

        clock.advance(AccountEmails.WINDOW.plusMinutes(1));
        assertThat(atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\"}").status()).isEqualTo(201);
    }
}
