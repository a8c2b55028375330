package dev.atrium.oauth;

import dev.atrium.onboarding.MetadataServer;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.oauth.ThirdPartyFlowTest.CB;
import static dev.atrium.oauth.ThirdPartyFlowTest.VERIFIER;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 "How to test", the refusals, over HTTP in one place: a metadata document whose {@code client_id} differs
 * from its URL, one on a private address, one too large, one too slow, a {@code resource} that is no API (an error
 * page as {@code invalid_target}: self-registered applications keep open-redirect protection, T60/T63), the
 * self-registration cap, an expired registration, and an organization that makes new applications wait for approval. None of them leaves an application behind where it
 * should not, and none answers 5xx.
 */
class MetadataDocumentRefusalsTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAllowInsecureMetadataUrls(true), clock);
    static MetadataServer server;
    static ThirdPartyPartners tp;

    @BeforeAll
    static void setUp() throws Exception {
        server = new MetadataServer();
        tp = new ThirdPartyPartners(atrium);
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"client_id_metadata_documents\":true},"
                + "\"flags\":{\"enable_dynamic_client_registration\":true}}"));
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    static String serve(String path) {
        server.answer(path, MetadataServer.Answer.json(server.document(path, "Agent " + Math.abs(path.hashCode()), CB, ""), "max-age=60"));
        return server.url(path);
    }

    static String authorize(String clientId, String resource, String extra) {
        return "/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(CB) + "&resource=" + enc(resource)
                + "&scope=" + enc("read:orders") + "&state=st-9&code_challenge=" + SignInFixture.s256(VERIFIER)
                + "&code_challenge_method=S256" + extra;
    }

    /** A refusal on Atrium's own error page: no redirect to the unproven client, and never 5xx. */
    static TestBrowser.Page refusedOnAPage(String clientId) {
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(clientId, tp.f.api, ""));
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.location()).isNull();
        return page;
    }

    static boolean exists(String url) {
        return atrium.mgmt("GET", "/clients/" + MetadataDocumentClients.internalId(url), null).status() == 200;
    }

    @Test
    void aDocumentWhoseClientIdDiffersIsRefused() {
        String path = "/refusals/other-id.json";
        server.answer(path, MetadataServer.Answer.json(server.document(path, "Other", CB, "")
                .replace(server.url(path), server.url("/refusals/someone-else.json")), null));
        assertThat(refusedOnAPage(server.url(path)).body()).contains("does not equal the URL");
        assertThat(exists(server.url(path))).isFalse();
    }

    @Test
    void aDocumentOnAPrivateAddressIsNeverFetched() {
        for (String url : new String[]{"https://10.20.30.40/agent.json", "http://192.168.1.10/agent.json", "https://169.254.169.254/latest.json"}) {
            assertThat(refusedOnAPage(url).body()).as(url).contains("metadata is fetched only from public addresses");
            SignInFixture.assertError(atrium.postForm("/oauth/token", "grant_type=authorization_code&code=x&redirect_uri=" + enc(CB)
                    + "&code_verifier=" + VERIFIER + "&client_id=" + enc(url)), 400, "invalid_client", null);
            assertThat(exists(url)).isFalse();
        }
    }

    @Test
    void aDocumentTooLargeIsRefused() {
        String path = "/refusals/large.json";
        String big = server.document(path, "Large", CB, ",\"padding\":\"" + "x".repeat(20 * 1024) + "\"");
        server.answer(path, MetadataServer.Answer.json(big, null));
        refusedOnAPage(server.url(path));
        assertThat(exists(server.url(path))).isFalse();
    }

    @Test
    void aDocumentTooSlowIsRefused() {
        String path = "/refusals/slow.json";
        server.answer(path, new MetadataServer.Answer(200, server.document(path, "Slow", CB, ""), Map.of(), 6_000, false));
        refusedOnAPage(server.url(path));
        assertThat(exists(server.url(path))).isFalse();
    }

    @Test
    void aResourceThatIsNoApiIsInvalidTarget() {
        String url = serve("/refusals/target.json");
        // the redirect URI is proven, but a self-registered application keeps open-redirect protection (T60, T63):
        // the error is Atrium's page, in OAuth's words, and nothing is sent to the redirect URI
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(url, "https://no-such-api.example.com/", ""));
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("invalid_target");
        assertThat(page.body()).contains("is not an API of this tenant");
    }

    @Test
    void theCapRefusesANewSelfRegisteredApplication() {
        String known = serve("/refusals/known.json");
        assertThat(new TestBrowser(atrium.baseUrl()).open(authorize(known, tp.f.api, "")).screen()).isEqualTo("login");
        long count = 0;
        for (JsonNode c : ok(atrium.mgmt("GET", "/clients?per_page=100", null))) {
            count += c.path("dynamically_registered").asBoolean(false) ? 1 : 0;
        }
        try {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":" + count + "}"));
            String fresh = serve("/refusals/fresh.json");
            assertThat(refusedOnAPage(fresh).body()).contains("limit of " + count + " self-registered applications");
            assertThat(exists(fresh)).isFalse();
            TestAtrium.Response dcr = register();
            assertThat(dcr.status()).as(dcr.body()).isIn(400, 403);
            assertThat(dcr.json().get("error").asString()).isNotBlank();
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_dynamic_client_registration_limit\":1000}"));
        }
    }

    static TestAtrium.Response register() {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Agent\",\"redirect_uris\":[\"" + CB + "\"],\"token_endpoint_auth_method\":\"none\"}")).build());
    }

    @Test
    void anExpiredRegistrationAnswersAsUnknown() {
        TestAtrium.Response r = register();
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String clientId = r.json().get("client_id").asString();
        try {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"client_id_metadata_documents\":true,"
                    + "\"expire_unused_after_days\":1}}"));
            clock.advance(Duration.ofDays(2));
            atrium.forgetManagementToken();
            TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(clientId, tp.f.api, ""));
            assertThat(page.status()).as(page.body()).isEqualTo(400);
            assertThat(page.location()).isNull();
            assertThat(atrium.mgmt("GET", "/clients/" + clientId, null).status()).isEqualTo(404);
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"client_id_metadata_documents\":true}}"));
        }
    }

    @Test
    void anOrganizationThatRequiresApprovalShowsAPageInsteadOfConsent() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"approval-" + Long.toString(System.nanoTime(), 36)
                + "\",\"third_party_client_access\":\"allow\",\"enabled_connections\":[{\"connection_id\":\"" + tp.f.connectionId + "\"}]}"))
                .get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + tp.f.userId + "\"]}"));
        ok(atrium.mgmt("PATCH", "/organizations/" + org + "/atrium-application-approvals", "{\"require_approval\":true}"));
        String url = serve("/refusals/waiting.json");
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = tp.login(browser, authorize(url, tp.f.api, "&organization=" + org));
        assertThat(page.status()).as(page.body()).isEqualTo(403);
        assertThat(page.location()).isNull();
        assertThat(page.body()).contains("waits for an organization administrator's approval");
    }
}
