package dev.atrium.interop;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, "Done means": Auth0's SPA SDK ({@code @auth0/auth0-spa-js}, the real bundle from
 * {@code src/test/node/spa-js/node_modules}, installed by {@code npm ci} from its lockfile when missing) signs a person
 * in against Atrium in real headless Chromium, with its default options: authorization code with PKCE, the hosted
 * login page, the code exchanged by the SDK's own cross-origin {@code fetch} to {@code /oauth/token}, and its own ID
 * token checks (issuer, audience, nonce, and {@code org_id} when an organization is asked for). The application is a
 * page this test serves on another loopback port.
 */
class Auth0SpaSdkBrowserIT {
    static final File APP = new File("src/test/node/spa-js");
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static HttpServer server;
    static String origin;
    static String clientId;
    static final AtomicReference<String> organization = new AtomicReference<>("");

    @BeforeAll
    static void start() throws Exception {
        File bundle = new File(APP, "node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js");
        if (!bundle.isFile()) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(APP).inheritIO().start();
            assertThat(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0).as("npm ci").isTrue();
        }
        byte[] sdk = Files.readAllBytes(bundle.toPath());
        byte[] page = Files.readAllBytes(new File(APP, "app.html").toPath());
        f = new SignInFixture(atrium);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/sdk.js")) {
                body = sdk;
                type = "text/javascript";
            } else if (path.equals("/settings.js")) {
                body = ("window.SETTINGS = " + JsonMapper.builder().build().createObjectNode()
                        .put("domain", atrium.baseUrl()).put("clientId", clientId).put("organization", organization.get())
                        + ";").getBytes(StandardCharsets.UTF_8);
                type = "text/javascript";
            } else if (path.equals("/") || path.equals("/callback")) {
                body = page;
                type = "text/html; charset=utf-8";
            } else {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            } catch (IOException ignored) {
                // the browser went away
            }
        });
        server.start();
        origin = "http://localhost:" + server.getAddress().getPort();
        // an SPA as Auth0's dashboard creates one: callback, web origin (the SDK's token call is cross-origin)
        clientId = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"SPA SDK " + Long.toString(System.nanoTime(), 36) + "\",\"app_type\":\"spa\","
                + "\"callbacks\":[\"" + origin + "/callback\"],\"web_origins\":[\"" + origin + "\"],\"allowed_origins\":[\"" + origin + "\"],"
                + "\"allowed_logout_urls\":[\"" + origin + "\"],\"token_endpoint_auth_method\":\"none\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\",\"implicit\"],\"organization_usage\":\"allow\"}"))
                .get("client_id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + f.connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static JsonNode signIn() {
        try (Chromium chromium = Chromium.start(1280, 900)) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(origin + "/");
            wait.until(d -> d.findElement(By.id("result")).getText().contains("ready"));
            browser.findElement(By.id("login")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(atrium.baseUrl()) && !d.findElements(By.id("username")).isEmpty());
            browser.findElement(By.id("username")).sendKeys(f.email);
            if (browser.findElements(By.id("password")).isEmpty()) {
                browser.findElement(By.cssSelector("button[type=submit]")).click();
                wait.until(d -> !d.findElements(By.id("password")).isEmpty());
            }
            browser.findElement(By.id("password")).sendKeys(SignInFixture.PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(origin) || "consent".equals(screen(d)));
            if ("consent".equals(screen(browser))) {
                browser.findElement(By.cssSelector("button[value=accept]")).click();
            }
            wait.until(d -> d.getCurrentUrl().startsWith(origin + "/callback")
                    && !d.findElement(By.id("result")).getText().isEmpty());
            return JsonMapper.builder().build().readTree(browser.findElement(By.id("result")).getText());
        }
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

    @Test
    void theSdkWithDefaultOptionsSignsAPersonIn() {
        organization.set("");
        JsonNode result = signIn();
        assertThat(result.has("error")).as(result.toString()).isFalse();
        assertThat(result.get("authenticated").asBoolean()).isTrue();
        assertThat(result.get("user").get("sub").asString()).isEqualTo(f.userId);
        assertThat(result.get("user").get("email").asString()).isEqualTo(f.email);
        assertThat(result.get("org_id").isNull()).isTrue();
        // the access token the SDK holds is one Atrium accepts
        TestAtrium.Response me = atrium.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + result.get("access_token").asString()).GET().build());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("sub").asString()).isEqualTo(f.userId);
    }

    @Test
    void theSdkSignsAPersonIntoAnOrganizationAndChecksTheOrgIdClaim() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"spa-" + Long.toString(System.nanoTime(), 36) + "\"}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/enabled_connections", "{\"connection_id\":\"" + f.connectionId + "\"}"));
        assertThat(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isLessThan(300);
        organization.set(org);
        JsonNode result = signIn();
        assertThat(result.has("error")).as(result.toString()).isFalse();
        assertThat(result.get("authenticated").asBoolean()).isTrue();
        assertThat(result.get("user").get("sub").asString()).isEqualTo(f.userId);
        assertThat(result.get("org_id").asString()).isEqualTo(org);
    }
}
