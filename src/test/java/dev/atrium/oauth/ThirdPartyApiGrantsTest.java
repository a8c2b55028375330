package dev.atrium.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.CB;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static dev.atrium.oauth.ThirdPartyFlowTest.errorPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which grant lets a third-party application reach an API, over HTTP: a permissive application follows the
 * API's own policy (T21); a per-application grant wins over the default grant of its subject type (T46);
 * narrowing a grant narrows the next refreshed token (T52); a registered application without default
 * grants reaches no API (T95). Sibling of {@link ThirdPartyFlowTest}, which covers the grant checks of
 * a first login (T44, T45, T47–T50).
 */
class ThirdPartyApiGrantsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static ThirdPartyPartners t;
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        t = new ThirdPartyPartners(atrium);
        f = t.f;
    }

    // ---- T21: a permissive application follows the API's policy like a first-party one

    @Test
    void T21_aPermissiveApplicationReachesAnAllowAllApiWithoutAGrant() throws Exception {
        t.permissiveMode(true);
        JsonNode client;
        try {
            client = t.partner(",\"third_party_security_mode\":\"permissive\"");
        } finally {
            t.permissiveMode(false);
        }
        String id = client.get("client_id").asString();
        String open = t.api("");
        String guarded = t.api(",\"subject_type_authorization\":{\"user\":{\"policy\":\"require_client_grant\"}}");
        assertThat(ok(atrium.mgmt("GET", "/client-grants?client_id=" + id, null))).isEmpty();

        // allow_all: signed in, consented (T22: never skipped) and given the API's scopes and an ID token (T20)
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = t.login(browser, t.authorize(id, open, "openid read:orders", ""));
        JsonNode tokens = ok(t.exchange(client, t.accept(browser, consent), VERIFIER));
        assertThat(t.scopes(tokens)).containsExactlyInAnyOrder("openid", "read:orders");
        assertThat(SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getAudience()).contains(open);
        assertThat(tokens.has("id_token")).isTrue();

        // require_client_grant: refused like a first-party application without a grant (delivered to the callback, T22)
        TestBrowser.Page refused = browser.get(t.authorize(id, guarded, "read:orders", ""));
        assertThat(refused.status()).as(refused.body()).isEqualTo(302);
        assertThat(SignInFlowTest.query(refused.location())).containsEntry("error", "unauthorized_client").containsEntry("state", "st-1");
    }

    // ---- T46: the application's own grant wins over the default one, per subject type, without merging

    @Test
    void T46_aPerApplicationGrantWinsOverTheDefaultGrantOfItsSubjectType() throws Exception {
        String audience = t.api("");
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"client\"}"));
        JsonNode client = t.partner(",\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
        String id = client.get("client_id").asString();
        t.grant(id, audience, "user", "\"write:orders\"");

        // user flow: only the per-app grant's scope is asked for and issued (the default's read:orders is not added)
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = t.login(browser, t.authorize(id, audience, "read:orders write:orders", ""));
        assertThat(consent.doc().select("ul.scopes li").eachText()).containsExactly("Orders: write your orders write:orders");
        assertThat(t.scopes(ok(t.exchange(client, t.accept(browser, consent), VERIFIER)))).containsExactly("write:orders");

        // client credentials: the per-app user grant does not hide the default client grant
        JsonNode m2m = ok(atrium.clientCredentials(id, client.get("client_secret").asString(), audience, null));
        assertThat(m2m.get("scope").asString()).isEqualTo("read:orders");
    }

    // ---- T52: a narrowed grant narrows the next refreshed token

    @Test
    void T52_narrowingTheGrantNarrowsRefreshedTokens() throws Exception {
        String audience = t.api("");
        JsonNode client = t.partner("");
        String id = client.get("client_id").asString();
        String grantId = t.grant(id, audience, "user", "\"read:orders\",\"write:orders\"");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = t.login(browser, t.authorize(id, audience, "read:orders write:orders offline_access", ""));
        JsonNode first = ok(t.exchange(client, t.accept(browser, consent), VERIFIER));
        assertThat(t.scopes(first)).containsExactlyInAnyOrder("read:orders", "write:orders", "offline_access");

        ok(atrium.mgmt("PATCH", "/client-grants/" + grantId, "{\"scope\":[\"read:orders\"]}"));

        JsonNode refreshed = ok(t.refresh(client, first.get("refresh_token").asString()));
        assertThat(t.scopes(refreshed)).containsExactlyInAnyOrder("read:orders", "offline_access");
    }

    // ---- T95: a registered application without default grants reaches no API

    @Test
    void T95_aRegisteredApplicationWithoutDefaultGrantsReachesNoApi() {
        List<JsonNode> defaults = new ArrayList<>();
        for (JsonNode g : ok(atrium.mgmt("GET", "/client-grants?default_for=third_party_clients", null))) {
            defaults.add(g);
            assertThat(atrium.mgmt("DELETE", "/client-grants/" + g.get("id").asString(), null).status()).isEqualTo(204);
        }
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        try {
            TestAtrium.Response reg = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"client_name\":\"Lonely agent\",\"redirect_uris\":[\"" + CB + "\"],\"token_endpoint_auth_method\":\"none\"}")).build());
            assertThat(reg.status()).as(reg.toString()).isEqualTo(201);
            String id = reg.json().get("client_id").asString();
            // an API that had a default grant, and one that admits every application: both refused before any login (T48)
            for (String audience : List.of(f.api, t.api(""))) {
                errorPage(new TestBrowser(atrium.baseUrl()).open(t.authorize(id, audience, "read:orders", "")), "unauthorized_client",
                        "Client \"" + id + "\" is not authorized to access resource server \"" + audience + "\"");
            }
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":false}}"));
            for (JsonNode g : defaults) {
                ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + g.get("audience").asString()
                        + "\",\"scope\":" + g.get("scope") + ",\"subject_type\":\"" + g.get("subject_type").asString() + "\"}"));
            }
        }
    }
}
