package dev.atrium.logs;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 point 1, the event types {@code TenantLogsTest} does not cause, each over HTTP after the action
 * that causes it: consent given and refused, a failed logout ({@code flo}), invitations created and
 * deleted, a refused dynamic registration, a user blocked by an administrator, a refused password change
 * ({@code fcp}).
 */
class LogEventTypesTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String VERIFIER = "consent-log-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    @Test
    void consentGivenAndRefusedAreLoggedForTheUserAndTheApplication() {
        // a strict third-party application: a domain-level connection and a client grant for the API
        SignInFixture.ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        SignInFixture.ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
        JsonNode partner = SignInFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Consent Partner " + System.nanoTime()
                + "\",\"is_first_party\":false,\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + SignInFixture.WEB_CALLBACK + "\"],\"grant_types\":[\"authorization_code\"]}"));
        String id = partner.get("client_id").asString();
        String url = "/authorize?response_type=code&client_id=" + id + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK)
                + "&scope=" + enc("openid read:orders") + "&audience=" + enc(f.api) + "&state=c-1"
                + "&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256";

        TestBrowser refusing = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = refusing.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        page = refusing.follow(refusing.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(page.screen()).as(page.body()).isEqualTo("consent");
        TestBrowser.Page denied = refusing.submit(page, "form", Map.of("action", "deny"));
        // a strict third-party application's refusal ends on Atrium's page (as ThirdPartyFlowTest shows)
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.doc().select("[data-error]").attr("data-error")).isEqualTo("access_denied");
        JsonNode refused = TestLogs.await(atrium, "type:consent_refused AND client_id:" + id, e -> true);
        assertThat(refused.get("user_id").asString()).isEqualTo(f.userId);

        TestBrowser giving = new TestBrowser(atrium.baseUrl());
        page = giving.open(url);
        page = giving.follow(giving.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(page.screen()).as(page.body()).isEqualTo("consent");
        TestBrowser.Page accepted = giving.follow(giving.submit(page, "form", Map.of("action", "accept")));
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(accepted.location()).contains("code=");
        JsonNode given = TestLogs.await(atrium, "type:consent_given AND client_id:" + id, e -> true);
        assertThat(given.get("user_id").asString()).isEqualTo(f.userId);
    }

    @Test
    void aRefusedLogoutIsLoggedAsFlo() {
        TestBrowser.Page out = new TestBrowser(atrium.baseUrl()).get("/oidc/logout?client_id=no-such-client-" + System.nanoTime());
        assertThat(out.status()).isBetween(400, 499);
        JsonNode flo = TestLogs.await(atrium, "type:flo", e -> e.path("description").asString().contains("Unknown client"));
        assertThat(flo.get("category").asString()).isEqualTo("auth.logout.fail");
    }

    @Test
    void invitationsCreatedAndDeletedAreLoggedWithTheirOrganization() {
        String org = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"inv-logs-" + System.nanoTime() + "\"}"))
                .get("id").asString();
        JsonNode app = f.webClient("Inviting App " + System.nanoTime(), ",\"initiate_login_uri\":\"https://app.example.com/login\"");
        JsonNode inv = SignInFixture.ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"invited-" + System.nanoTime() + "@example.com\"},\"client_id\":\""
                + app.get("client_id").asString() + "\"}"));
        JsonNode created = TestLogs.await(atrium, "type:organization_invitation_created AND organization_id:" + org, e -> true);
        assertThat(created.get("category").asString()).isEqualTo("management.success");
        assertThat(atrium.mgmt("DELETE", "/organizations/" + org + "/invitations/" + inv.get("id").asString(), null).status())
                .isBetween(200, 204);
        TestLogs.await(atrium, "type:organization_invitation_deleted AND organization_id:" + org, e -> true);
    }

    @Test
    void aRefusedDynamicRegistrationIsLogged() {
        SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        var r = atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"No Redirects\",\"redirect_uris\":[\"not a url\"]}")).build());
        assertThat(r.status()).isEqualTo(400);
        JsonNode failed = TestLogs.await(atrium, "type:client_registration_failed", e -> true);
        assertThat(failed.get("description").asString()).isNotBlank();
    }

    @Test
    void anAdministratorsBlockAndARefusedPasswordChangeAreLogged() {
        String email = "blocked-" + System.nanoTime() + "@example.com";
        String userId = SignInFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}")).get("user_id").asString();
        assertThat(atrium.mgmt("PATCH", "/users/" + enc(userId), "{\"password\":\"short\"}").status()).isEqualTo(400);
        JsonNode fcp = TestLogs.await(atrium, "type:fcp AND user_id:\"" + userId + "\"", e -> true);
        assertThat(fcp.get("details").get("reason").asString()).isEqualTo("password_policy");
        SignInFixture.ok(atrium.mgmt("PATCH", "/users/" + enc(userId), "{\"blocked\":true}"));
        JsonNode blocked = TestLogs.await(atrium, "type:user_blocked AND user_id:\"" + userId + "\"", e -> true);
        assertThat(blocked.get("user_name").asString()).isEqualTo(email);
    }
}
