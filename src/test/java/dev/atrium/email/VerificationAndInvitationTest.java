package dev.atrium.email;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 against a real SMTP server: verification on sign-up and on demand, the Management API's
 * tickets and job in Auth0's shapes, a change of e-mail, the e-mail templates API, and an organization
 * invitation whose e-mailed link leads through acceptance to an organization token.
 */
class VerificationAndInvitationTest {
    static final TestMail mail = TestMail.start();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()), Optional.empty()));
    static EmailFixture f;

    @BeforeAll
    static void tenant() {
        f = new EmailFixture(atrium);
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    static String address(String who) {
        return who + "-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    }

    @Test
    void signUpSendsAVerificationWhoseLinkVerifiesTheAddressOnce() {
        String email = address("sign");
        TestAtrium.Response signup = atrium.postForm("/dbconnections/signup", "client_id=" + f.clientId + "&email=" + TestAtrium.enc(email)
                + "&password=" + TestAtrium.enc(EmailFixture.PASSWORD) + "&connection=" + EmailFixture.CONNECTION);
        assertThat(signup.status()).as(signup.toString()).isEqualTo(200);
        String userId = "auth0|" + signup.json().get("_id").asString();
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isFalse();

        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).isEqualTo("Verify your email address for Umbrella App");
        assertThat(m.from()).isEqualTo("no-reply@localhost");
        assertThat(m.link()).startsWith(atrium.issuer() + "u/email-verification?ticket=");
        assertThat(m.html()).contains("Verify email address");

        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page verified = b.get(f.local(m.link()));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.doc().select("[data-result]").attr("data-result")).isEqualTo("verified");
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();

        TestBrowser.Page again = b.get(f.local(m.link()));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("This URL can be used only once");
    }

    @Test
    void theHostedSignUpPageSendsAVerificationToo() {
        String email = address("hosted");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(f.authorizeUrl("&screen_hint=signup"));
        assertThat(page.screen()).isEqualTo("signup");
        TestBrowser.Page after = b.follow(b.submit(page, "form", Map.of("email", email, "password", EmailFixture.PASSWORD)));
        assertThat(after.status()).as(after.body()).isIn(200, 302);
        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).startsWith("Verify your email address for ");
        assertThat(m.link()).startsWith(atrium.issuer() + "u/email-verification?ticket=");
    }

    @Test
    void ticketsAndTheVerificationJobAnswerInAuth0sShapes() {
        String email = address("ticket");
        String userId = f.user(email);

        TestAtrium.Response pw = atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\","
                + "\"result_url\":\"https://app.example.com/after-reset\",\"ttl_sec\":600}");
        assertThat(pw.status()).as(pw.toString()).isEqualTo(201);
        assertThat(pw.json().propertyNames()).containsExactly("ticket");
        String reset = pw.json().get("ticket").asString();
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page form = b.get(f.local(reset));
        assertThat(form.screen()).isEqualTo("reset-password");
        TestBrowser.Page done = b.submit(form, "form", Map.of("password", "Ticket-Passw0rd", "confirm", "Ticket-Passw0rd"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).startsWith("https://app.example.com/after-reset?success=true&message=");
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).as("mark_email_as_verified defaults to false").isFalse();

        TestAtrium.Response vt = atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"result_url\":\"https://app.example.com/verified\"}");
        assertThat(vt.status()).isEqualTo(201);
        TestBrowser.Page redirected = b.get(f.local(vt.json().get("ticket").asString()));
        assertThat(redirected.status()).isEqualTo(302);
        assertThat(EmailFixture.query(redirected.location())).containsEntry("success", "true")
                .containsEntry("message", "Your email was verified. You can continue using the application.");
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();
        assertThat(mail.after(email, Duration.ofMillis(1000))).as("tickets are returned, not sent; only the notice of the change is")
                .extracting(TestMail.Mail::subject).containsExactly("Your Atrium password was changed");

        String other = address("job");
        String otherId = f.user(other);
        TestAtrium.Response job = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + otherId + "\",\"client_id\":\""
                + f.clientId + "\"}");
        assertThat(job.status()).isEqualTo(201);
        assertThat(job.json().get("type").asString()).isEqualTo("verification_email");
        assertThat(job.json().get("status").asString()).isEqualTo("completed");
        assertThat(job.json().get("id").asString()).startsWith("job_");
        assertThat(job.json().has("created_at")).isTrue();
        assertThat(mail.await(other).subject()).isEqualTo("Verify your email address for Umbrella App");

        TestAtrium.Response unknown = atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"auth0|nobody\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorCode").asString()).isEqualTo("inexistent_user");
        TestAtrium.Response missing = atrium.mgmt("POST", "/tickets/email-verification", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("statusCode").asInt()).isEqualTo(400);
        TestAtrium.Response extra = atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\",\"nope\":1}");
        assertThat(extra.status()).isEqualTo(400);
        TestAtrium.Response anonymous = atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\"}", null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void ticketsMadeInAnOrganizationCarryItsBrandingAndItsIdAndNameBack() {
        String n = Long.toString(System.nanoTime(), 36);
        String org = EmailFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"pied-" + n + "\",\"display_name\":\"Pied Piper\","
                + "\"branding\":{\"colors\":{\"primary\":\"#336699\",\"page_background\":\"#ffffff\"}}}")).get("id").asString();
        String email = address("org-ticket");
        String userId = f.user(email);

        String reset = EmailFixture.ok(atrium.mgmt("POST", "/tickets/password-change", "{\"user_id\":\"" + userId + "\",\"client_id\":\""
                + f.clientId + "\",\"organization_id\":\"" + org + "\",\"result_url\":\"https://app.example.com/done\"}")).get("ticket").asString();
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page form = b.get(f.local(reset));
        assertThat(form.body()).contains("Pied Piper").contains("--brand: #336699");
        TestBrowser.Page done = b.submit(form, "form", Map.of("password", "Pied-Piper-Passw0rd", "confirm", "Pied-Piper-Passw0rd"));
        assertThat(EmailFixture.query(done.location())).containsEntry("success", "true").containsEntry("organization_id", org)
                .containsEntry("organization_name", "pied-" + n);

        String verify = EmailFixture.ok(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"organization_id\":\"" + org + "\",\"result_url\":\"https://app.example.com/verified\"}")).get("ticket").asString();
        assertThat(EmailFixture.query(b.get(f.local(verify)).location())).containsEntry("organization_id", org);

        TestAtrium.Response unknown = atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\","
                + "\"organization_id\":\"org_doesnotexist\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asString()).contains("No organization found");
    }

    @Test
    void aNewAddressIsUnverifiedAndGetsAVerificationWhenAskedWhileOldLinksStopProvingAnything() {
        String email = address("move");
        String userId = EmailFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + EmailFixture.CONNECTION + "\",\"email\":\""
                + email + "\",\"password\":\"" + EmailFixture.PASSWORD + "\",\"email_verified\":true}")).get("user_id").asString();
        String oldLink = EmailFixture.ok(atrium.mgmt("POST", "/tickets/email-verification", "{\"user_id\":\"" + userId + "\"}"))
                .get("ticket").asString();

        String moved = address("moved");
        JsonNode updated = EmailFixture.ok(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(userId), "{\"email\":\"" + moved
                + "\",\"verify_email\":true,\"client_id\":\"" + f.clientId + "\"}"));
        assertThat(updated.get("email").asString()).isEqualTo(moved);
        assertThat(updated.get("email_verified").asBoolean()).isFalse();
        TestMail.Mail m = mail.await(moved);
        assertThat(m.subject()).contains("Verify your email address");

        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page stale = b.get(f.local(oldLink));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body()).contains("Your email address could not be verified.");
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isFalse();
        assertThat(b.get(f.local(m.link())).status()).isEqualTo(200);
        assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();

        // without verify_email the new address is unverified and nothing is sent
        String quiet = address("quiet");
        JsonNode silent = EmailFixture.ok(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(userId), "{\"email\":\"" + quiet + "\"}"));
        assertThat(silent.get("email_verified").asBoolean()).isFalse();
        assertThat(mail.after(quiet, Duration.ofMillis(1500))).isEmpty();
    }

    @Test
    void emailTemplatesHaveAuth0sShapeAndTheTenantsVersionIsWhatIsSent() {
        TestAtrium.Response got = atrium.mgmt("GET", "/email-templates/reset_email", null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().propertyNames()).containsExactlyInAnyOrder("template", "body", "from", "resultUrl", "subject", "syntax",
                "urlLifetimeInSeconds", "includeEmailInRedirect", "enabled");
        assertThat(got.json().get("syntax").asString()).isEqualTo("liquid");
        assertThat(got.json().get("urlLifetimeInSeconds").asLong()).as("one day by default").isEqualTo(86_400);
        assertThat(atrium.mgmt("GET", "/email-templates/welcome_email", null).json().get("enabled").asBoolean()).isFalse();

        TestAtrium.Response patched = atrium.mgmt("PATCH", "/email-templates/reset_email",
                "{\"subject\":\"Password help for {{ user.email }}\",\"body\":\"<p>Hi {{ user.name }}, <a href=\\\"{{ url }}\\\">reset</a></p>\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("subject").asString()).isEqualTo("Password help for {{ user.email }}");
        try {
            String email = address("tpl");
            f.user(email);
            assertThat(f.changePassword(email).status()).isEqualTo(200);
            TestMail.Mail m = mail.await(email);
            assertThat(m.subject()).isEqualTo("Password help for " + email);
            assertThat(m.html()).startsWith("<p>Hi tpl-");
            assertThat(m.text()).as("the text part is derived from the tenant's HTML").contains("reset (" + m.link() + ")");
            assertThat(new TestBrowser(atrium.baseUrl()).get(f.local(m.link())).screen()).isEqualTo("reset-password");

            // a user's name cannot add markup to a message
            String evil = address("evil");
            EmailFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + EmailFixture.CONNECTION + "\",\"email\":\"" + evil
                    + "\",\"password\":\"" + EmailFixture.PASSWORD + "\",\"name\":\"<script>alert(1)</script>\"}"));
            f.changePassword(evil);
            assertThat(mail.await(evil).html()).doesNotContain("<script>").contains("&lt;script&gt;");
        } finally {
            atrium.mgmt("PUT", "/email-templates/reset_email", "{\"template\":\"reset_email\",\"body\":"
                    + got.json().get("body").toString() + ",\"subject\":\"Reset your {{ application.name }} password\","
                    + "\"syntax\":\"liquid\",\"enabled\":true}");
        }
        assertThat(atrium.mgmt("POST", "/email-templates", "{\"template\":\"reset_email\",\"body\":\"x\",\"subject\":\"y\","
                + "\"syntax\":\"liquid\",\"enabled\":true}").status()).as("already changed").isEqualTo(409);
        TestAtrium.Response created = atrium.mgmt("POST", "/email-templates", "{\"template\":\"welcome_email\",\"body\":\"<p>Welcome</p>\","
                + "\"subject\":\"Hello\",\"syntax\":\"liquid\",\"enabled\":false}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(atrium.mgmt("GET", "/email-templates/nope", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/email-templates/mfa_oob_code", null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"enabled\":\"yes\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"syntax\":\"handlebars\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("PUT", "/email-templates/verify_email", "{\"template\":\"verify_email\"}").status()).isEqualTo(400);

        // with the verification template disabled, a sign-up gets the welcome message instead, when that is enabled
        EmailFixture.ok(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"enabled\":false}"));
        EmailFixture.ok(atrium.mgmt("PATCH", "/email-templates/welcome_email", "{\"enabled\":true,\"subject\":\"Welcome to {{ application.name }}\"}"));
        try {
            String email = address("welcome");
            assertThat(atrium.postForm("/dbconnections/signup", "client_id=" + f.clientId + "&email=" + TestAtrium.enc(email)
                    + "&password=" + TestAtrium.enc(EmailFixture.PASSWORD) + "&connection=" + EmailFixture.CONNECTION).status()).isEqualTo(200);
            assertThat(mail.await(email).subject()).isEqualTo("Welcome to Umbrella App");
            assertThat(mail.after(email, Duration.ofMillis(1000))).hasSize(1);
        } finally {
            atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"enabled\":true}");
            atrium.mgmt("PATCH", "/email-templates/welcome_email", "{\"enabled\":false}");
        }
    }

    /**
     * T62, attack: a self-registered (strict third-party) application's developer chooses its callbacks; a verification
     * e-mail sent for it must not lead to them. Its {@code application.callback_domain} is empty in the message and in
     * the template's result URL, so the link shows Atrium's result page; a first-party application's is its callbacks' origin.
     */
    @Test
    void T62_theCallbackDomainIsEmptyForAnApplicationUnderOpenRedirectProtection() {
        JsonNode original = EmailFixture.ok(atrium.mgmt("GET", "/email-templates/verify_email", null));
        EmailFixture.ok(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"resultUrl\":\"{{ application.callback_domain }}/verified\","
                + "\"body\":\"<a href=\\\"{{ url }}\\\">Verify</a><p>[{{ application.callback_domain }}]</p>\"}"));
        try {
            String partner = EmailFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\","
                    + "\"is_first_party\":false,\"app_type\":\"regular_web\",\"callbacks\":[\"https://partner.example.net/cb\"]}"))
                    .get("client_id").asString();
            for (String[] c : new String[][]{{f.clientId, "https://app.example.com"}, {partner, ""}}) {
                String email = address("cbdomain");
                String userId = f.user(email);
                assertThat(atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\",\"client_id\":\"" + c[0] + "\"}")
                        .status()).isEqualTo(201);
                TestMail.Mail m = mail.await(email);
                assertThat(m.html()).as(c[0]).contains("<p>[" + c[1] + "]</p>").doesNotContain("partner.example.net");
                TestBrowser.Page opened = new TestBrowser(atrium.baseUrl()).get(f.local(m.link()));
                if (c[1].isEmpty()) {
                    assertThat(opened.status()).as("no redirect for the partner").isEqualTo(200);
                    assertThat(opened.doc().select("[data-result]").attr("data-result")).isEqualTo("verified");
                } else {
                    assertThat(opened.status()).isEqualTo(302);
                    assertThat(opened.location()).startsWith("https://app.example.com/verified?success=true&");
                }
                assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();
            }
            // attack: a variable the user sets (their metadata) never chooses where the link leads
            EmailFixture.ok(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"resultUrl\":\"{{ user.user_metadata.next }}\"}"));
            String email = address("meta");
            String userId = EmailFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + EmailFixture.CONNECTION + "\",\"email\":\""
                    + email + "\",\"password\":\"" + EmailFixture.PASSWORD + "\",\"user_metadata\":{\"next\":\"https://evil.example/\"}}"))
                    .get("user_id").asString();
            assertThat(atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\",\"client_id\":\"" + f.clientId
                    + "\"}").status()).isEqualTo(201);
            TestBrowser.Page opened = new TestBrowser(atrium.baseUrl()).get(f.local(mail.await(email).link()));
            assertThat(opened.status()).as("the result page, no redirect to the user's choice").isEqualTo(200);
            assertThat(f.userDoc(userId).get("email_verified").asBoolean()).isTrue();
            // a result URL must still be an http(s) URL, or start with a Liquid expression
            assertThat(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"resultUrl\":\"javascript:alert(1)\"}").status()).isEqualTo(400);
        } finally {
            EmailFixture.ok(atrium.mgmt("PATCH", "/email-templates/verify_email", "{\"resultUrl\":\"\",\"body\":"
                    + original.get("body").toString() + "}"));
        }
    }

    @Test
    void anInvitationEmailCarriesTheOrganizationsBrandingAndItsLinkLeadsToAnOrganizationToken() throws Exception {
        String n = Long.toString(System.nanoTime(), 36);
        String org = EmailFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"initech-" + n + "\",\"display_name\":\"Initech\","
                + "\"branding\":{\"logo_url\":\"https://cdn.initech.example/logo.png\",\"colors\":{\"primary\":\"#0055aa\","
                + "\"page_background\":\"#eef2f7\"}},\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}"))
                .get("id").asString();
        String invitee = address("invitee");
        f.user(invitee);

        JsonNode inv = EmailFixture.ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Bill Lumbergh\"},"
                + "\"invitee\":{\"email\":\"" + invitee + "\"},\"client_id\":\"" + f.clientId + "\"}"));
        TestMail.Mail m = mail.await(invitee);
        assertThat(m.subject()).isEqualTo("Bill Lumbergh invited you to join Initech");
        assertThat(m.html()).contains("https://cdn.initech.example/logo.png").contains("#0055aa").contains("#eef2f7").contains("Initech");
        assertThat(m.link()).isEqualTo(inv.get("invitation_url").asString()).startsWith(EmailFixture.LOGIN_ROUTE + "?invitation=");

        // the application's login route passes the invitation on to /authorize, as Auth0's quickstarts do
        Map<String, String> params = EmailFixture.query(m.link());
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(f.authorizeUrl("&organization=" + params.get("organization") + "&invitation="
                + params.get("invitation")));
        assertThat(page.screen()).isEqualTo("accept-invitation");
        TestBrowser.Page back = b.follow(b.submit(page, "form", Map.of("username", invitee, "password", EmailFixture.PASSWORD)));
        assertThat(back.location()).startsWith(EmailFixture.CALLBACK);
        JsonNode tokens = f.exchange(back.location());
        assertThat(SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getStringClaim("org_id")).isEqualTo(org);
        // checked as an independent relying party would: signature against the JWKS, issuer, audience, expiry
        IDTokenClaimsSet id = new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(f.clientId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(JWTParser.parse(tokens.get("id_token").asString()), null);
        assertThat(id.getStringClaim("org_id")).isEqualTo(org);
        assertThat(id.getStringClaim("email")).isEqualTo(invitee);

        // send_invitation_email: false only makes the URL
        String quiet = address("quiet-invitee");
        EmailFixture.ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Bill\"},"
                + "\"invitee\":{\"email\":\"" + quiet + "\"},\"client_id\":\"" + f.clientId + "\",\"send_invitation_email\":false}"));
        assertThat(mail.after(quiet, Duration.ofMillis(1500))).isEmpty();
    }
}
