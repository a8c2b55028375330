package dev.atrium.browser;

import dev.atrium.support.CallbackServer;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 in real Chromium: from the login page's "Forgot password?" a person asks for a reset, the
 * message arrives at a real SMTP server on loopback, the person follows its link in the browser,
 * chooses a new password, goes back to the login and signs in with it; the old one no longer works.
 */
class PasswordResetBrowserIT {
    static final String OLD = "Corr3ct-Horse-Battery";
    static final String NEW = "Brand-N3w-Passphrase";
    static final TestMail mail = TestMail.start();

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()), Optional.of("no-reply@atrium.example")));

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;

    @BeforeEach
    void start() throws IOException {
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

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.json();
    }

    private void shot(String name) throws IOException {
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** The page's screen name, or null while a navigation replaces the page under the wait. */
    private static String screen(WebDriver d) {
        try {
            return d.findElements(By.tagName("body")).isEmpty() ? null : d.findElement(By.tagName("body")).getDomAttribute("data-screen");
        } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
            return null;
        }
    }

    @Test
    void aPersonResetsAForgottenPasswordFromTheLoginPageAndSignsInWithTheNewOne() throws IOException {
        String callback = app.url();
        JsonNode web = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Reset Web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"grant_types\":[\"authorization_code\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        String clientId = web.get("client_id").asString();
        JsonNode db = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String connectionId = (db.isArray() ? db : db.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
        String email = "forgetful@example.com";
        String userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"" + email + "\",\"password\":\"" + OLD + "\",\"name\":\"Fran Forgetful\"}")).get("user_id").asString();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        browser.get(atrium.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=" + TestAtrium.enc("openid email") + "&state=reset-state");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forgot-password")));
        browser.findElement(By.id("forgot-password")).click();
        wait.until(d -> "reset-password-request".equals(screen(d)));
        shot("reset-request");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> "reset-password-sent".equals(screen(d)));
        assertThat(browser.findElement(By.cssSelector("[data-result=sent]")).getText())
                .isEqualTo("We've just sent you an email to reset your password.");

        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).isEqualTo("Reset your Reset Web password");
        browser.get(m.link());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(screen(browser)).isEqualTo("reset-password");
        shot("reset-password");
        browser.findElement(By.id("password")).sendKeys(NEW);
        browser.findElement(By.id("confirm")).sendKeys(NEW);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> "reset-password-done".equals(screen(d)));
        shot("reset-done");

        browser.findElement(By.id("continue")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(OLD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("Wrong email or password.");

        browser.findElement(By.id("password")).sendKeys(NEW);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(callback) || "consent".equals(screen(d)));
        if ("consent".equals(screen(browser))) {
            browser.findElement(By.cssSelector("button[value=accept]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(callback));
        }
        Map<String, String> back = LoginBrowserIT.query(URI.create(browser.getCurrentUrl()).getRawQuery());
        assertThat(back).containsEntry("state", "reset-state").containsKey("code");
        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId
                + "&client_secret=" + TestAtrium.enc(web.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        var userinfo = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.json().get("access_token").asString()).GET().build());
        assertThat(userinfo.json().get("sub").asString()).isEqualTo(userId);
        assertThat(userinfo.json().get("email_verified").asBoolean()).as("the emailed link proved the address").isTrue();
    }
}
