package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6 in a real browser (headless Debian Chromium): an administrator signs in, creates an API and a
 * third-party application, promotes a connection to domain level, and each change is checked through
 * the Management API. Screenshots of the main pages go to {@code target/screenshots/dashboard-*.png}.
 */
class DashboardBrowserIT {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static WebDriver driver;
    static Path profile;

    @BeforeAll
    static void browser() throws IOException {
        profile = Files.createTempDirectory("atrium-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void an_administrator_manages_the_tenant_in_a_real_browser() throws IOException {
        String base = atrium.baseUrl();
        driver.get(base + "/dashboard");
        assertThat(driver.getCurrentUrl()).contains("/u/login");
        shot("login");
        driver.findElement(By.id("username")).sendKeys(DashboardFixture.ADMIN);
        driver.findElement(By.id("password")).sendKeys(DashboardFixture.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        shot("overview");

        // an API with a scope
        driver.get(base + "/dashboard/apis/new");
        driver.findElement(By.id("f-name")).sendKeys("Orders API");
        driver.findElement(By.id("f-identifier")).sendKeys("https://orders.example.com/");
        driver.findElement(By.cssSelector("form[data-form=create] button[type=submit]")).click();
        assertThat(flash()).contains("created");
        driver.findElement(By.id("f-value")).sendKeys("read:orders");
        driver.findElement(By.id("f-description")).sendKeys("Read your orders");
        driver.findElement(By.cssSelector("form[data-form=scope] button[type=submit]")).click();
        assertThat(flash()).contains("read:orders");
        shot("api");
        JsonNode api = atrium.mgmt("GET", "/resource-servers/" + TestAtrium.enc("https://orders.example.com/"), null).json();
        assertThat(api.get("name").asString()).isEqualTo("Orders API");
        assertThat(api.get("scopes").get(0).get("value").asString()).isEqualTo("read:orders");

        // a third-party application; a refused form first keeps what was typed
        driver.get(base + "/dashboard/applications/new");
        shot("application-new");
        driver.findElement(By.id("f-name")).sendKeys("Bad <name>");
        driver.findElement(By.cssSelector("input[name=third_party]")).click();
        driver.findElement(By.cssSelector("form[data-form=create] button[type=submit]")).click();
        assertThat(driver.findElement(By.id("f-name-error")).getText()).contains("must not contain");
        assertThat(driver.findElement(By.cssSelector("input[name=third_party]")).isSelected()).isTrue();
        shot("application-error");
        WebElement name = driver.findElement(By.id("f-name"));
        name.clear();
        name.sendKeys("Partner Portal");
        driver.findElement(By.cssSelector("form[data-form=create] button[type=submit]")).click();
        assertThat(driver.findElement(By.cssSelector("[data-secret]")).getAttribute("value")).isNotBlank();
        String clientId = driver.findElements(By.cssSelector(".facts dd")).get(0).getText();
        shot("application");
        JsonNode app = atrium.mgmt("GET", "/clients/" + clientId, null).json();
        assertThat(app.get("is_first_party").asBoolean()).isFalse();
        assertThat(app.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(clientId).startsWith("tpc_");
        driver.get(base + "/dashboard/applications");
        assertThat(driver.findElement(By.tagName("table")).getText()).contains("Partner Portal").contains("Third-party");
        shot("applications");

        // promote the database connection to domain level
        driver.get(base + "/dashboard/connections");
        shot("connections");
        driver.findElement(By.linkText("Username-Password-Authentication")).click();
        driver.findElement(By.cssSelector("input[name=is_domain_connection]")).click();
        driver.findElement(By.cssSelector("form[data-form=domain] button[type=submit]")).click();
        assertThat(flash()).contains("domain-level");
        shot("connection");
        JsonNode conns = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json();
        JsonNode conn = conns.isArray() ? conns.get(0) : conns.get("connections").get(0);
        assertThat(conn.get("is_domain_connection").asBoolean()).isTrue();

        // the remaining main pages, for the record
        driver.get(base + "/dashboard/users");
        shot("users");
        driver.findElement(By.linkText(DashboardFixture.ADMIN)).click();
        shot("user");
        driver.get(base + "/dashboard/roles");
        shot("roles");
        driver.get(base + "/dashboard/settings");
        shot("settings");
        driver.get(base + "/dashboard/keys");
        shot("keys");
        driver.findElement(By.cssSelector("form[data-form=rotate] button[type=submit]")).click();
        shot("confirm");
    }

    private String flash() {
        return driver.findElement(By.cssSelector("[data-flash]")).getText();
    }

    private void shot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        // full page: grow the window to the document's height first
        Object height = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1366, Math.min(4000, Math.max(900, ((Number) height).intValue()))));
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), dir.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1366, 900));
    }
}
