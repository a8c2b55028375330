package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.SPA_CALLBACK;
import static dev.atrium.oauth.SignInFixture.WEB_CALLBACK;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent for first-party applications (api-contract.md §A.5 step 8): asked once for an API's
 * scopes and remembered, asked again under {@code prompt=consent}, a refusal ends the flow with
 * {@code access_denied}, and an API may let verifiable first-party applications skip it, which a
 * {@code localhost} redirect is not.
 */
class ConsentTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    static String authorize(String clientId, String api, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + enc(WEB_CALLBACK)
                + "&scope=" + enc("openid read:orders") + "&audience=" + enc(api) + "&state=st-c" + extra;
    }

    static TestBrowser.Page login(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        assertThat(page.screen()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    @Test
    void T67_theTenantFlagShowsEachScopesDescriptionInstead() {
        String client = f.webClient("Descriptions " + System.nanoTime(), "").get("client_id").asString();
        SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"use_scope_descriptions_for_consent\":true}}"));
        try {
            TestBrowser.Page page = login(new TestBrowser(atrium.baseUrl()),
                    authorize(client, f.api, "").replace(TestAtrium.enc("read:orders"), TestAtrium.enc("read:orders write:orders")));
            assertThat(page.screen()).isEqualTo("consent");
            assertThat(page.doc().select("ul.scopes li").eachText())
                    .containsExactly("Read your orders read:orders", "Create and change orders write:orders");
        } finally {
            SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"use_scope_descriptions_for_consent\":false}}"));
        }
    }

    @Test
    void consentIsAskedOnceThenRememberedAndAskedAgainUnderPromptConsent() {
        String client = f.webClient("Consent " + System.nanoTime(), "").get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(browser, authorize(client, f.api, ""));
        assertThat(page.screen()).isEqualTo("consent");
        // T67: Auth0's default, the scopes' names made into a line per API resource
        assertThat(page.doc().select("ul.scopes li").eachText()).containsExactly("Orders: read your orders read:orders");
        TestBrowser.Page back = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        assertThat(SignInFixture.query(back.location())).containsKey("code").containsEntry("state", "st-c");

        TestBrowser.Page again = browser.open(authorize(client, f.api, ""));
        assertThat(again.status()).as("same scopes: no second dialog").isEqualTo(302);
        assertThat(again.location()).startsWith(WEB_CALLBACK);
        assertThat(SignInFixture.query(again.location())).containsKey("code");

        TestBrowser.Page fresh = login(new TestBrowser(atrium.baseUrl()), authorize(client, f.api, ""));
        assertThat(fresh.status()).as("remembered across sessions").isEqualTo(302);

        assertThat(browser.open(authorize(client, f.api, "&prompt=consent")).screen()).isEqualTo("consent");
        assertThat(browser.open(authorize(client, f.api, "").replace(enc("openid read:orders"), enc("openid read:orders write:orders")))
                .screen()).as("a new scope is asked for").isEqualTo("consent");
    }

    @Test
    void decliningConsentReturnsAccessDeniedToTheApplication() {
        String client = f.webClient("Decline " + System.nanoTime(), "").get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(browser, authorize(client, f.api, ""));
        TestBrowser.Page back = browser.follow(browser.submit(page, "form", Map.of("action", "deny")));
        assertThat(back.status()).isEqualTo(302);
        assertThat(SignInFixture.query(back.location())).containsEntry("error", "access_denied")
                .containsEntry("state", "st-c").containsEntry("iss", atrium.issuer()).doesNotContainKey("code");
    }

    @Test
    void verifiableFirstPartyApplicationsSkipConsentWhenTheApiAllowsIt() {
        String api = "https://trusting-" + System.nanoTime() + ".example.com/";
        SignInFixture.ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Trusting\","
                + "\"skip_consent_for_verifiable_first_party_clients\":true,\"scopes\":[{\"value\":\"read:orders\"}]}"));
        JsonNode web = f.webClient("Trusted " + System.nanoTime(), "");
        TestBrowser.Page back = login(new TestBrowser(atrium.baseUrl()), authorize(web.get("client_id").asString(), api, ""));
        assertThat(back.status()).as("https redirect: no dialog").isEqualTo(302);
        assertThat(back.location()).startsWith(WEB_CALLBACK);

        String verifier = "x".repeat(48);
        TestBrowser.Page spa = login(new TestBrowser(atrium.baseUrl()), "/authorize?response_type=code&client_id=" + f.spaId
                + "&redirect_uri=" + enc(SPA_CALLBACK) + "&scope=" + enc("openid read:orders") + "&audience=" + enc(api)
                + "&state=s&code_challenge=" + SignInFixture.s256(verifier) + "&code_challenge_method=S256");
        assertThat(spa.screen()).as("localhost is not verifiable").isEqualTo("consent");
    }
}
