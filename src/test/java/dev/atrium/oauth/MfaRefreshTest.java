package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * T58 / X17: once the tenant's policy asks for a second factor, a third-party application's refresh-token
 * exchange fails (no step-up during a refresh) and its token is not spent; a first-party refresh still works. The
 * organization's {@code require_mfa} has the same effect on the refreshes of sign-ins into that organization.
 */
class MfaRefreshTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static ThirdPartyPartners t;
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        t = new ThirdPartyPartners(atrium);
        f = t.f;
    }

    @Test
    void T58_X17_aThirdPartyRefreshThatWouldNeedMfaIsRefused() {
        JsonNode client = t.partner("");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = t.accept(browser, t.login(browser, t.authorize(id, f.api, "read:orders offline_access", "")));
        JsonNode tokens = ok(t.exchange(client, code, ThirdPartyFlowTest.VERIFIER));
        String refresh = tokens.get("refresh_token").asString();
        JsonNode first = ok(f.exchangeWeb(f.webCode(f.authorizeWeb("openid offline_access", ""))));

        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        DynamicRegistrationTest.oauthError(t.refresh(client, refresh), 403, "access_denied",
                "multifactor authentication is not supported in refresh token exchanges for third-party clients");
        assertThat(f.refreshWeb(first.get("refresh_token").asString()).status()).as("first-party refresh").isEqualTo(200);

        // policy Never again: the refused token was not spent
        ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        assertThat(t.refresh(client, refresh).status()).isEqualTo(200);
    }

    @Test
    void T58_X17_anOrganizationThatRequiresMfaAlsoRefusesTheThirdPartyRefresh() {
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"mfa-partners-" + System.nanoTime() % 100000
                + "\",\"third_party_client_access\":\"allow\",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId
                + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        JsonNode client = t.partner(",\"organization_usage\":\"allow\"");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = t.accept(browser, t.login(browser, t.authorize(id, f.api, "read:orders offline_access", "&organization=" + org)));
        String refresh = ok(t.exchange(client, code, ThirdPartyFlowTest.VERIFIER)).get("refresh_token").asString();

        ok(atrium.mgmt("PATCH", "/organizations/" + org, "{\"require_mfa\":true}"));
        DynamicRegistrationTest.oauthError(t.refresh(client, refresh), 403, "access_denied",
                "multifactor authentication is not supported in refresh token exchanges for third-party clients");
        ok(atrium.mgmt("PATCH", "/organizations/" + org, "{\"require_mfa\":false}"));
        assertThat(t.refresh(client, refresh).status()).as("the refused token was not spent").isEqualTo(200);
    }
}
