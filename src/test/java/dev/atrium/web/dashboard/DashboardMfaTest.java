package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 in the dashboard: the MFA page changes the tenant policy, factors and remember-browser days and an
 * organization's {@code require_mfa} (each checked through the Management API); a user's page lists their factors
 * and its reset removes them.
 */
class DashboardMfaTest {
    @RegisterExtension
    static final TestAtrium atrium = DashboardFixture.server();
    static TestBrowser browser;

    @BeforeAll
    static void signIn() {
        browser = DashboardFixture.admin(atrium);
    }

    @Test
    void theTenantAndOrganizationPoliciesAreShownAndChanged() {
        TestAtrium.Response created = atrium.mgmt("POST", "/organizations", "{\"name\":\"mfa-dash-" + System.nanoTime() % 100000 + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String org = created.json().get("id").asString();

        TestBrowser.Page page = browser.open("/dashboard/mfa");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        TestBrowser.Page saved = DashboardFixture.ok(browser, page, "policy", Map.of("policy", "never",
                "factor_otp", "on", "factor_recovery-code", List.of(), "remember_days", "14"));
        assertThat(saved.uri().getPath()).isEqualTo("/dashboard/mfa");
        assertThat(DashboardFixture.mgmt(atrium, "/guardian/policies")).isEmpty();
        JsonNode factors = DashboardFixture.mgmt(atrium, "/guardian/factors");
        assertThat(factors.toString()).contains("{\"name\":\"otp\",\"enabled\":true").contains("{\"name\":\"recovery-code\",\"enabled\":false");
        assertThat(DashboardFixture.mgmt(atrium, "/tenants/settings").get("atrium_mfa_remember_browser_days").asInt()).isEqualTo(14);

        TestBrowser.Page toggled = DashboardFixture.submit(browser, saved, "form:has(input[name=organization_id][value=" + org + "])", Map.of());
        assertThat(toggled.status()).as(toggled.body()).isEqualTo(303);
        assertThat(DashboardFixture.mgmt(atrium, "/organizations/" + org).get("require_mfa").asBoolean()).isTrue();
        assertThat(browser.open("/dashboard/mfa").body()).contains("MFA required");

        // a refused value, and a post without the dashboard session, change nothing
        TestBrowser.Page refused = DashboardFixture.submit(browser, browser.open("/dashboard/mfa"), "form[data-form=policy]",
                Map.of("remember_days", "9999"));
        assertThat(refused.status()).isEqualTo(303);
        assertThat(DashboardFixture.mgmt(atrium, "/tenants/settings").get("atrium_mfa_remember_browser_days").asInt()).isEqualTo(14);
        TestBrowser stranger = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page anonymous = stranger.post("/dashboard/mfa/organizations", Map.of("organization_id", org, "require", "false"));
        assertThat(anonymous.status()).isNotEqualTo(303);
        assertThat(DashboardFixture.mgmt(atrium, "/organizations/" + org).get("require_mfa").asBoolean()).isTrue();
    }

    @Test
    void aUsersFactorsAreListedAndReset() {
        JsonNode user = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"mfa-"
                + System.nanoTime() + "@example.com\",\"password\":\"Corr3ct-Horse-Battery\"}").json();
        String id = user.get("user_id").asString();
        String code = atrium.mgmt("POST", "/users/" + TestAtrium.enc(id) + "/recovery-code-regeneration", "{}").json()
                .get("recovery_code").asString();
        TestBrowser.Page page = browser.open("/dashboard/users/" + TestAtrium.enc(id));
        assertThat(page.body()).contains("recovery-code").doesNotContain(code);
        TestBrowser.Page reset = DashboardFixture.ok(browser, page, "mfa-reset", Map.of());
        assertThat(reset.body()).contains("No second factor enrolled.");
        assertThat(DashboardFixture.mgmt(atrium, "/users/" + TestAtrium.enc(id) + "/authentication-methods")).isEmpty();
    }

    @Test
    void aUsersSecurityKeysAndPasskeysAreListedAndTheResetRemovesThem() {
        String id = atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"keys-"
                + System.nanoTime() + "@example.com\",\"password\":\"Corr3ct-Horse-Battery\"}").json().get("user_id").asString();
        // the credentials are written to the store directly: their ceremonies are WebAuthnSignInTest's and PasskeySignInTest's
        try (var db = new dev.atrium.storage.Database(atrium.server().config().databaseUrl(), "", "")) {
            var store = new dev.atrium.storage.JdbcWebAuthnCredentialStore(db.jdbi());
            java.time.Instant now = java.time.Instant.now();
            store.create(new dev.atrium.mfa.WebAuthnCredential("webauthn|dev_dashkey" + System.nanoTime() % 100000, id,
                    "cred-" + System.nanoTime(), "acd", 0, "roaming", List.of("usb"), "Security key", now, null));
            store.create(new dev.atrium.mfa.WebAuthnCredential("webauthn|dev_dashpk" + System.nanoTime() % 100000, id,
                    "cred-" + System.nanoTime(), "acd", 0, "passkey", List.of(), "Passkey", now, null));
        }
        TestBrowser.Page page = browser.open("/dashboard/users/" + TestAtrium.enc(id));
        assertThat(page.body()).contains("webauthn-roaming · Security key").contains("passkey · Passkey");
        TestBrowser.Page reset = DashboardFixture.ok(browser, page, "mfa-reset", Map.of());
        assertThat(reset.body()).contains("No second factor enrolled.");
        assertThat(DashboardFixture.mgmt(atrium, "/users/" + TestAtrium.enc(id) + "/authentication-methods")).isEmpty();
    }
}
