package dev.atrium.browser;

import dev.atrium.support.CallbackServer;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 point 3 (O73–O77) in real headless Chromium: a new invitee opens the invitation, finds the sign-up form with
 * the invited address filled in and not editable, chooses a password, and lands on the application as a member.
 */
class InvitationSignupBrowserIT {
    static final String PASSWORD = "Corr3ct-Horse-Battery";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;

    @BeforeEach
    void start() {
        app = CallbackServer.start();
        chromium = Chromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.json();
    }

    @Test
    void aNewInviteeSignsUpWithTheInvitedAddressAndBecomesAMember() {
        String callback = app.url();
        String clientId = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Invited App\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"initiate_login_uri\":\"https://b2b.example.com/login\","
                + "\"grant_types\":[\"authorization_code\"],\"organization_usage\":\"allow\"}")).get("client_id").asString();
        JsonNode db = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String connectionId = (db.isArray() ? db : db.get("connections")).get(0).get("id").asString();
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"invited-browser\",\"enabled_connections\":[{\"connection_id\":\""
                + connectionId + "\"}]}")).get("id").asString();
        String email = "invitee-browser@example.com";
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + email + "\"},\"client_id\":\"" + clientId + "\"}"));
        String url = inv.get("invitation_url").asString();
        String ticket = url.substring(url.indexOf("invitation=") + "invitation=".length()).split("&")[0];

        browser.get(atrium.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=openid&state=invite-state&organization=" + org + "&invitation=" + ticket);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        assertThat(browser.getCurrentUrl()).contains("/u/signup");
        assertThat(field.getDomProperty("value")).isEqualTo(email);
        assertThat(field.getDomProperty("readOnly")).isEqualTo("true");
        // typing into the locked field changes nothing
        field.sendKeys("x");
        assertThat(field.getDomProperty("value")).isEqualTo(email);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(callback));

        String query = URI.create(browser.getCurrentUrl()).getRawQuery();
        assertThat(query).contains("code=").contains("state=invite-state");
        String userId = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null)).get(0).get("user_id").asString();
        assertThat(ok(atrium.mgmt("GET", "/organizations/" + org + "/members", null)).toString()).contains(userId);
    }
}
