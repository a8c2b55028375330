package dev.atrium.browser;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.support.CallbackServer;
import dev.atrium.support.Chromium;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 in real headless Chromium with its virtual authenticator (Selenium's WebAuthn API): a security key is
 * enrolled as the second factor and then used to sign in again; a passkey is created after a password sign-in and
 * then signs the person in from the login page's "Sign in with a passkey" alone. The page's script
 * ({@code /u/assets/webauthn.js}) runs the browser's side; the {@code amr} of the tokens is read by Nimbus.
 */
class WebAuthnBrowserIT {
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    CallbackServer app;
    Chromium chromium;
    WebDriver browser;
    VirtualAuthenticator authenticator;
    String clientId;
    String secret;
    String connectionId;

    @BeforeEach
    void start() throws IOException {
        app = CallbackServer.start();
        chromium = Chromium.start(1280, 900);
        browser = chromium.driver();
        authenticator = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2).setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        JsonNode web = LoginBrowserIT.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Keys Web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + app.url() + "\"],\"grant_types\":[\"authorization_code\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        clientId = web.get("client_id").asString();
        secret = web.get("client_secret").asString();
        JsonNode db = LoginBrowserIT.ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        connectionId = (db.isArray() ? db : db.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
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

    String newUser(String email) {
        return LoginBrowserIT.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    void authorize() {
        browser.get(atrium.baseUrl() + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(app.url()) + "&scope=openid&state=keys");
        waitFor("login");
    }

    void waitFor(String screen) {
        try {
            waiting().until(d -> screen.equals(screen(d)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected " + screen + " at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
    }

    /** Forgets Atrium's cookies (the SSO session): cookies are deleted for the page's own host. */
    void signOut() {
        browser.get(atrium.baseUrl() + "/.well-known/openid-configuration");
        browser.manage().deleteAllCookies();
    }

    void password(String email) {
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form[action^='/u/login?'] button[type=submit]")).click();
    }

    /** Waits for the callback and returns the verified ID token's claims. */
    IDTokenClaimsSet signedIn() throws Exception {
        try {
            waiting().until(d -> d.getCurrentUrl().startsWith(app.url()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected the callback at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        Map<String, String> back = LoginBrowserIT.query(URI.create(browser.getCurrentUrl()).getRawQuery());
        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(app.url()) + "&client_id=" + clientId + "&client_secret=" + TestAtrium.enc(secret));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(clientId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(JWTParser.parse(tokens.json().get("id_token").asString()), null);
    }

    @Test
    void aSecurityKeyIsEnrolledAsTheSecondFactorThenSignsInAgain() throws Exception {
        LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-roaming", "{\"enabled\":true}"));
        LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        try {
            String userId = newUser("key-holder@example.com");
            authorize();
            password("key-holder@example.com");
            waitFor("mfa-webauthn-roaming-enrollment");
            browser.findElement(By.cssSelector("[data-webauthn-start]")).click();
            assertThat(signedIn().getStringListClaim("amr")).containsExactly("mfa", "hwk");
            assertThat(authenticator.getCredentials()).hasSize(1);

            signOut();
            authorize();
            password("key-holder@example.com");
            waitFor("mfa-webauthn-roaming-challenge");
            browser.findElement(By.cssSelector("[data-webauthn-start]")).click();
            IDTokenClaimsSet again = signedIn();
            assertThat(again.getSubject().getValue()).isEqualTo(userId);
            assertThat(again.getStringListClaim("amr")).containsExactly("mfa", "hwk");
        } finally {
            LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        }
    }

    @Test
    void withDirectAttestationChromiumsPackedStatementIsVerifiedAndAccepted() throws Exception {
        LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-roaming", "{\"enabled\":true}"));
        LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        LoginBrowserIT.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_webauthn_attestation\":\"direct\"}"));
        try {
            newUser("attested-key@example.com");
            authorize();
            password("attested-key@example.com");
            waitFor("mfa-webauthn-roaming-enrollment");
            browser.findElement(By.cssSelector("[data-webauthn-start]")).click();
            assertThat(signedIn().getStringListClaim("amr")).containsExactly("mfa", "hwk");
        } finally {
            LoginBrowserIT.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_webauthn_attestation\":\"none\"}"));
            LoginBrowserIT.ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        }
    }

    @Test
    void aPasskeyCreatedAfterThePasswordSignsInAlone() throws Exception {
        JsonNode c = LoginBrowserIT.ok(atrium.mgmt("GET", "/connections/" + connectionId, null));
        ObjectNode options = c.path("options").isObject() ? ((ObjectNode) c.get("options")).deepCopy() : JSON.createObjectNode();
        options.putObject("authentication_methods").putObject("passkey").put("enabled", true);
        ObjectNode body = JSON.createObjectNode();
        body.set("options", options);
        LoginBrowserIT.ok(atrium.mgmt("PATCH", "/connections/" + connectionId, body.toString()));

        String userId = newUser("passkey-holder@example.com");
        authorize();
        password("passkey-holder@example.com");
        waitFor("passkey-enrollment");
        browser.findElement(By.cssSelector("[data-webauthn-start]")).click();
        assertThat(signedIn().getClaim("amr")).isNull();
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();

        signOut();
        authorize();
        browser.findElement(By.cssSelector("[data-passkey-login]")).click();
        IDTokenClaimsSet id = signedIn();
        assertThat(id.getSubject().getValue()).isEqualTo(userId);
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "phr");
    }

    private static String screen(WebDriver d) {
        try {
            return d.findElements(By.tagName("body")).isEmpty() ? null
                    : d.findElement(By.tagName("body")).getDomAttribute("data-screen");
        } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
            return null;
        }
    }
}
