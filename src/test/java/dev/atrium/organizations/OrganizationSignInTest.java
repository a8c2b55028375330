package dev.atrium.organizations;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organization-aware sign-in end to end over HTTP (organizations.md F1–F7): every login mode, the
 * membership rules, invitations, and what the tokens say. A user belongs to two organizations with a
 * different role in each; a third user belongs to none.
 */
class OrganizationSignInTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static final String CALLBACK = "https://b2b.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static String api;
    static String connectionId;
    static String acme;
    static String globex;
    static String both;
    static String bothId;
    static String outsider;
    static String outsiderId;
    static String readerRole;
    static String writerRole;
    static String n;

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.body().isEmpty() ? null : r.json();
    }

    @BeforeAll
    static void tenant() {
        n = Long.toString(System.nanoTime(), 36);
        api = "https://projects-" + n + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Projects\",\"enforce_policies\":true,"
                + "\"token_dialect\":\"access_token_authz\",\"skip_consent_for_verifiable_first_party_clients\":true,"
                + "\"allow_offline_access\":true,\"scopes\":[{\"value\":\"read:projects\"},{\"value\":\"write:projects\"}]}"));
        readerRole = ok(atrium.mgmt("POST", "/roles", "{\"name\":\"reader-" + n + "\"}")).get("id").asString();
        writerRole = ok(atrium.mgmt("POST", "/roles", "{\"name\":\"writer-" + n + "\"}")).get("id").asString();
        ok(atrium.mgmt("POST", "/roles/" + readerRole + "/permissions", "{\"permissions\":[{\"resource_server_identifier\":\""
                + api + "\",\"permission_name\":\"read:projects\"}]}"));
        ok(atrium.mgmt("POST", "/roles/" + writerRole + "/permissions", "{\"permissions\":[{\"resource_server_identifier\":\""
                + api + "\",\"permission_name\":\"write:projects\"}]}"));
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        acme = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"acme-" + n + "\",\"display_name\":\"Acme\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        globex = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"globex-" + n + "\",\"display_name\":\"Globex\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\",\"assign_membership_on_login\":true}]}"))
                .get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/discovery-domains", "{\"domain\":\"acme-" + n + ".example\",\"status\":\"verified\"}"));
        both = "both-" + n + "@acme-" + n + ".example";
        bothId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + both
                + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        outsider = "outsider-" + n + "@example.com";
        outsiderId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + outsider
                + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + bothId + "\"]}"));
        ok(atrium.mgmt("POST", "/organizations/" + globex + "/members", "{\"members\":[\"" + bothId + "\"]}"));
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members/" + TestAtrium.enc(bothId) + "/roles", "{\"roles\":[\"" + readerRole + "\"]}"));
        ok(atrium.mgmt("POST", "/organizations/" + globex + "/members/" + TestAtrium.enc(bothId) + "/roles", "{\"roles\":[\"" + writerRole + "\"]}"));
    }

    /** A first-party web application with the given organization settings. */
    static String[] app(String usage, String behavior, String extra) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"B2B " + usage + " " + behavior + " " + System.nanoTime()
                + "\",\"app_type\":\"regular_web\",\"oidc_conformant\":true,\"callbacks\":[\"" + CALLBACK + "\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"organization_usage\":\"" + usage + "\","
                + "\"organization_require_behavior\":\"" + behavior + "\"" + extra + "}"));
        String id = c.get("client_id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + id + "\",\"status\":true}]").status()).isEqualTo(204);
        return new String[]{id, c.get("client_secret").asString()};
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=" + TestAtrium.enc("openid profile offline_access read:projects write:projects")
                + "&audience=" + TestAtrium.enc(api) + "&state=st" + extra;
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static TestBrowser.Page login(TestBrowser b, TestBrowser.Page page, String email) {
        assertThat(page.screen()).isIn("login", "accept-invitation");
        return b.follow(b.submit(page, "form", Map.of("username", email, "password", PASSWORD)));
    }

    static JsonNode exchange(String[] app, String location) {
        String code = query(location).get("code");
        var r = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code) + "&redirect_uri="
                + TestAtrium.enc(CALLBACK) + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getClaims();
    }

    @Test
    void F1_O83_O92_organizationByIdGivesOrgIdAndOnlyThatOrganizationsPermissions() throws Exception {
        String[] app = app("require", "no_prompt", "");
        for (String[] org : new String[][]{{acme, "read:projects"}, {globex, "write:projects"}}) {
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + org[0]));
            TestBrowser.Page back = login(b, page, both);
            assertThat(back.location()).startsWith(CALLBACK);
            JsonNode tokens = exchange(app, back.location());
            Map<String, Object> at = claims(tokens.get("access_token").asString());
            assertThat(at.get("org_id")).isEqualTo(org[0]);
            assertThat(at).doesNotContainKey("org_name");
            assertThat((List<Object>) at.get("permissions")).containsExactly(org[1]);
            assertThat(claims(tokens.get("id_token").asString()).get("org_id")).isEqualTo(org[0]);
        }
    }

    @Test
    void O62_nonMemberWithoutAutoMembershipIsRefused() {
        String[] app = app("require", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "&organization=" + acme)), outsider);
        assertThat(back.status()).isEqualTo(302);
        assertThat(query(back.location())).containsEntry("error", "access_denied")
                .containsEntry("error_description", "user " + outsiderId + " is not a member of organization " + acme);
    }

    @Test
    void O61_autoMembershipJoinsTheOrganization() {
        String user = "jit-" + n + "@example.com";
        String userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + user
                + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        String[] app = app("allow", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "&organization=" + globex)), user);
        assertThat(query(back.location())).containsKey("code");
        JsonNode orgs = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(userId) + "/organizations", null));
        assertThat(orgs.toString()).contains(globex);
    }

    @Test
    void O22_E1_organizationSentToADenyClient() {
        String[] app = app("deny", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = b.open(authorize(app[0], "&organization=" + acme));
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "parameter organization is not allowed for this client");
    }

    @Test
    void O24_E2_requireClientWithoutOrganizationAndNoPrompt() {
        String[] app = app("require", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "")), both);
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "parameter organization is required for this client");
    }

    @Test
    void O28_E3_unknownOrganization() {
        String[] app = app("require", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = b.open(authorize(app[0], "&organization=org_doesnotexist1234"));
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "parameter organization is invalid: org_doesnotexist1234");
    }

    @Test
    void O38_F3_preLoginPromptByOrganizationName() throws Exception {
        String[] app = app("require", "pre_login_prompt", ",\"organization_discovery_methods\":[\"organization_name\"]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app[0], ""));
        assertThat(page.screen()).isEqualTo("organization-selection");
        TestBrowser.Page wrong = b.submit(page, "form", Map.of("organization", "no-such-org"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("The organization you entered is invalid");
        page = b.follow(b.submit(wrong, "form", Map.of("organization", "globex-" + n)));
        TestBrowser.Page back = login(b, page, both);
        assertThat(claims(exchange(app, back.location()).get("access_token").asString()).get("org_id")).isEqualTo(globex);
    }

    @Test
    void O39_F3_preLoginPromptByEmailThroughAVerifiedDomain() throws Exception {
        String[] app = app("require", "pre_login_prompt", ",\"organization_discovery_methods\":[\"email\"]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app[0], ""));
        assertThat(page.screen()).isEqualTo("organization-selection");
        TestBrowser.Page none = b.submit(page, "form", Map.of("organization", "someone@unknown-" + n + ".example"));
        assertThat(none.status()).isEqualTo(400);
        page = b.follow(b.submit(none, "form", Map.of("organization", both)));
        TestBrowser.Page back = login(b, page, both);
        assertThat(claims(exchange(app, back.location()).get("access_token").asString()).get("org_id")).isEqualTo(acme);
    }

    @Test
    void O47_F4_postLoginPickerListsTheUsersOrganizations() throws Exception {
        String[] app = app("require", "post_login_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), both);
        assertThat(picker.screen()).isEqualTo("organization-picker");
        assertThat(picker.doc().select("button[name=organization]").eachAttr("value")).containsExactlyInAnyOrder(acme, globex);
        TestBrowser.Page back = b.follow(b.post(picker.doc().selectFirst("form").absUrl("action"), Map.of(
                "_csrf", picker.doc().selectFirst("input[name=_csrf]").attr("value"),
                "state", picker.doc().selectFirst("input[name=state]").attr("value"),
                "organization", globex)));
        assertThat(claims(exchange(app, back.location()).get("access_token").asString()).get("org_id")).isEqualTo(globex);
    }

    @Test
    void O52_E16_pickerRefusesAnOrganizationTheUserIsNotIn() {
        String[] app = app("require", "post_login_prompt", "");
        String other = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"other-" + n + "\"}")).get("id").asString();
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), both);
        TestBrowser.Page refused = b.post(picker.doc().selectFirst("form").absUrl("action"), Map.of(
                "_csrf", picker.doc().selectFirst("input[name=_csrf]").attr("value"),
                "state", picker.doc().selectFirst("input[name=state]").attr("value"),
                "organization", other));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.doc().selectFirst("[data-error]").attr("data-error")).isEqualTo("access_denied");
    }

    @Test
    void O51_E10_postLoginPromptWithoutAnyMembership() {
        String[] app = app("require", "post_login_prompt", "");
        // the outsider has no membership, and two organizations... only globex assigns membership: O50 joins it
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        String loner = "loner-" + n + "@example.com";
        ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + loner
                + "\",\"password\":\"" + PASSWORD + "\"}"));
        String extraAuto = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"auto2-" + n + "\",\"enabled_connections\":[{"
                + "\"connection_id\":\"" + connectionId + "\",\"assign_membership_on_login\":true}]}")).get("id").asString();
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "")), loner);
        assertThat(query(back.location())).containsEntry("error", "access_denied").containsEntry("error_description",
                "client requires organization membership, but user is not a member of any organization");
        assertThat(atrium.mgmt("DELETE", "/organizations/" + extraAuto, null).status()).isEqualTo(204);
    }

    @Test
    void O77_F6_invitationMakesTheInviteeAMemberWithTheInvitedRoles() throws Exception {
        String[] app = app("require", "no_prompt", ",\"initiate_login_uri\":\"https://b2b.example.com/login\"");
        String invitee = "invitee-" + n + "@example.com";
        String inviteeId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + invitee + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + acme + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + invitee + "\"},\"client_id\":\"" + app[0] + "\",\"roles\":[\"" + writerRole + "\"]}"));
        String ticket = query(inv.get("invitation_url").asString()).get("invitation");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket));
        assertThat(page.screen()).isEqualTo("accept-invitation");
        TestBrowser.Page back = login(b, page, invitee);
        Map<String, Object> at = claims(exchange(app, back.location()).get("access_token").asString());
        assertThat(at.get("org_id")).isEqualTo(acme);
        assertThat((List<Object>) at.get("permissions")).containsExactly("write:projects");
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(inviteeId), null)).get("email_verified").asBoolean()).isTrue();
        // O79: an accepted ticket cannot be used again
        TestBrowser again = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page reused = again.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket));
        assertThat(query(reused.location())).containsEntry("error", "invalid_request");
    }

    @Test
    void O75_E15_invitationAcceptedOnlyWithTheInvitedEmail() {
        String[] app = app("require", "no_prompt", ",\"initiate_login_uri\":\"https://b2b.example.com/login\"");
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + acme + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"someone-else-" + n + "@example.com\"},\"client_id\":\"" + app[0] + "\"}"));
        String ticket = query(inv.get("invitation_url").asString()).get("invitation");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket)), outsider);
        assertThat(query(back.location())).containsEntry("error", "access_denied")
                .containsEntry("error_description", "invitation email does not match the authenticated user");
    }

    @Test
    void O84_organizationNameInTokensUnderTheTenantFlag() throws Exception {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":true}"));
        try {
            String[] app = app("require", "no_prompt", "");
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page back = login(b, b.open(authorize(app[0], "&organization=acme-" + n)), both);
            Map<String, Object> at = claims(exchange(app, back.location()).get("access_token").asString());
            assertThat(at.get("org_id")).isEqualTo(acme);
            assertThat(at.get("org_name")).isEqualTo("acme-" + n);
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":false}"));
        }
    }

    @Test
    void refreshTokenStopsWorkingWhenTheMembershipIsGone() {
        String user = "leaver-" + n + "@example.com";
        String userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + user
                + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + userId + "\"]}"));
        String[] app = app("require", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "&organization=" + acme)), user);
        String refresh = exchange(app, back.location()).get("refresh_token").asString();
        var first = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(refresh)
                + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(atrium.mgmt("DELETE", "/organizations/" + acme + "/members", "{\"members\":[\"" + userId + "\"]}").status()).isEqualTo(204);
        var after = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(refresh)
                + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.json().get("error").asString()).isEqualTo("invalid_grant");
    }
}
