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
 * Issue 13, password reset, against a real SMTP server on loopback: {@code POST /dbconnections/change_password}
 * answers the same for every address, the message arrives branded with a working single-use link, the
 * password policy holds, and after the reset every session and refresh token of the user is over.
 */
class PasswordResetFlowTest {
    static final TestMail mail = TestMail.start();
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()),
            Optional.of("Umbrella Sign-in <no-reply@umbrella.example>")), clock);
    static EmailFixture f;

    @BeforeAll
    static void tenant() {
        f = new EmailFixture(atrium);
        EmailFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"friendly_name\":\"Umbrella\",\"support_email\":\"help@umbrella.example\","
                + "\"branding\":{\"logo_url\":\"https://cdn.umbrella.example/logo.png\",\"colors\":{\"primary\":\"#aa3300\"}}}"));
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
        return who + "-" + Long.toString(System.nanoTime(), 36) + "@umbrella.example";
    }

    @Test
    void changePasswordAnswersTheSameForEveryAddressAndMailsOnlyAnAccountThatExists() {
        String email = address("alice");
        String userId = f.user(email);
        String nobody = address("nobody");

        TestAtrium.Response known = f.changePassword(email);
        TestAtrium.Response unknown = f.changePassword(nobody);
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo("We've just sent you an email to reset your password.");
        assertThat(known.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.status()).isEqualTo(known.status());
        assertThat(unknown.body()).isEqualTo(known.body());

        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).isEqualTo("Reset your Umbrella App password");
        assertThat(m.from()).contains("no-reply@umbrella.example");
        assertThat(m.messageId()).matches("<msg_[A-Za-z0-9]+@localhost>");
        assertThat(m.text()).contains("Hello alice-").contains(email).contains(m.link());
        assertThat(m.html()).contains("https://cdn.umbrella.example/logo.png").contains("#aa3300").contains("help@umbrella.example")
                .contains(m.link().replace("&", "&amp;"));
        assertThat(m.link()).startsWith(atrium.issuer() + "u/reset-password/change?ticket=")
                .doesNotContain(userId.substring("auth0|".length())).doesNotContain("alice");
        assertThat(mail.after(nobody, Duration.ofMillis(1500))).as("no message for an address without an account").isEmpty();
    }

    @Test
    void aResetAskedForInAnOrganizationCarriesItsBranding() {
        String email = address("olga");
        f.user(email);
        String org = EmailFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"hooli-" + Long.toString(System.nanoTime(), 36)
                + "\",\"display_name\":\"Hooli\",\"branding\":{\"logo_url\":\"https://cdn.hooli.example/h.png\","
                + "\"colors\":{\"primary\":\"#118833\",\"page_background\":\"#f0f7f2\"}}}")).get("id").asString();
        TestAtrium.Response r = atrium.postForm("/dbconnections/change_password", "client_id=" + f.clientId + "&email="
                + TestAtrium.enc(email) + "&connection=" + EmailFixture.CONNECTION + "&organization=" + org);
        assertThat(r.status()).isEqualTo(200);
        TestMail.Mail m = mail.await(email);
        assertThat(m.html()).contains("https://cdn.hooli.example/h.png").contains("#118833").contains("Hooli")
                .doesNotContain("https://cdn.umbrella.example/logo.png");
    }

    @Test
    void aResetLinkChangesThePasswordOnceAndEndsEverySessionAndRefreshToken() {
        String email = address("bob");
        String userId = f.user(email);
        // Bob is signed in on a device: an SSO session and a refresh token
        TestBrowser device = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = f.signIn(device, email, EmailFixture.PASSWORD);
        assertThat(back.location()).startsWith(EmailFixture.CALLBACK);
        String refreshToken = f.exchange(back.location()).get("refresh_token").asString();
        assertThat(device.get(f.authorizeUrl("")).location()).as("SSO session live").startsWith(EmailFixture.CALLBACK);

        assertThat(f.changePassword(email).status()).isEqualTo(200);
        String link = mail.await(email).link();

        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page form = b.get(f.local(link));
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.screen()).isEqualTo("reset-password");
        assertThat(form.body()).contains("Umbrella App");

        // the connection's policy holds, and a refused password leaves the link usable
        TestBrowser.Page weak = b.submit(form, "form", Map.of("password", "short", "confirm", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.doc().select("[role=alert]").text()).contains("too weak");
        TestBrowser.Page mismatch = b.submit(form, "form", Map.of("password", "N3w-Passw0rd-Ok", "confirm", "N3w-Passw0rd-Ko"));
        assertThat(mismatch.status()).isEqualTo(400);

        TestBrowser.Page done = b.submit(form, "form", Map.of("password", "N3w-Passw0rd-Ok", "confirm", "N3w-Passw0rd-Ok"));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.screen()).isEqualTo("reset-password-done");

        // the old password no longer works, the new one does
        assertThat(f.signIn(new TestBrowser(atrium.baseUrl()), email, EmailFixture.PASSWORD).status()).isEqualTo(401);
        assertThat(f.signIn(new TestBrowser(atrium.baseUrl()), email, "N3w-Passw0rd-Ok").location()).startsWith(EmailFixture.CALLBACK);
        // everything Bob was signed in with has ended
        TestAtrium.Response refreshed = f.refresh(refreshToken);
        assertThat(refreshed.status()).as("Auth0 answers a dead refresh token with 403").isEqualTo(403);
        assertThat(refreshed.json().get("error").asString()).isEqualTo("invalid_grant");
        TestBrowser.Page again = device.open(f.authorizeUrl(""));
        assertThat(again.screen()).as("the SSO session ended").isEqualTo("login");
        // following the emailed link proved the address
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();
        assertThat(f.userDoc(userId).has("last_password_reset")).isTrue();

        // the link worked once
        TestBrowser.Page reused = new TestBrowser(atrium.baseUrl()).get(f.local(link));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.doc().select("[data-result]").attr("data-result")).isEqualTo("invalid");
        TestBrowser.Page replay = b.submit(form, "form", Map.of("password", "An0ther-Passw0rd", "confirm", "An0ther-Passw0rd"));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(f.signIn(new TestBrowser(atrium.baseUrl()), email, "An0ther-Passw0rd").status()).isEqualTo(401);

        // and the account owner is told
        TestMail.Mail notice = mail.await(email, 2, Duration.ofSeconds(15));
        assertThat(notice.subject()).isEqualTo("Your Umbrella App password was changed");
        assertThat(notice.text()).contains("signed in with the old one has been ended");
    }

    @Test
    void attacksOnTheResetPageFail() {
        String email = address("carol");
        f.user(email);
        assertThat(f.changePassword(email).status()).isEqualTo(200);
        String link = mail.await(email).link();
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page form = b.get(f.local(link));

        // a forged or truncated ticket reads like any dead link: no hint whether an account exists
        for (String bad : new String[]{"forged", link.substring(link.indexOf("ticket=") + 7, link.length() - 1), "%27%22%3Cx%3E"}) {
            TestBrowser.Page p = b.get("/u/reset-password/change?ticket=" + bad);
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.doc().select("[data-result]").attr("data-result")).isEqualTo("invalid");
        }
        // a control character never reaches the page: the request guard refuses it with the hosted error page
        TestBrowser.Page nul = b.get("/u/reset-password/change?ticket=%00x");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.doc().select("body").attr("data-screen")).isEqualTo("error");
        // a post without the page's CSRF token, from another browser, changes nothing
        String ticket = EmailFixture.query(link).get("ticket");
        TestBrowser.Page csrfless = new TestBrowser(atrium.baseUrl()).post("/u/reset-password/change",
                Map.of("ticket", ticket, "password", "Att4cker-Passw0rd", "confirm", "Att4cker-Passw0rd"));
        assertThat(csrfless.status()).isEqualTo(400);
        assertThat(f.signIn(new TestBrowser(atrium.baseUrl()), email, "Att4cker-Passw0rd").status()).isEqualTo(401);
        // the real owner's link still works afterwards
        TestBrowser.Page done = b.submit(form, "form", Map.of("password", "Own3r-Passw0rd!", "confirm", "Own3r-Passw0rd!"));
        assertThat(done.status()).isEqualTo(200);

        // an e-mail verification link is not a reset link
        String other = address("dave");
        String daveId = f.user(other);
        String verify = EmailFixture.ok(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + daveId + "\"}"))
                .get("ticket").asString();
        TestBrowser.Page wrongKind = b.get("/u/reset-password/change?ticket=" + EmailFixture.query(verify).get("ticket"));
        assertThat(wrongKind.status()).isEqualTo(400);
    }

    @Test
    void badRequestsGetOAuthErrorsAndThirdPartyApplicationsAreRefused() {
        TestAtrium.Response noConnection = atrium.postForm("/dbconnections/change_password", "client_id=" + f.clientId + "&email=x%40y.z");
        assertThat(noConnection.status()).isEqualTo(400);
        assertThat(noConnection.json().get("error").asString()).isEqualTo("invalid_request");
        TestAtrium.Response badConnection = atrium.postForm("/dbconnections/change_password", "client_id=" + f.clientId
                + "&email=x%40y.z&connection=nope");
        assertThat(badConnection.status()).isEqualTo(400);
        assertThat(badConnection.json().has("error_description")).isTrue();
        TestAtrium.Response unknownClient = atrium.postForm("/dbconnections/change_password", "client_id=nope&email=x%40y.z&connection="
                + EmailFixture.CONNECTION);
        assertThat(unknownClient.status()).isEqualTo(400);

        JsonNode tp = EmailFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Third\",\"app_type\":\"regular_web\","
                + "\"is_first_party\":false,\"callbacks\":[\"https://tp.example.com/cb\"]}"));
        TestAtrium.Response thirdParty = atrium.postForm("/dbconnections/change_password", "client_id=" + tp.get("client_id").asString()
                + "&email=x%40y.z&connection=" + EmailFixture.CONNECTION);
        assertThat(thirdParty.status()).isEqualTo(403);
        assertThat(thirdParty.json().get("error").asString()).isEqualTo("unauthorized_client");
    }

    @Test
    void resetRequestsAreLimitedPerAddressAndPerClientIp() {
        String email = address("erin");
        f.user(email);
        for (int i = 0; i < AccountEmails.PER_ADDRESS; i++) {
            assertThat(f.changePassword(email).status()).isEqualTo(200);
        }
        TestAtrium.Response limited = f.changePassword(email);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("error").asString()).isEqualTo("too_many_requests");
        // an address without an account is limited the same way, so the limit reveals nothing
        String nobody = address("nobody");
        for (int i = 0; i < AccountEmails.PER_ADDRESS; i++) {
            assertThat(f.changePassword(nobody).status()).isEqualTo(200);
        }
        assertThat(f.changePassword(nobody).status()).isEqualTo(429);
        assertThat(mail.after(email, Duration.ofSeconds(2))).hasSize(AccountEmails.PER_ADDRESS);

        // per client IP: spread over fresh addresses, the IP runs out too
        clock.advance(AccountEmails.WINDOW.plusMinutes(1));
        int ok = 0;
        TestAtrium.Response last = null;
        for (int i = 0; i <= AccountEmails.PER_IP; i++) {
            last = f.changePassword(address("spray" + i));
            if (last.status() == 200) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(AccountEmails.PER_IP);
        assertThat(last.status()).isEqualTo(429);
        // the window passes and requests are accepted again
        clock.advance(AccountEmails.WINDOW.plusMinutes(1));
        assertThat(f.changePassword(email).status()).isEqualTo(200);
    }
}
