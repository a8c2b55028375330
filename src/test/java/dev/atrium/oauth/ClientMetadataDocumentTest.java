package dev.atrium.oauth;

import dev.atrium.onboarding.MetadataServer;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.web.dashboard.DashboardFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.CB;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client ID Metadata Documents over HTTP (issue 14): a client whose {@code client_id} is the URL of its metadata
 * (and which names the API with RFC 8707 {@code resource}, as MCP clients do),
 * served by a web server on loopback (the insecure setting is on for {@link #atrium} only), signs a user in through
 * consent and refreshes, as a strict public third-party application. Refusals: the tenant policy off, a denied host,
 * a document naming another client_id, a redirect URI the document does not list, the self-registration cap, and
 * (on {@link #secure}, with the setting at its default) a loopback document.
 */
class ClientMetadataDocumentTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAllowInsecureMetadataUrls(true)
            .withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD));
    @RegisterExtension
    static final TestAtrium secure = new TestAtrium();
    static MetadataServer server;
    static ThirdPartyPartners tp;

    @BeforeAll
    static void setUp() throws Exception {
        server = new MetadataServer();
        tp = new ThirdPartyPartners(atrium);
        policy(atrium, "{\"client_id_metadata_documents\":true}");
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    static void policy(TestAtrium on, String json) {
        ok(on.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":" + json + "}"));
    }

    static String serve(String path, String name) {
        server.answer(path, MetadataServer.Answer.json(server.document(path, name, CB, ",\"client_uri\":\"https://agent.example/\""),
                "max-age=60"));
        return server.url(path);
    }

    static String authorize(String clientId, String redirect) {
        return "/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirect)
                + "&resource=" + enc(tp.f.api) + "&scope=" + enc("openid offline_access read:orders")
                + "&state=st-1&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256";
    }

    static TestAtrium.Response token(TestAtrium on, String form) {
        return on.postForm("/oauth/token", form);
    }

    @Test
    void aMetadataDocumentClientSignsInThroughConsentAndRefreshes() throws Exception {
        String url = serve("/agents/notes.json", "Notes Agent");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = tp.login(browser, authorize(url, CB));
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        assertThat(consent.doc().selectFirst("[data-metadata-host]").text()).isEqualTo("(from 127.0.0.1)");
        assertThat(consent.body()).contains("Notes Agent").contains("Third-party");
        String code = tp.accept(browser, consent);

        TestAtrium.Response r = token(atrium, "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(CB)
                + "&code_verifier=" + VERIFIER + "&client_id=" + enc(url) + "&resource=" + enc(tp.f.api));
        JsonNode tokens = ok(r);
        assertThat(dev.atrium.agents.AgentTokensAccess.audience(atrium, tokens.get("access_token").asString(), tp.f.api)).contains(tp.f.api);
        JsonNode refreshed = ok(token(atrium, "grant_type=refresh_token&refresh_token=" + enc(tokens.get("refresh_token").asString())
                + "&client_id=" + enc(url)));
        assertThat(refreshed.get("refresh_token").asString()).isNotEqualTo(tokens.get("refresh_token").asString());
        // fetched once: the document said max-age=60
        assertThat(server.hits("/agents/notes.json")).isEqualTo(1);

        // the stored application: strict, third-party, public, self-registered, never client credentials
        JsonNode app = ok(atrium.mgmt("GET", "/clients/" + MetadataDocumentClients.internalId(url), null));
        assertThat(app.get("is_first_party").asBoolean()).isFalse();
        assertThat(app.get("third_party_security_mode").asString()).isEqualTo("strict");
        assertThat(app.get("token_endpoint_auth_method").asString()).isEqualTo("none");
        assertThat(app.get("client_id_metadata_document").asString()).isEqualTo(url);
        assertThat(app.get("callbacks").toString()).isEqualTo("[\"" + CB + "\"]");
        assertThat(app.get("grant_types").toString()).doesNotContain("client_credentials");
        TestAtrium.Response cc = token(atrium, "grant_type=client_credentials&client_id=" + enc(url) + "&audience=" + enc(tp.f.api));
        assertThat(cc.status()).isIn(400, 401, 403);
        assertThat(cc.json().has("access_token")).isFalse();
    }

    @Test
    void aMalformedUrlClientIdIsAClearPageAndAClearTokenError() {
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize("https://bad host/x y", CB));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("not a valid URL");
        SignInFixture.assertError(token(atrium, "grant_type=authorization_code&code=x&redirect_uri=" + enc(CB)
                + "&client_id=" + enc("https://bad host/x")), 400, "invalid_client", null);
    }

    @Test
    void aRedirectUriTheDocumentDoesNotListIsRefused() {
        String url = serve("/agents/strict.json", "Strict Agent");
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(url, CB + "/other"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
    }

    @Test
    void aDocumentNamingAnotherClientIdIsRefused() {
        server.answer("/agents/liar.json", MetadataServer.Answer.json(
                server.document("/agents/liar.json", "Liar", CB, "").replace(server.url("/agents/liar.json"), server.url("/agents/notes.json")), null));
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(server.url("/agents/liar.json"), CB));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.body()).contains("does not equal the URL");
        TestAtrium.Response t = token(atrium, "grant_type=authorization_code&code=x&redirect_uri=" + enc(CB) + "&code_verifier=" + VERIFIER
                + "&client_id=" + enc(server.url("/agents/liar.json")));
        SignInFixture.assertError(t, 400, "invalid_client", null);
    }

    @Test
    void policyOffAndDeniedHostsAreRefused() {
        String url = serve("/agents/policy.json", "Policy Agent");
        try {
            policy(atrium, "{\"client_id_metadata_documents\":false}");
            assertThat(atrium.get("/.well-known/oauth-authorization-server").json().get("client_id_metadata_document_supported").asBoolean()).isFalse();
            TestBrowser.Page off = new TestBrowser(atrium.baseUrl()).open(authorize(url, CB));
            assertThat(off.status()).isEqualTo(400);
            assertThat(off.body()).contains("does not accept Client ID Metadata Documents");
            policy(atrium, "{\"client_id_metadata_documents\":true,\"denied_hosts\":[\"127.0.0.1\"]}");
            TestBrowser.Page denied = new TestBrowser(atrium.baseUrl()).open(authorize(url, CB));
            assertThat(denied.body()).contains("denied by this tenant's onboarding policy");
            policy(atrium, "{\"client_id_metadata_documents\":true,\"allowed_hosts\":[\"*.agents.example\"]}");
            TestBrowser.Page notAllowed = new TestBrowser(atrium.baseUrl()).open(authorize(url, CB));
            assertThat(notAllowed.body()).contains("not among the hosts");
            assertThat(server.hits("/agents/policy.json")).isZero();
        } finally {
            policy(atrium, "{\"client_id_metadata_documents\":true}");
        }
        assertThat(atrium.get("/.well-known/oauth-authorization-server").json().get("client_id_metadata_document_supported").asBoolean()).isTrue();
    }

    @Test
    void aBadPolicyIsRefusedByTheManagementApi() {
        TestAtrium.Response r = atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"denied_hosts\":[\"http://x\"]}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("not a host name");
        TestAtrium.Response unknown = atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"open\":true}}");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void theSelfRegistrationCapCountsMetadataDocumentClients() {
        String known = serve("/agents/known.json", "Known Agent");
        assertThat(new TestBrowser(atrium.baseUrl()).open(authorize(known, CB)).screen()).isEqualTo("login");
        long count = 0;
        for (JsonNode c : ok(atrium.mgmt("GET", "/clients?per_page=100", null))) {
            count += c.path("dynamically_registered").asBoolean(false) ? 1 : 0;
        }
        try {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":" + count + "}"));
            String fresh = serve("/agents/fresh.json", "Fresh Agent");
            TestBrowser.Page capped = new TestBrowser(atrium.baseUrl()).open(authorize(fresh, CB));
            assertThat(capped.status()).isEqualTo(400);
            assertThat(capped.body()).contains("limit of " + count + " self-registered applications");
            // one that exists already keeps working
            assertThat(new TestBrowser(atrium.baseUrl()).open(authorize(known, CB)).screen()).isEqualTo("login");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":1000}"));
        }
    }

    @Test
    void withTheInsecureSettingOffALoopbackDocumentIsRefused() {
        policy(secure, "{\"client_id_metadata_documents\":true}");
        server.answer("/agents/local.json", MetadataServer.Answer.json(
                server.document("/agents/local.json", "Local", CB, "").replace("http://127.0.0.1", "https://localhost"), null));
        TestBrowser.Page page = new TestBrowser(secure.baseUrl()).open(authorize("https://localhost:" + server.port() + "/agents/local.json", CB));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("loopback");
        TestBrowser.Page plain = new TestBrowser(secure.baseUrl()).open(authorize(server.url("/agents/local.json"), CB));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(server.hits("/agents/local.json")).isZero();
    }

    @Test
    void theDashboardShowsTheDocumentAndItsHostAndEditsThePolicy() {
        String url = serve("/agents/shown.json", "Shown Agent");
        assertThat(new TestBrowser(atrium.baseUrl()).open(authorize(url, CB)).screen()).isEqualTo("login");
        TestBrowser admin = DashboardFixture.admin(atrium);
        TestBrowser.Page app = admin.open("/dashboard/applications/" + MetadataDocumentClients.internalId(url));
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body()).contains("Client ID Metadata Document").contains(url).contains("Metadata document");
        assertThat(app.doc().select(".facts dd").eachText()).contains("127.0.0.1");

        TestBrowser.Page settings = admin.open("/dashboard/settings");
        TestBrowser.Page saved = DashboardFixture.submit(admin, settings, "form[data-form=onboarding]", java.util.Map.of(
                "client_id_metadata_documents", "on", "allowed_hosts", "127.0.0.1\n*.agents.example", "denied_hosts", "evil.example",
                "atrium_dynamic_client_registration_limit", "1000"));
        assertThat(saved.status()).as(saved.body()).isLessThan(400);
        JsonNode policy = ok(atrium.mgmt("GET", "/tenants/settings", null)).get("atrium_onboarding_policy");
        assertThat(policy.get("allowed_hosts").toString()).isEqualTo("[\"127.0.0.1\",\"*.agents.example\"]");
        assertThat(policy.get("denied_hosts").toString()).isEqualTo("[\"evil.example\"]");
        TestBrowser.Page refused = DashboardFixture.submit(admin, admin.open("/dashboard/settings"), "form[data-form=onboarding]",
                java.util.Map.of("client_id_metadata_documents", "on", "denied_hosts", "http://bad/", "atrium_dynamic_client_registration_limit", "1000"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("is not a host name");
        policy(atrium, "{\"client_id_metadata_documents\":true}");
    }
}
