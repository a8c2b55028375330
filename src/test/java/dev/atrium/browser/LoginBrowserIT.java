package dev.atrium.browser;

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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3, point 9: a person signs in through the hosted login page in real headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}, which CI installs), lands on the
 * application's callback with a code and its state, and the application exchanges the code.
 * Without Chromium this test fails: a browser test that skips silently proves nothing.
 */
class LoginBrowserIT {
    static final String PASSWORD = "Corr3ct-Horse-Battery";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;

    @BeforeEach
    void startApplicationAndBrowser() throws IOException {
        // the relying party: a page on a loopback port that shows the code it was sent
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

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.json();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aPersonSignsInThroughTheLoginPageInHeadlessChromium() throws IOException {
        String callback = app.url();
        JsonNode web = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Chromium Web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"grant_types\":[\"authorization_code\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        String clientId = web.get("client_id").asString();
        JsonNode db = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        String connectionId = (db.isArray() ? db : db.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
        String userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"chromium@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"Chris Chromium\"}"))
                .get("user_id").asString();

        browser.get(atrium.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=" + TestAtrium.enc("openid profile email") + "&state=chromium-state");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-screen")).isEqualTo("login");
        Path shot = Path.of("target", "screenshots", "login.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("username")).sendKeys("chromium@example.com");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(callback) || "consent".equals(screen(d)));
        if ("consent".equals(screen(browser))) {
            browser.findElement(By.cssSelector("button[value=accept]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(callback));
        }

        assertThat(browser.getCurrentUrl()).startsWith(callback + "?");
        Map<String, String> back = query(URI.create(browser.getCurrentUrl()).getRawQuery());
        assertThat(back).containsEntry("state", "chromium-state").containsKey("code");
        assertThat(app.lastQuery()).as("the application's page was served").isNotNull();

        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId
                + "&client_secret=" + TestAtrium.enc(web.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        var userinfo = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.json().get("access_token").asString()).GET().build());
        assertThat(userinfo.json().get("sub").asString()).isEqualTo(userId);
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
