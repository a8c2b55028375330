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

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 over HTTP: in an organization whose policy makes new third-party applications wait, a self-registered
 * application (here from a Client ID Metadata Document) shows the user a clear page instead of consent until an
 * organization administrator approves it through the Management API or the organization's Applications tab; a
 * denied one keeps the page; a direct consent POST cannot skip the wait; another organization is unaffected.
 */
class OrganizationApprovalTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAllowInsecureMetadataUrls(true)
            .withAdmin(DashboardFixture.ADMIN, DashboardFixture.PASSWORD));
    static final String CB = ThirdPartyFlowTest.CB;
    static MetadataServer server;
    static SignInFixture f;
    static String waiting;
    static String open;

    @BeforeAll
    static void tenant() throws Exception {
        server = new MetadataServer();
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_onboarding_policy\":{\"client_id_metadata_documents\":true}}"));
        String n = Long.toString(System.nanoTime(), 36);
        waiting = org("waiting-" + n);
        open = org("open-" + n);
        JsonNode r = ok(atrium.mgmt("PATCH", "/organizations/" + waiting + "/atrium-application-approvals", "{\"require_approval\":true}"));
        assertThat(r.get("require_approval").asBoolean()).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String org(String name) {
        String id = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"third_party_client_access\":\"allow\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + id + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        return id;
    }

    static String agent(String path) {
        server.answer(path, MetadataServer.Answer.json(server.document(path, "Agent " + path.hashCode(), CB, ""), "max-age=60"));
        return server.url(path);
    }

    static String authorize(String clientId, String org) {
        return "/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(CB) + "&audience=" + enc(f.api)
                + "&scope=" + enc("openid read:orders") + "&organization=" + org + "&state=s&code_challenge="
                + SignInFixture.s256(ThirdPartyFlowTest.VERIFIER) + "&code_challenge_method=S256";
    }

    /** The approval status of {@code clientId} in the waiting organization, from the Management API; null when absent. */
    static String status(String clientId) {
        for (JsonNode a : ok(atrium.mgmt("GET", "/organizations/" + waiting + "/atrium-application-approvals", null)).get("applications")) {
            if (a.get("client_id").asString().equals(clientId)) {
                return a.get("status").asString();
            }
        }
        return null;
    }

    static TestBrowser.Page signIn(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        if ("login".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        }
        return page;
    }

    @Test
    void aNewApplicationWaitsUntilApprovedThroughTheManagementApi() {
        String url = agent("/approval/api.json");
        String internal = MetadataDocumentClients.internalId(url);
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = signIn(browser, authorize(url, waiting));
        assertThat(page.status()).as(page.body()).isEqualTo(403);
        assertThat(page.body()).contains("waits for an organization administrator's approval");
        assertThat(page.doc().select("form button[value=accept]")).isEmpty();

        assertThat(status(internal)).isEqualTo("pending");

        // the wait cannot be skipped by posting the consent form directly
        String state = page.uri().getQuery().replaceAll(".*state=([^&]+).*", "$1");
        TestBrowser.Page forced = browser.post("/u/consent?state=" + state, Map.of("action", "accept", "state", state));
        assertThat(forced.status()).isIn(400, 403);
        assertThat(forced.location()).isNull();

        // another organization does not require approval: consent as usual
        TestBrowser.Page elsewhere = signIn(new TestBrowser(atrium.baseUrl()), authorize(url, open));
        assertThat(elsewhere.screen()).as(elsewhere.body()).isEqualTo("consent");

        assertThat(atrium.mgmt("PUT", "/organizations/" + waiting + "/atrium-application-approvals/" + internal,
                "{\"status\":\"approved\"}").status()).isEqualTo(200);
        TestBrowser.Page approved = signIn(new TestBrowser(atrium.baseUrl()), authorize(url, waiting));
        assertThat(approved.screen()).as(approved.body()).isEqualTo("consent");
    }

    @Test
    void aDeniedApplicationKeepsThePageAndBadInputIsRefused() {
        String url = agent("/approval/denied.json");
        String internal = MetadataDocumentClients.internalId(url);
        signIn(new TestBrowser(atrium.baseUrl()), authorize(url, waiting));
        assertThat(atrium.mgmt("PUT", "/organizations/" + waiting + "/atrium-application-approvals/" + internal,
                "{\"status\":\"denied\"}").status()).isEqualTo(200);
        TestBrowser.Page page = signIn(new TestBrowser(atrium.baseUrl()), authorize(url, waiting));
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("is not approved for use in this organization");

        TestAtrium.Response bad = atrium.mgmt("PUT", "/organizations/" + waiting + "/atrium-application-approvals/" + internal,
                "{\"status\":\"maybe\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(atrium.mgmt("PUT", "/organizations/" + waiting + "/atrium-application-approvals/nobody",
                "{\"status\":\"approved\"}").status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/organizations/org_nope/atrium-application-approvals", null).status()).isEqualTo(404);
    }

    @Test
    void approvalOnTheOrganizationsApplicationsTab() {
        String url = agent("/approval/tab.json");
        String internal = MetadataDocumentClients.internalId(url);
        assertThat(signIn(new TestBrowser(atrium.baseUrl()), authorize(url, waiting)).status()).isEqualTo(403);
        TestBrowser admin = DashboardFixture.admin(atrium);
        TestBrowser.Page tab = admin.open("/dashboard/organizations/" + waiting + "/applications");
        assertThat(tab.status()).isEqualTo(200);
        assertThat(tab.body()).contains("Waiting for approval");
        TestBrowser.Page done = DashboardFixture.submit(admin, tab, "form[data-form=approve-" + internal + "]", Map.of());
        assertThat(done.status()).as(done.body()).isLessThan(400);
        assertThat(status(internal)).isEqualTo("approved");
        assertThat(signIn(new TestBrowser(atrium.baseUrl()), authorize(url, waiting)).screen()).isEqualTo("consent");
    }

    // ---- software statements pre-approve a known vendor's clients

    static TestAtrium.Response register(String statement) {
        return atrium.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Unsigned name\",\"redirect_uris\":[\"" + CB + "\"],\"token_endpoint_auth_method\":\"none\""
                                + (statement == null ? "" : ",\"software_statement\":\"" + statement + "\"") + "}")).build());
    }

    static String statement(com.nimbusds.jose.jwk.RSAKey key, String name) throws Exception {
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).build(), new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("https://vendor.example")
                .claim("software_id", "vendor-notes").claim("client_name", name).build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aVerifiedSoftwareStatementPreApprovesTheVendorsClient() throws Exception {
        var vendor = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("vendor-1").generate();
        var stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("vendor-1").generate();
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_trusted_software_statement_keys\":{\"keys\":["
                + vendor.toJSONString() + "]}}").status()).as("a private key is refused").isEqualTo(400);
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true},"
                + "\"atrium_trusted_software_statement_keys\":{\"keys\":[" + vendor.toPublicJWK().toJSONString() + "]}}"));

        SignInFixture.assertError(register(statement(stranger, "Impostor")), 400, "unapproved_software_statement", null);
        SignInFixture.assertError(register("not-a-jwt"), 400, "invalid_software_statement", null);

        JsonNode reg = ok(register(statement(vendor, "Vendor Notes")));
        // the signed metadata wins over the request's
        assertThat(reg.get("client_name").asString()).isEqualTo("Vendor Notes");
        String id = reg.get("client_id").asString();
        JsonNode app = ok(atrium.mgmt("GET", "/clients/" + id, null));
        assertThat(app.get("software_id").asString()).isEqualTo("vendor-notes");
        assertThat(app.get("atrium_software_statement_verified").asBoolean()).isTrue();

        // usable in organizations by the administrator's choice; in the waiting organization it goes straight to consent
        ok(atrium.mgmt("PATCH", "/clients/" + id, "{\"organization_usage\":\"allow\"}"));
        TestBrowser.Page page = signIn(new TestBrowser(atrium.baseUrl()), authorize(id, waiting));
        assertThat(page.screen()).as(page.body()).isEqualTo("consent");
        // an unsigned registration of the same kind waits
        String unsigned = ok(register(null)).get("client_id").asString();
        ok(atrium.mgmt("PATCH", "/clients/" + unsigned, "{\"organization_usage\":\"allow\"}"));
        assertThat(signIn(new TestBrowser(atrium.baseUrl()), authorize(unsigned, waiting)).status()).isEqualTo(403);
    }
}
