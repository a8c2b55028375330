package dev.atrium.browser;

import dev.atrium.enterprise.EnterpriseFixture;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.CallbackServer;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: in real Chromium a person types an e-mail address of a customer's domain on Atrium's login page, lands on
 * that customer's identity provider (a second Atrium, reached as {@code 127.0.0.1} so that the browser keeps the two
 * servers' cookies apart, as it would for two sites), signs in there, and arrives at the application with a code.
 */
class EnterpriseBrowserIT {
    private static final int IDP_PORT = freePort();

    @RegisterExtension
    static final TestAtrium idp = new TestAtrium(c -> c.withPort(IDP_PORT).withIssuer("http://127.0.0.1:" + IDP_PORT + "/"));
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    @Test
    void anEmailOfTheCustomersDomainLeadsToItsProviderAndBack() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        String callback = app.url();
        JsonNode web = SignInFixture.ok(rp.mgmt("POST", "/clients", "{\"name\":\"Chromium SSO\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"grant_types\":[\"authorization_code\"]}"));
        String clientId = web.get("client_id").asString();
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"enabled_clients\":[\"" + f.app.webId + "\",\""
                + clientId + "\"]}"));
        assertThat(rp.mgmt("PATCH", "/connections/" + f.app.connectionId + "/clients", "[{\"client_id\":\"" + clientId
                + "\",\"status\":true}]").status()).isEqualTo(204);

        browser.get(rp.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=openid%20profile%20email&state=sso-state");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.findElement(By.cssSelector("a.enterprise")).getText()).isEqualTo("Continue with Acme Corp");
        browser.findElement(By.id("username")).sendKeys(f.employeeEmail);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        // at the customer's provider: its own login page
        atTheProviderThenBackWithACode(wait, f, callback, clientId, web, "sso-state");
    }

    /**
     * A {@code front_channel} connection in real Chromium: the provider's page posts the ID token to Atrium from the
     * provider's site (127.0.0.1 vs localhost: a cross-site post, so Atrium's SameSite=Lax cookies stay behind), and
     * Atrium's hand-over to {@code GET /login/callback} brings them back, so the sign-in finishes in this browser.
     */
    @Test
    void aFrontChannelProviderPostsTheIdTokenBackAcrossSites() {
        EnterpriseFixture f = EnterpriseFixture.frontChannel(idp, rp, "");
        String callback = app.url();
        JsonNode web = SignInFixture.ok(rp.mgmt("POST", "/clients", "{\"name\":\"Chromium front channel\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"grant_types\":[\"authorization_code\"]}"));
        String clientId = web.get("client_id").asString();
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"enabled_clients\":[\"" + clientId + "\"]}"));

        browser.get(rp.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=openid%20profile%20email&state=fc-state&connection=" + f.connection);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        atTheProviderThenBackWithACode(wait, f, callback, clientId, web, "fc-state");
    }

    /**
     * An employee of a customer organization signs in to the organization through its enterprise connection: the
     * connection lists no e-mail domains, the organization's verified discovery domain routes the typed address to the
     * provider, whose own login page already holds the address (login_hint); the person becomes a member on arrival.
     */
    @Test
    void anOrganizationMemberSignsInThroughTheOrganizationsProvider() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, ",\"domain_aliases\":[]");
        String callback = app.url();
        JsonNode web = SignInFixture.ok(rp.mgmt("POST", "/clients", "{\"name\":\"Chromium B2B\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + callback + "\"],\"grant_types\":[\"authorization_code\"],\"organization_usage\":\"require\"}"));
        String clientId = web.get("client_id").asString();
        SignInFixture.ok(rp.mgmt("PATCH", "/connections/" + f.connectionId, "{\"enabled_clients\":[\"" + f.app.webId + "\",\""
                + clientId + "\"]}"));
        assertThat(rp.mgmt("PATCH", "/connections/" + f.app.connectionId + "/clients", "[{\"client_id\":\"" + clientId
                + "\",\"status\":true}]").status()).isEqualTo(204);
        String org = SignInFixture.ok(rp.mgmt("POST", "/organizations", "{\"name\":\"acme-" + System.nanoTime()
                + "\",\"display_name\":\"Acme\"}")).get("id").asString();
        for (String conn : new String[] {f.app.connectionId, f.connectionId}) {
            SignInFixture.ok(rp.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + conn
                    + "\",\"assign_membership_on_login\":true}"));
        }
        assertThat(rp.mgmt("POST", "/organizations/" + org + "/discovery-domains", "{\"domain\":\"acme.example\","
                + "\"status\":\"verified\",\"use_for_organization_discovery\":true}").status()).isEqualTo(201);

        browser.get(rp.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(callback) + "&scope=openid%20profile%20email&state=b2b-state&organization=" + org);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(f.employeeEmail);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        // at the organization's provider, its login page already holds the address typed at Atrium
        wait.until(d -> d.getCurrentUrl().startsWith(idp.issuer()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(browser.findElement(By.id("username")).getDomProperty("value")).isEqualTo(f.employeeEmail);
        browser.findElement(By.id("password")).sendKeys(SignInFixture.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(callback) || "consent".equals(screen(d)));
        if ("consent".equals(screen(browser))) {
            browser.findElement(By.cssSelector("button[value=accept]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(callback));
        }
        var back = SignInFixture.query(browser.getCurrentUrl());
        assertThat(back).containsEntry("state", "b2b-state").containsKey("code");
        var tokens = rp.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId
                + "&client_secret=" + TestAtrium.enc(web.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String userId = "oidc|" + f.connection + "|" + f.employeeSub;
        String idToken = tokens.json().get("id_token").asString();
        String claims = new String(java.util.Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(claims).contains("\"org_id\":\"" + org + "\"").contains(userId);
        assertThat(rp.mgmt("GET", "/organizations/" + org + "/members", null).body()).contains(userId);
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

    /**
     * On the customer's provider's own login page: the employee signs in there, consents at Atrium if asked, and
     * arrives at the application's callback with a code and the state, which the test exchanges; the user exists.
     */
    private void atTheProviderThenBackWithACode(WebDriverWait wait, EnterpriseFixture f, String callback, String clientId, JsonNode web,
                                                 String state) {
        wait.until(d -> d.getCurrentUrl().startsWith(idp.issuer()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        var username = browser.findElement(By.id("username"));
        username.clear();
        username.sendKeys(f.employeeEmail);
        browser.findElement(By.id("password")).sendKeys(SignInFixture.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(callback) || "consent".equals(screen(d)));
        if ("consent".equals(screen(browser))) {
            browser.findElement(By.cssSelector("button[value=accept]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(callback));
        }
        var back = SignInFixture.query(browser.getCurrentUrl());
        assertThat(back).containsEntry("state", state).containsKey("code");
        var tokens = rp.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(callback) + "&client_id=" + clientId
                + "&client_secret=" + TestAtrium.enc(web.get("client_secret").asString()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode user = SignInFixture.ok(rp.mgmt("GET", "/users/" + TestAtrium.enc("oidc|" + f.connection + "|" + f.employeeSub), null));
        assertThat(user.get("email").asString()).isEqualTo(f.employeeEmail);
    }
}
