package dev.atrium.browser;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.CallbackServer;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.atrium.browser.LoginBrowserIT.PASSWORD;
import static dev.atrium.browser.LoginBrowserIT.ok;
import static dev.atrium.browser.LoginBrowserIT.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: an organization-scoped sign-in of a strict third-party application in real headless
 * Chromium (third-party-apps.md F2, F3; T67, T72, T79): the post-login organization picker offers
 * only organizations that admit third-party applications, the consent screen names the application,
 * its owner, the organization and each permission, and the access token carries {@code org_id}.
 * Screenshots: {@code target/screenshots/organization-picker.png}, {@code target/screenshots/consent.png}.
 */
class ThirdPartyOrganizationBrowserIT {
    static final String VERIFIER = "browser-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCD";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;

    @BeforeEach
    void startApplicationAndBrowser() throws IOException {
        app = CallbackServer.start();
        chromium = Chromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String organization(String name, String display, String thirdParty, String connectionId, String userId) {
        String id = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"display_name\":\"" + display + "\""
                + (thirdParty == null ? "" : ",\"third_party_client_access\":\"" + thirdParty + "\"")
                + ",\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + id + "/members", "{\"members\":[\"" + userId + "\"]}").status()).isEqualTo(204);
        return id;
    }

    private void shoot(String name) throws IOException {
        Path shot = Path.of("target", "screenshots", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aMemberPicksAnOrganizationConsentsAndThePartnerGetsAnOrganizationToken() throws Exception {
        String callback = app.url();
        String api = "https://projects.example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Projects API\","
                + "\"scopes\":[{\"value\":\"read:projects\",\"description\":\"See your projects and their tasks\"},"
                + "{\"value\":\"write:projects\",\"description\":\"Create and update tasks in your projects\"}]}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:projects\",\"write:projects\"],\"subject_type\":\"user\"}"));
        JsonNode db = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String connectionId = (db.isArray() ? db : db.get("connections")).get(0).get("id").asString();
        ok(atrium.mgmt("PATCH", "/connections/" + connectionId, "{\"is_domain_connection\":true}"));
        JsonNode partner = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Timeline Reports\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + callback + "\"],\"client_metadata\":{\"owner\":\"Northwind Software\"},"
                + "\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"}"));
        String clientId = partner.get("client_id").asString();
        String userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"grace@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"Grace Hopper\"}")).get("user_id").asString();
        String acme = organization("acme", "Acme Corporation", "allow", connectionId, userId);
        organization("contoso", "Contoso", "allow", connectionId, userId);
        organization("initech", "Initech", null, connectionId, userId);

        browser.get(atrium.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(callback)
                + "&audience=" + TestAtrium.enc(api) + "&scope=" + TestAtrium.enc("openid read:projects write:projects")
                + "&state=org-browser&code_challenge=" + s256(VERIFIER) + "&code_challenge_method=S256");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys("grace@example.com");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        // T79: the picker lists the organizations that allow third-party applications, not Initech
        wait.until(d -> "organization-picker".equals(screen(d)));
        List<String> offered = browser.findElements(By.cssSelector("button[name=organization]")).stream().map(WebElement::getText).toList();
        assertThat(offered).containsExactlyInAnyOrder("Acme Corporation", "Contoso");
        shoot("organization-picker.png");
        browser.findElement(By.cssSelector("button[name=organization][value=" + acme + "]")).click();

        // T67: application, owner, organization and each permission (Auth0's default: one line of the scopes' names)
        wait.until(d -> "consent".equals(screen(d)));
        String text = browser.findElement(By.tagName("main")).getText();
        assertThat(text).contains("Timeline Reports").contains("Northwind Software").contains("Acme Corporation")
                .contains("Projects: read and write your projects").contains("read:projects").contains("write:projects")
                .doesNotContain("openid");
        shoot("consent.png");
        browser.findElement(By.cssSelector("button[value=accept]")).click();

        wait.until(d -> d.getCurrentUrl().startsWith(callback));
        Map<String, String> back = query(URI.create(browser.getCurrentUrl()).getRawQuery());
        assertThat(back).containsEntry("state", "org-browser").containsKey("code");
        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId + "&code_verifier=" + VERIFIER
                + "&client_secret=" + TestAtrium.enc(partner.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().has("id_token")).isFalse();
        assertThat(SignedJWT.parse(tokens.json().get("access_token").asString()).getJWTClaimsSet().getStringClaim("org_id"))
                .isEqualTo(acme);
    }

    /** The page's screen name, or null while a navigation replaces the page under the wait. */
    private static String screen(WebDriver d) {
        try {
            return d.findElements(By.tagName("body")).isEmpty() ? null
                    : d.findElement(By.tagName("body")).getDomAttribute("data-screen");
        } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
            return null;
        }
    }
}
