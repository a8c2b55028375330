package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static dev.atrium.oauth.ThirdPartyFlowTest.errorPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to a third-party login after its first success, over HTTP: a wrong or missing PKCE verifier
 * at the code exchange (X15), a later request for more scopes (T69), a connection demoted from domain
 * level (T42: new logins stop, issued refresh tokens stay), and {@code /oauth/revoke} ending a refresh-token
 * family (T59).
 */
class ThirdPartyLoginLifecycleTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static ThirdPartyPartners t;
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        t = new ThirdPartyPartners(atrium);
        f = t.f;
    }

    // ---- X15: a wrong or missing PKCE verifier

    /**
     * X15 (T30). The rule file says 400; api-contract.md §A.6.5 ("bad/expired/used code, bad verifier")
     * says 403 {@code invalid_grant} "Invalid authorization code", and on the wire the contract wins
     * (spec README, precedence). Decision: 403 with the contract's description, as for first-party clients.
     */
    @Test
    void X15_T30_aWrongOrMissingVerifierIsRefused() {
        JsonNode client = t.partner("");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String url = t.authorize(id, f.api, "read:orders", "");
        String code = t.accept(browser, t.login(browser, url));
        DynamicRegistrationTest.oauthError(t.exchange(client, code, VERIFIER.replace('v', 'w')), 403, "invalid_grant", "Invalid authorization code");
        DynamicRegistrationTest.oauthError(t.exchange(client, t.code(browser.get(url)), null), 403, "invalid_grant", "Invalid authorization code");
        assertThat(t.exchange(client, t.code(browser.get(url)), VERIFIER).status()).isEqualTo(200);
    }
    // ---- T69: asking for more later shows the screen again, marks what is new, and stores the union

    @Test
    void T69_widenedRequestsAskAgainAndTheStoredConsentGrows() throws Exception {
        String audience = t.api("");
        JsonNode client = t.partner("");
        String id = client.get("client_id").asString();
        t.grant(id, audience, "user", "\"read:orders\",\"write:orders\"");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = t.login(browser, t.authorize(id, audience, "read:orders", ""));
        assertThat(consent.doc().select("[data-new]")).as("the first consent marks nothing").isEmpty();
        t.accept(browser, consent);

        TestBrowser.Page wider = browser.open(t.authorize(id, audience, "read:orders write:orders", ""));
        assertThat(wider.screen()).as(wider.body()).isEqualTo("consent");
        assertThat(wider.doc().select("ul.scopes code").eachText()).containsExactly("read:orders", "write:orders");
        // one line for the API's two scopes (T67), the new one marked within it
        assertThat(wider.doc().select("ul.scopes li")).hasSize(1);
        assertThat(wider.doc().select("[data-new]").stream().map(e -> e.previousElementSibling().text()).toList())
                .containsExactly("write:orders");
        assertThat(t.scopes(ok(t.exchange(client, t.accept(browser, wider), VERIFIER)))).containsExactlyInAnyOrder("read:orders", "write:orders");

        JsonNode grants = ok(atrium.mgmt("GET", "/grants?user_id=" + TestAtrium.enc(f.userId) + "&client_id=" + id, null));
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("scope")).extracting(JsonNode::asString).containsExactlyInAnyOrder("read:orders", "write:orders");
        // the union covers either request without asking
        assertThat(t.code(browser.get(t.authorize(id, audience, "write:orders", "")))).isNotBlank();
        assertThat(t.code(browser.get(t.authorize(id, audience, "read:orders write:orders", "")))).isNotBlank();
    }

    // ---- T42: demoting a connection stops new logins through it at once, issued refresh tokens stay

    @Test
    void T42_demotingAConnectionStopsNewLoginsThroughIt() {
        String n = Long.toString(System.nanoTime(), 36);
        String name = "partners-" + n;
        String connectionId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + name + "\",\"strategy\":\"auth0\","
                + TestAtrium.ENABLED_FOR_AN_APPLICATION + "}")).get("id").asString();
        ok(atrium.mgmt("PATCH", "/connections/" + connectionId, "{\"is_domain_connection\":true}"));
        String email = "grace-" + n + "@example.com";
        ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\""
                + SignInFixture.PASSWORD + "\"}"));
        JsonNode client = t.partner("");
        String id = client.get("client_id").asString();
        String url = t.authorize(id, f.api, "read:orders offline_access", "");
        Map<String, String> credentials = Map.of("connection", name, "username", email, "password", SignInFixture.PASSWORD);

        // before: the login through the connection works
        TestBrowser first = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = first.open(url);
        assertThat(login.body()).doesNotContain(name);
        JsonNode tokens = ok(t.exchange(client, t.accept(first, first.follow(first.submit(login, "form", credentials))), VERIFIER));
        // a login page shown before the demotion, submitted after it
        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page stale = second.open(url);

        ok(atrium.mgmt("PATCH", "/connections/" + connectionId, "{\"is_domain_connection\":false}"));

        TestBrowser.Page posted = second.submit(stale, "form", credentials);
        assertThat(posted.status()).as(posted.body()).isEqualTo(400);
        assertThat(posted.screen()).isEqualTo("login");
        // the session made through the connection is not reused for a new authorization either
        TestBrowser.Page again = first.open(url);
        assertThat(again.screen()).as(again.body()).isEqualTo("login");
        assertThat(again.body()).doesNotContain(name);
        errorPage(new TestBrowser(atrium.baseUrl()).open(url + "&connection=" + name), "invalid_request",
                "connection " + name + " is not available for third-party clients");
        // the refresh token issued before the demotion is not revoked by it
        assertThat(t.refresh(client, tokens.get("refresh_token").asString()).status()).isEqualTo(200);
    }

    // ---- T59: /oauth/revoke ends a third-party application's refresh-token family

    @Test
    void T59_revokingARefreshTokenEndsItsFamily() {
        JsonNode client = t.partner(",\"app_type\":\"native\",\"token_endpoint_auth_method\":\"none\"");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = ok(t.exchange(client, t.accept(browser, t.login(browser, t.authorize(id, f.api, "read:orders offline_access", ""))), VERIFIER));
        String rt1 = tokens.get("refresh_token").asString();
        String rt2 = ok(t.refresh(client, rt1)).get("refresh_token").asString();

        // revoking the newest token of the family (rt1 was rotated into rt2)
        assertThat(t.revoke(client, rt2).status()).isEqualTo(200);
        TestAtrium.Response dead = t.refresh(client, rt2);
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.json().get("error").asString()).isEqualTo("invalid_grant");
        // 200 again for a token already revoked, and for one never issued
        assertThat(t.revoke(client, rt2).status()).isEqualTo(200);
        assertThat(t.revoke(client, "no-such-token").status()).isEqualTo(200);

        // a confidential application revokes with its credentials
        JsonNode web = t.partner("");
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        String token = ok(t.exchange(web, t.accept(other, t.login(other, t.authorize(web.get("client_id").asString(), f.api,
                "read:orders offline_access", ""))), VERIFIER)).get("refresh_token").asString();
        assertThat(t.revoke(web, token).status()).isEqualTo(200);
        assertThat(t.refresh(web, token).status()).isEqualTo(403);
    }
}
