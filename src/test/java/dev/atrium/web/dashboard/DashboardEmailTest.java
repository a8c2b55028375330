package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 on a server without SMTP (the embedded default): every message is kept in the outbox as
 * held, the dashboard's Outbox shows it with its links clickable, and following such a link works;
 * the Email templates pages edit a template with a preview, through the Management API's rules.
 */
class DashboardEmailTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static TestBrowser admin;

    @BeforeAll
    static void signIn() {
        admin = DashboardFixture.admin(atrium);
    }

    @Test
    void withoutSmtpMessagesAreHeldAndTheOutboxShowsThemWithClickableLinks() {
        String email = "held-" + System.nanoTime() + "@example.com";
        String userId = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + email
                + "\",\"password\":\"Corr3ct-Horse-Battery\"}").json().get("user_id").asString();
        assertThat(atrium.mgmt("POST", "/jobs/verification-email", "{\"user_id\":\"" + userId + "\"}").status()).isEqualTo(201);

        TestBrowser.Page outbox = admin.get("/dashboard/outbox");
        assertThat(outbox.status()).isEqualTo(200);
        assertThat(outbox.doc().select(".note").text()).contains("no e-mail is sent");
        Element row = outbox.doc().select("tr:contains(" + email + ")").first();
        assertThat(row).as(outbox.body()).isNotNull();
        assertThat(row.text()).contains("held (no SMTP)").contains("verify_email");
        assertThat(outbox.doc().select("nav a[href=/dashboard/outbox]")).isNotEmpty();

        TestBrowser.Page message = admin.get(row.select("a").attr("href"));
        assertThat(message.status()).isEqualTo(200);
        Element link = message.doc().select("a[href*=/u/email-verification?ticket=]").first();
        assertThat(link).as("the verification link is a link").isNotNull();
        assertThat(message.doc().select("iframe[sandbox][data-email-frame]")).hasSize(1);
        assertThat(message.doc().select("textarea[data-email-html]").val()).startsWith("<!DOCTYPE html>").contains("Verify email address");
        assertThat(message.doc().select("pre.email-text").text()).contains(link.attr("href"));

        TestBrowser person = new TestBrowser(atrium.baseUrl());
        String href = link.attr("href");
        assertThat(person.get(href.substring(href.indexOf("/u/"))).status()).isEqualTo(200);
        assertThat(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId), null).json().get("email_verified").asBoolean()).isTrue();
    }

    @Test
    void aTemplateIsPreviewedThenSavedAndOnlyAnAdministratorMayDoIt() {
        TestBrowser.Page list = admin.get("/dashboard/email-templates");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.doc().select("td a").eachText()).containsExactly("verify_email", "reset_email", "change_password",
                "welcome_email", "user_invitation");

        TestBrowser.Page edit = admin.get("/dashboard/email-templates/user_invitation");
        assertThat(edit.status()).isEqualTo(200);
        TestBrowser.Page preview = DashboardFixture.submit(admin, edit, "form[data-form=template]",
                Map.of("subject", "Join {{ organization.display_name }} today"));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.doc().select("h1 + p, .subtitle").text() + preview.body()).contains("Subject: Join Acme Corporation today");
        assertThat(preview.doc().select("textarea[data-email-html]").val()).contains("Ada Lovelace").contains("Acme Corporation");
        assertThat(atrium.mgmt("GET", "/email-templates/user_invitation", null).json().get("subject").asString())
                .as("a preview saves nothing").isEqualTo("{{ inviter.name }} invited you to join {{ organization.display_name }}");

        TestBrowser.Page saved = DashboardFixture.ok(admin, preview, "save", Map.of());
        assertThat(saved.status()).isEqualTo(200);
        assertThat(atrium.mgmt("GET", "/email-templates/user_invitation", null).json().get("subject").asString())
                .isEqualTo("Join {{ organization.display_name }} today");

        TestBrowser.Page bad = DashboardFixture.submit(admin, edit, "form[data-form=template]", Map.of("urlLifetimeInSeconds", "-5"));
        TestBrowser.Page refused = DashboardFixture.submit(admin, bad, "form[data-form=save]", Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().select("[role=alert]").text()).contains("urlLifetimeInSeconds");

        // a stranger gets the sign-in redirect; a post without the CSRF token changes nothing
        TestBrowser stranger = new TestBrowser(atrium.baseUrl());
        assertThat(stranger.get("/dashboard/outbox").status()).isEqualTo(302);
        assertThat(stranger.get("/dashboard/email-templates/reset_email").location()).startsWith("/authorize?");
        TestBrowser.Page forged = admin.post("/dashboard/email-templates/reset_email/save",
                Map.of("subject", "Forged", "body", "<p>x</p>", "enabled", "on"));
        assertThat(forged.status()).isNotIn(200, 303);
        assertThat(atrium.mgmt("GET", "/email-templates/reset_email", null).json().get("subject").asString()).isNotEqualTo("Forged");
    }

    @Test
    void theOverviewNavigationOffersOutboxAndTemplates() {
        List<String> nav = admin.get("/dashboard").doc().select("nav a").eachAttr("href");
        assertThat(nav).contains("/dashboard/outbox", "/dashboard/email-templates");
    }
}
