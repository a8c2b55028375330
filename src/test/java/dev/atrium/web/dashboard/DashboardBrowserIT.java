package dev.atrium.web.dashboard;

import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6 in a real browser (headless Debian Chromium): an administrator signs in, creates an API and a
 * third-party application, promotes a connection to domain level, creates an organization, enables that
 * connection on it, allows third-party applications and invites a member; each change is checked through
 * the Management API. Screenshots of the main pages go to {@code target/screenshots/dashboard-*.png}.
 */
class DashboardBrowserIT {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    /** On a failure, the page the browser was on, to see what it showed instead. */
    @RegisterExtension
    final AfterTestExecutionCallback failureShot = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            shot("failure");
            Files.writeString(Path.of("target", "screenshots", "dashboard-failure.txt"),
                    driver.getCurrentUrl() + "\n" + driver.getPageSource());
        }
    };
    static WebDriver driver;
    static Chromium chromium;

    @BeforeAll
    static void browser() {
        chromium = Chromium.start(1366, 900);
        driver = chromium.driver();
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
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
        clickAndWait(driver.findElement(By.cssSelector("button[type=submit]")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        shot("overview");

        // an API with a scope
        driver.get(base + "/dashboard/apis/new");
        driver.findElement(By.id("f-name")).sendKeys("Orders API");
        driver.findElement(By.id("f-identifier")).sendKeys("https://orders.example.com/");
        submit("create");
        assertThat(flash()).contains("created");
        driver.findElement(By.id("f-value")).sendKeys("read:orders");
        driver.findElement(By.id("f-description")).sendKeys("Read your orders");
        submit("scope");
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
        submit("create");
        assertThat(driver.findElement(By.id("f-name-error")).getText()).contains("must not contain");
        assertThat(driver.findElement(By.cssSelector("input[name=third_party]")).isSelected()).isTrue();
        shot("application-error");
        WebElement name = driver.findElement(By.id("f-name"));
        name.clear();
        name.sendKeys("Partner Portal");
        submit("create");
        assertThat(driver.findElement(By.cssSelector("[data-secret]")).getAttribute("value")).isNotBlank();
        String clientId = driver.findElements(By.cssSelector(".facts dd")).get(0).getText();
        shot("application");
        JsonNode app = atrium.mgmt("GET", "/clients/" + clientId, null).json();
        assertThat(app.get("is_first_party").asBoolean()).isFalse();
        assertThat(app.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(clientId).startsWith("tpc_");
        // a strict third-party application takes only the curated settings: no Application login URI
        assertThat(driver.findElements(By.id("f-initiate_login_uri"))).isEmpty();
        driver.get(base + "/dashboard/applications");
        assertThat(driver.findElement(By.tagName("table")).getText()).contains("Partner Portal").contains("Third-party");
        shot("applications");

        // promote the database connection to domain level
        driver.get(base + "/dashboard/connections");
        shot("connections");
        clickAndWait(driver.findElement(By.linkText("Username-Password-Authentication")));
        driver.findElement(By.cssSelector("input[name=is_domain_connection]")).click();
        submit("domain");
        assertThat(flash()).contains("domain-level");
        shot("connection");
        JsonNode conns = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json();
        JsonNode conn = conns.isArray() ? conns.get(0) : conns.get("connections").get(0);
        assertThat(conn.get("is_domain_connection").asBoolean()).isTrue();
        String connectionId = conn.get("id").asString();

        // an organization: create it, brand it (the preview follows the typing), enable the domain-level connection
        driver.get(base + "/dashboard/organizations");
        shot("organization-list-empty");
        clickAndWait(driver.findElement(By.linkText("Create organization")));
        driver.findElement(By.id("f-name")).sendKeys("acme");
        driver.findElement(By.id("f-display_name")).sendKeys("Acme Corporation");
        submit("create");
        assertThat(flash()).contains("created");
        String orgId = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(atrium.mgmt("GET", "/organizations/" + orgId, null).json().get("name").asString()).isEqualTo("acme");
        WebElement display = driver.findElement(By.id("f-display_name"));
        display.clear();
        display.sendKeys("Acme Inc.");
        setColor("f-branding-colors-primary", "#d9480f");
        setColor("f-branding-colors-page_background", "#1f2937");
        assertThat(driver.findElement(By.cssSelector("[data-preview-title]")).getText()).isEqualTo("Acme Inc.");
        assertThat(driver.findElement(By.cssSelector("[data-preview]")).getAttribute("style")).contains("#d9480f");
        shot("organization-settings");
        submit("settings");
        assertThat(flash()).contains("saved");
        JsonNode org = atrium.mgmt("GET", "/organizations/" + orgId, null).json();
        assertThat(org.get("display_name").asString()).isEqualTo("Acme Inc.");
        assertThat(org.get("branding").get("colors").get("primary").asString()).isEqualTo("#d9480f");

        clickAndWait(driver.findElement(By.cssSelector("nav.tabs a.tab-connections")));
        new Select(driver.findElement(By.cssSelector("#add-connection select[name=connection_id]"))).selectByValue(connectionId);
        driver.findElement(By.cssSelector("#add-connection input[name=is_signup_enabled]")).click();
        submit("add-connection");
        // sign-up without membership on authentication: the service's rule, beside the field
        assertThat(driver.findElement(By.cssSelector("#add-connection #f-is_signup_enabled-error")).getText())
                .contains("assign_membership_on_login");
        shot("organization-connection-error");
        driver.findElement(By.cssSelector("#add-connection input[name=assign_membership_on_login]")).click();
        submit("add-connection");
        assertThat(flash()).contains("enabled");
        shot("organization-connections");
        JsonNode enabled = atrium.mgmt("GET", "/organizations/" + orgId + "/enabled_connections/" + connectionId, null).json();
        assertThat(enabled.get("assign_membership_on_login").asBoolean()).isTrue();
        assertThat(enabled.get("is_signup_enabled").asBoolean()).isTrue();

        // third-party applications: Block → Allow
        clickAndWait(driver.findElement(By.cssSelector("nav.tabs a.tab-applications")));
        assertThat(driver.findElement(By.cssSelector("input[name=third_party_client_access][value=block]")).isSelected()).isTrue();
        driver.findElement(By.cssSelector("input[name=third_party_client_access][value=allow]")).click();
        submit("third-party");
        assertThat(flash()).contains("allowed");
        shot("organization-applications");
        assertThat(atrium.mgmt("GET", "/organizations/" + orgId, null).json().get("third_party_client_access").asString())
                .isEqualTo("allow");

        // invite a member to the partner's application
        clickAndWait(driver.findElement(By.cssSelector("nav.tabs a.tab-invitations")));
        driver.findElement(By.id("f-invitee-email")).sendKeys("road.runner@acme.example.com");
        driver.findElement(By.id("f-inviter-name")).sendKeys("Acme IT");
        new Select(driver.findElement(By.id("f-client_id"))).selectByValue(clientId);
        submit("invite");
        // the application has no login URI and the tenant no login URL yet: refused beside the field, typed values kept
        assertThat(driver.findElement(By.id("f-client_id-error")).getText()).contains("default login route");
        assertThat(driver.findElement(By.id("f-invitee-email")).getAttribute("value")).isEqualTo("road.runner@acme.example.com");
        shot("organization-invitation-error");
        driver.get(base + "/dashboard/settings");
        driver.findElement(By.id("f-default_redirection_uri")).sendKeys("https://login.acme.example.com/start");
        submit("advanced");
        assertThat(flash()).contains("saved");
        assertThat(atrium.mgmt("GET", "/tenants/settings", null).json().get("default_redirection_uri").asString())
                .isEqualTo("https://login.acme.example.com/start");
        driver.get(base + "/dashboard/organizations/" + orgId + "/invitations");
        driver.findElement(By.id("f-invitee-email")).sendKeys("road.runner@acme.example.com");
        driver.findElement(By.id("f-inviter-name")).sendKeys("Acme IT");
        new Select(driver.findElement(By.id("f-client_id"))).selectByValue(clientId);
        submit("invite");
        String link = driver.findElement(By.cssSelector("[data-secret]")).getAttribute("value");
        assertThat(link).startsWith("https://login.acme.example.com/start?invitation=");
        shot("organization-invitation");
        JsonNode invitations = atrium.mgmt("GET", "/organizations/" + orgId + "/invitations", null).json();
        JsonNode invitation = (invitations.isArray() ? invitations : invitations.get("invitations")).get(0);
        assertThat(invitation.get("invitee").get("email").asString()).isEqualTo("road.runner@acme.example.com");
        assertThat(invitation.get("client_id").asString()).isEqualTo(clientId);
        assertThat(invitation.get("invitation_url").asString()).isEqualTo(link);

        // the remaining organization tabs, for the record
        driver.get(base + "/dashboard/organizations/" + orgId + "/members");
        driver.findElement(By.id("f-email")).sendKeys(DashboardFixture.ADMIN);
        submit("add-member");
        assertThat(flash()).contains("member");
        shot("organization-members");
        driver.get(base + "/dashboard/organizations/" + orgId + "/domains");
        driver.findElement(By.id("f-domain")).sendKeys("acme.example.com");
        submit("add-domain");
        assertThat(flash()).contains("added");
        shot("organization-domains");
        // machine-to-machine: an application's client access to the Orders API, required to name an organization
        driver.get(base + "/dashboard/applications/new");
        driver.findElement(By.id("f-name")).sendKeys("Inventory Sync");
        driver.findElement(By.cssSelector("input[name=app_type][value=non_interactive]")).click();
        submit("create");
        String syncId = driver.findElements(By.cssSelector(".facts dd")).get(0).getText();
        new Select(driver.findElement(By.cssSelector("#access select[name=audience]"))).selectByValue("https://orders.example.com/");
        new Select(driver.findElement(By.cssSelector("#access select[name=subject_type]"))).selectByValue("client");
        driver.findElement(By.cssSelector("#access input[name=scope]")).sendKeys("read:orders");
        new Select(driver.findElement(By.cssSelector("#access select[name=organization_usage]"))).selectByValue("require");
        submit("access");
        assertThat(flash()).contains("granted");
        driver.get(base + "/dashboard/organizations/" + orgId + "/m2m");
        submit("add-grant");
        assertThat(flash()).contains("added");
        assertThat(driver.findElement(By.tagName("table")).getText()).contains("Inventory Sync").contains("Orders API");
        shot("organization-m2m");
        JsonNode orgGrants = atrium.mgmt("GET", "/organizations/" + orgId + "/client-grants", null).json();
        JsonNode orgGrant = (orgGrants.isArray() ? orgGrants : orgGrants.get("client_grants")).get(0);
        assertThat(orgGrant.get("client_id").asString()).isEqualTo(syncId);
        assertThat(orgGrant.get("organization_usage").asString()).isEqualTo("require");
        driver.get(base + "/dashboard/organizations");
        shot("organization-list");

        // the remaining main pages, for the record
        driver.get(base + "/dashboard/users");
        shot("users");
        clickAndWait(driver.findElement(By.linkText(DashboardFixture.ADMIN)));
        assertThat(driver.findElement(By.linkText("Acme Inc.")).getAttribute("href")).endsWith("/dashboard/organizations/" + orgId);
        shot("user");
        driver.get(base + "/dashboard/roles");
        shot("roles");
        driver.get(base + "/dashboard/settings");
        shot("settings");
        driver.get(base + "/dashboard/keys");
        shot("keys");
        submit("rotate");
        shot("confirm");
    }

    /**
     * Clicks something that loads another page and waits for that page. WebDriver's click returns as
     * soon as the click is dispatched; a form post may still be under way, and reading the page then
     * reads the old one (the cause of the missing {@code [data-flash]} on a loaded machine).
     */
    private void clickAndWait(WebElement element) {
        WebElement old = driver.findElement(By.tagName("html"));
        element.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // the old document is gone: Chromium says so as "stale element", or mid-navigation as "node does not belong to the document"
        wait.until(d -> {
            try {
                old.getTagName();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private void submit(String form) {
        clickAndWait(driver.findElement(By.cssSelector("form[data-form=\"" + form + "\"] button[type=submit]")));
    }

    /** Sets an {@code <input type=color>} as the picker would, firing the events the preview listens to. */
    private void setColor(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("var e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", id, value);
    }

    private String flash() {
        return driver.findElement(By.cssSelector("[data-flash]")).getText();
    }

    private void shot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        // full page: grow the window to the document's height first
        Object height = ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        int target = Math.min(4000, Math.max(900, ((Number) height).intValue()));
        // the window's size includes the browser's own bars; the page gets what is left
        int bars = ((Number) ((JavascriptExecutor) driver).executeScript("return window.outerHeight - window.innerHeight")).intValue();
        driver.manage().window().setSize(new Dimension(1366, target + Math.max(0, bars)));
        // the resize reaches the page asynchronously; a screenshot taken before it is cut short
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> ((Number) ((JavascriptExecutor) d)
                .executeScript("return window.innerHeight")).intValue() >= target);
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), dir.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1366, 900));
    }
}
