package dev.atrium.organizations;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.support.TestClock;
import dev.atrium.support.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    /** Moves only when a test advances it: invitation expiry and the join order of memberships. */
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);

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
        // O63: the tenant log says how the user became a member
        JsonNode added = TestLogs.await(atrium, "type:organization_member_added AND organization_id:" + globex,
                e -> userId.equals(e.path("user_id").asString()));
        assertThat(added.path("details").path("reason").asString()).isEqualTo("auto_membership");
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
        // no login page: straight back to the callback, with the state
        TestBrowser.Page back = b.open(authorize(app[0], ""));
        assertThat(back.status()).isEqualTo(302);
        assertThat(query(back.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "parameter organization is required for this client")
                .containsEntry("state", "st");
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
        // E13: the prompt stays, with a message the person can act on
        assertThat(none.screen()).isEqualTo("organization-selection");
        assertThat(none.doc().selectFirst("[role=alert]").text()).isEqualTo("We could not find an organization for this email address.");
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
    void O47_thePickerListsTheFirstTwentyOrganizationsJoinedInJoinOrder() {
        String userId = newUser("joiner21");
        List<String> joined = new ArrayList<>();
        try {
            // names sort in the reverse of the join order, so an alphabetical list would show the wrong twenty
            for (int i = 0; i < 21; i++) {
                String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"pick-" + (50 - i) + "-" + n + "\"}")).get("id").asString();
                joined.add(org);
                clock.advance(Duration.ofSeconds(1));
                ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + userId + "\"]}"));
            }
            String[] app = app("require", "post_login_prompt", "");
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), "joiner21-" + n + "@example.com");
            assertThat(picker.screen()).isEqualTo("organization-picker");
            assertThat(picker.doc().select("button[name=organization]").eachAttr("value")).containsExactlyElementsOf(joined.subList(0, 20));
        } finally {
            joined.forEach(org -> atrium.mgmt("DELETE", "/organizations/" + org, null));
        }
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
        // O77's log: the acceptance (si) and the membership it made (reason invitation); the reuse refused (fi), no ticket in it
        JsonNode accepted = TestLogs.await(atrium, "type:si AND client_id:" + app[0], e -> inviteeId.equals(e.path("user_id").asString()));
        assertThat(accepted.path("organization_id").asString()).isEqualTo(acme);
        assertThat(accepted.path("details").path("invitation_id").asString()).isEqualTo(inv.get("id").asString());
        JsonNode added = TestLogs.await(atrium, "type:organization_member_added AND organization_id:" + acme,
                e -> inviteeId.equals(e.path("user_id").asString()));
        assertThat(added.path("details").path("reason").asString()).isEqualTo("invitation");
        JsonNode refused = TestLogs.await(atrium, "type:fi AND client_id:" + app[0], e -> true);
        assertThat(refused.path("organization_id").asString()).isEqualTo(acme);
        assertThat(refused.path("description").asString()).isEqualTo("invitation not found or expired");
        assertThat(refused.path("details").path("reason").asString()).isEqualTo("invitation_invalid");
        assertThat(refused.toString()).doesNotContain(ticket);
        assertThat(TestLogs.all(atrium, "type:si AND client_id:" + app[0])).hasSize(1);
    }

    @Test
    void O75_E15_invitationAcceptedOnlyWithTheInvitedEmail() {
        String[] app = app("require", "no_prompt", ",\"initiate_login_uri\":\"https://b2b.example.com/login\"");
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + acme + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"someone-else-" + n + "@example.com\"},\"client_id\":\"" + app[0] + "\"}"));
        String ticket = query(inv.get("invitation_url").asString()).get("invitation");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        // the invitee has no account, so the sign-up form comes first; its "Log in" link leads to the login form
        TestBrowser.Page signup = b.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket));
        TestBrowser.Page back = login(b, b.get(signup.doc().selectFirst("a[href^=/u/login]").attr("href")), outsider);
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

    /**
     * O34's [Doc] part: no organization token comes from the password or device-code grants. Atrium implements neither,
     * so the answer is RFC 6749's {@code unsupported_grant_type} whatever the client's organization settings, not the
     * per-usage errors the rule proposes for a server that has those grants.
     */
    @Test
    void O34_passwordAndDeviceCodeGrantsGiveNoOrganizationTokens() {
        String[] app = app("require", "no_prompt", "");
        String secret = "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]);
        for (String grant : List.of("grant_type=password&username=" + TestAtrium.enc(both) + "&password=" + TestAtrium.enc(PASSWORD)
                        + "&audience=" + TestAtrium.enc(api),
                "grant_type=" + TestAtrium.enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code=abc")) {
            for (String org : List.of("", "&organization=" + acme)) {
                var r = atrium.postForm("/oauth/token", grant + org + secret);
                assertThat(r.status()).as(r.toString()).isEqualTo(400);
                assertThat(r.json().get("error").asString()).isEqualTo("unsupported_grant_type");
                assertThat(r.json().has("access_token")).isFalse();
            }
        }
        var device = atrium.postForm("/oauth/device/code", "client_id=" + app[0] + "&organization=" + acme);
        assertThat(device.status()).as(device.toString()).isEqualTo(404);
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

    // ---- every login mode for the two-organization user, and the rules around them

    static String newUser(String prefix) {
        return ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"" + prefix + "-" + n
                + "@example.com\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
    }

    static TestBrowser.Page pick(TestBrowser b, TestBrowser.Page picker, String field, String value) {
        return b.follow(b.post(picker.doc().selectFirst("form").absUrl("action"), Map.of(
                "_csrf", picker.doc().selectFirst("input[name=_csrf]").attr("value"),
                "state", picker.doc().selectFirst("input[name=state]").attr("value"), field, value)));
    }

    static void withNamesAllowed(Runnable body) {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":true}"));
        try {
            body.run();
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":false}"));
        }
    }

    static Map<String, Object> accessToken(String[] app, String location) {
        try {
            return claims(exchange(app, location).get("access_token").asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void O30_O84_F2_organizationByNameForBothOrganizationsOnlyUnderTheTenantFlag() {
        String[] app = app("require", "no_prompt", "");
        TestBrowser off = new TestBrowser(atrium.baseUrl());
        assertThat(query(off.open(authorize(app[0], "&organization=globex-" + n)).location()))
                .containsEntry("error", "invalid_request").containsEntry("error_description", "parameter organization is invalid: globex-" + n);
        withNamesAllowed(() -> {
            for (String[] org : new String[][]{{acme, "acme-" + n, "read:projects"}, {globex, "globex-" + n, "write:projects"}}) {
                TestBrowser b = new TestBrowser(atrium.baseUrl());
                Map<String, Object> at = accessToken(app, login(b, b.open(authorize(app[0], "&organization=" + org[1])), both).location());
                assertThat(at).containsEntry("org_id", org[0]).containsEntry("org_name", org[1]);
                assertThat((List<Object>) at.get("permissions")).containsExactly(org[2]);
            }
        });
    }

    @Test
    void O12_O29_displayNamesAndOtherCasesOfAnIdAreNotOrganizations() {
        String[] app = app("require", "no_prompt", "");
        withNamesAllowed(() -> {
            for (String value : new String[]{"Acme", acme.toUpperCase(java.util.Locale.ROOT), "ACME-" + n}) {
                TestBrowser b = new TestBrowser(atrium.baseUrl());
                assertThat(query(b.open(authorize(app[0], "&organization=" + TestAtrium.enc(value))).location()))
                        .containsEntry("error_description", "parameter organization is invalid: " + value);
            }
        });
    }

    @Test
    void O39_F3_severalOrganizationsSharingAVerifiedDomainOfferAChoice() {
        String shared = "shared-" + n + ".example";
        String domainA = ok(atrium.mgmt("POST", "/organizations/" + acme + "/discovery-domains", "{\"domain\":\"" + shared
                + "\",\"status\":\"verified\"}")).get("id").asString();
        String domainG = ok(atrium.mgmt("POST", "/organizations/" + globex + "/discovery-domains", "{\"domain\":\"" + shared
                + "\",\"status\":\"verified\"}")).get("id").asString();
        try {
            String[] app = app("require", "pre_login_prompt", "");
            for (String org : List.of(acme, globex)) {
                TestBrowser b = new TestBrowser(atrium.baseUrl());
                TestBrowser.Page choice = b.submit(b.open(authorize(app[0], "")), "form", Map.of("organization", "x@" + shared));
                assertThat(choice.screen()).isEqualTo("organization-selection");
                assertThat(choice.doc().select("button[name=organization_id]").eachAttr("value")).containsExactlyInAnyOrder(acme, globex);
                TestBrowser.Page page = b.follow(b.submit(choice, "form", Map.of("organization_id", org)));
                assertThat(accessToken(app, login(b, page, both).location())).containsEntry("org_id", org);
            }
        } finally {
            atrium.mgmt("DELETE", "/organizations/" + acme + "/discovery-domains/" + domainA, null);
            atrium.mgmt("DELETE", "/organizations/" + globex + "/discovery-domains/" + domainG, null);
        }
    }

    @Test
    void O127_O128_E13_pendingAndNonDiscoveryDomainsNeverRoute() {
        ok(atrium.mgmt("POST", "/organizations/" + globex + "/discovery-domains", "{\"domain\":\"pending-" + n + ".example\"}"));
        ok(atrium.mgmt("POST", "/organizations/" + globex + "/discovery-domains", "{\"domain\":\"hidden-" + n
                + ".example\",\"status\":\"verified\",\"use_for_organization_discovery\":false}"));
        String[] app = app("require", "pre_login_prompt", ",\"organization_discovery_methods\":[\"email\"]");
        for (String email : List.of("a@pending-" + n + ".example", "a@hidden-" + n + ".example")) {
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page none = b.submit(b.open(authorize(app[0], "")), "form", Map.of("organization", email));
            assertThat(none.status()).isEqualTo(400);
            assertThat(none.screen()).isEqualTo("organization-selection");
            assertThat(none.doc().select("[role=alert]")).hasSize(1);
        }
    }

    @Test
    void O16_O40_bothDiscoveryMethodsAcceptAnEmailOrANameAndTheDefaultIsEmail() {
        String[] both2 = app("require", "pre_login_prompt", ",\"organization_discovery_methods\":[\"email\",\"organization_name\"]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.follow(b.submit(b.open(authorize(both2[0], "")), "form", Map.of("organization", "globex-" + n)));
        assertThat(accessToken(both2, login(b, page, both).location())).containsEntry("org_id", globex);
        b = new TestBrowser(atrium.baseUrl());
        page = b.follow(b.submit(b.open(authorize(both2[0], "")), "form", Map.of("organization", both)));
        assertThat(accessToken(both2, login(b, page, both).location())).containsEntry("org_id", acme);
        // without organization_discovery_methods the prompt asks for an email and a name is not an organization
        String[] byDefault = app("require", "pre_login_prompt", "");
        b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page prompt = b.open(authorize(byDefault[0], ""));
        assertThat(prompt.doc().selectFirst("input[name=organization]").attr("type")).isEqualTo("email");
        assertThat(b.submit(prompt, "form", Map.of("organization", "globex-" + n)).status()).isEqualTo(400);
    }

    @Test
    void O42_O85_allowClientOffersAPersonalAccountBeforeTheOrganizationPrompt() {
        String[] app = app("allow", "pre_login_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page prompt = b.open(authorize(app[0], ""));
        assertThat(prompt.doc().select("button[value=personal]")).hasSize(1);
        TestBrowser.Page page = b.follow(b.submit(prompt, "form:has(button[value=personal])", Map.of("action", "personal")));
        assertThat(page.screen()).isEqualTo("login");
        Map<String, Object> at = accessToken(app, login(b, page, both).location());
        assertThat(at).doesNotContainKeys("org_id", "org_name");
        // O42: a require client offers only the organization prompt
        String[] req = app("require", "pre_login_prompt", "");
        assertThat(new TestBrowser(atrium.baseUrl()).open(authorize(req[0], "")).doc().select("button[value=personal]")).isEmpty();
    }

    @Test
    void O48_O93_pickerOffersAPersonalAccountToAllowClientsAndItCarriesOnlyTenantRoles() {
        String[] app = app("allow", "post_login_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), both);
        assertThat(picker.screen()).isEqualTo("organization-picker");
        assertThat(picker.doc().select("button[value=personal]")).hasSize(1);
        Map<String, Object> at = accessToken(app, pick(b, picker, "action", "personal").location());
        assertThat(at).doesNotContainKeys("org_id", "org_name");
        // O93: outside organizations, the member roles of acme and globex give nothing
        assertThat((List<Object>) at.getOrDefault("permissions", List.of())).isEmpty();
        String[] req = app("require", "post_login_prompt", "");
        TestBrowser r = new TestBrowser(atrium.baseUrl());
        assertThat(login(r, r.open(authorize(req[0], "")), both).doc().select("button[value=personal]")).isEmpty();
    }

    @Test
    void O49_aSingleMembershipSkipsThePicker_O26_andAnOrganizationParameterSkipsItForEveryone() {
        String single = newUser("single");
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + single + "\"]}"));
        String[] app = app("require", "post_login_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = login(b, b.open(authorize(app[0], "")), "single-" + n + "@example.com");
        assertThat(back.location()).startsWith(CALLBACK);
        assertThat(accessToken(app, back.location())).containsEntry("org_id", acme);
        b = new TestBrowser(atrium.baseUrl());
        back = login(b, b.open(authorize(app[0], "&organization=" + globex)), both);
        assertThat(back.location()).startsWith(CALLBACK);
        assertThat(accessToken(app, back.location())).containsEntry("org_id", globex);
    }

    @Test
    void O94_rolesGivenToTheUserDirectlyDoNotCountInsideAnOrganization() {
        String userId = newUser("direct");
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + userId + "\"]}"));
        ok(atrium.mgmt("POST", "/users/" + TestAtrium.enc(userId) + "/roles", "{\"roles\":[\"" + writerRole + "\"]}"));
        String[] app = app("allow", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        Map<String, Object> inOrg = accessToken(app, login(b, b.open(authorize(app[0], "&organization=" + acme)),
                "direct-" + n + "@example.com").location());
        assertThat((List<Object>) inOrg.getOrDefault("permissions", List.of())).isEmpty();
        b = new TestBrowser(atrium.baseUrl());
        Map<String, Object> personal = accessToken(app, login(b, b.open(authorize(app[0], "")), "direct-" + n + "@example.com").location());
        assertThat((List<Object>) personal.get("permissions")).containsExactly("write:projects");
    }

    @Test
    void O32_O33_theSessionIsHonouredAfterThePromptButTheOrganizationIsNotRemembered() {
        String[] app = app("require", "pre_login_prompt", ",\"organization_discovery_methods\":[\"organization_name\"]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.follow(b.submit(b.open(authorize(app[0], "")), "form", Map.of("organization", "acme-" + n)));
        assertThat(accessToken(app, login(b, page, both).location())).containsEntry("org_id", acme);
        // O32: the next request without organization asks again, although the session is alive
        TestBrowser.Page again = b.open(authorize(app[0], ""));
        assertThat(again.screen()).isEqualTo("organization-selection");
        // O33: once the organization is known, the session signs the user in without credentials
        TestBrowser.Page back = b.follow(b.submit(again, "form", Map.of("organization", "globex-" + n)));
        assertThat(back.location()).startsWith(CALLBACK);
        assertThat(accessToken(app, back.location())).containsEntry("org_id", globex);
    }

    @Test
    void O53_O57_E8_onlyTheOrganizationsConnectionsAreOfferedAndAccepted() {
        String other = "Other-DB-" + n;
        String otherId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + other + "\",\"strategy\":\"auth0\"}")).get("id").asString();
        String[] app = app("allow", "no_prompt", "");
        assertThat(atrium.mgmt("PATCH", "/connections/" + otherId + "/clients",
                "[{\"client_id\":\"" + app[0] + "\",\"status\":true}]").status()).isEqualTo(204);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        // without an organization the application's two connections are usable, and neither is named on the page
        TestBrowser.Page personal = b.open(authorize(app[0], ""));
        assertThat(personal.doc().select("select[name=connection], input[name=connection]")).isEmpty();
        assertThat(personal.body()).doesNotContain(other).doesNotContain("Username-Password-Authentication");
        // in acme only acme's connection, not named either
        TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + acme));
        assertThat(page.doc().select("select[name=connection], input[name=connection]")).isEmpty();
        // E8: a connection the organization has not enabled
        assertThat(query(b.open(authorize(app[0], "&organization=" + acme + "&connection=" + other)).location()))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "the connection is not enabled for the organization");
        // a login form posted for that connection anyway is not accepted
        TestBrowser.Page forged = b.submit(page, "form", Map.of("connection", other, "username", both, "password", PASSWORD));
        assertThat(forged.status()).isEqualTo(400);
    }

    @Test
    void O54_aSwitchedOffOrganizationConnectionIsNotUsable() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"off-" + n + "\"}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/connections", "{\"connection_id\":\"" + connectionId + "\",\"is_enabled\":false}"));
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + bothId + "\"]}"));
        try {
            String[] app = app("require", "no_prompt", "");
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            assertThat(query(b.open(authorize(app[0], "&organization=" + org + "&connection=Username-Password-Authentication")).location()))
                    .containsEntry("error_description", "the connection is not enabled for the organization");
            TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + org));
            assertThat(page.doc().select("input[name=connection], select[name=connection]")).isEmpty();
        } finally {
            ok(atrium.mgmt("DELETE", "/organizations/" + org, null));
        }
    }

    @Test
    void O58_O64_O65_O78_organizationSignUpCreatesTheUserAndTheMembership() {
        String closed = "Closed-DB-" + n;
        String closedId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + closed
                + "\",\"strategy\":\"auth0\",\"options\":{\"disable_signup\":true}}")).get("id").asString();
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"signup-" + n + "\",\"enabled_connections\":[{"
                + "\"connection_id\":\"" + closedId + "\",\"assign_membership_on_login\":true,\"is_signup_enabled\":true}]}"))
                .get("id").asString();
        String[] app = app("require", "no_prompt", "");
        // O58: no sign-up link where is_signup_enabled is off (acme), a link where it is on, even if the connection refuses sign-ups
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(b.open(authorize(app[0], "&organization=" + acme)).doc().select("a[href^=/u/signup]")).isEmpty();
        TestBrowser.Page login = b.open(authorize(app[0], "&organization=" + org));
        assertThat(login.doc().select("a[href^=/u/signup]")).hasSize(1);
        TestBrowser.Page signup = b.get(login.doc().selectFirst("a[href^=/u/signup]").attr("href"));
        assertThat(signup.screen()).isEqualTo("signup");
        String email = "joiner-" + n + "@example.com";
        TestBrowser.Page back = b.follow(b.submit(signup, "form", Map.of("email", email, "password", PASSWORD)));
        assertThat(accessToken(app, back.location())).containsEntry("org_id", org);
        JsonNode user = ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(email), null)).get(0);
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(user.get("user_id").asString()) + "/organizations", null))
                .toString()).contains(org);
        // the connection's own switch still applies outside the organization
        String[] personal = app("allow", "no_prompt", "");
        assertThat(atrium.mgmt("PATCH", "/connections/" + closedId + "/clients",
                "[{\"client_id\":\"" + personal[0] + "\",\"status\":true}]").status()).isEqualTo(204);
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + personal[0] + "\",\"status\":false}]").status()).isEqualTo(204);
        TestBrowser p = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page plain = p.open(authorize(personal[0], "&connection=" + closed));
        assertThat(plain.doc().select("a[href^=/u/signup]")).isEmpty();
    }

    @Test
    void O108_E11_perApplicationAccessBlocksAnApplicationThatIsNotEntitled() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"entitled-" + n + "\",\"is_app_entitlement_active\":true,"
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + bothId + "\"]}"));
        try {
            entitlement(org);
        } finally {
            ok(atrium.mgmt("DELETE", "/organizations/" + org, null));
        }
    }

    private static void entitlement(String org) {
        String[] blocked = app("require", "no_prompt", "");
        String[] entitled = app("require", "no_prompt", "");
        ok(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[{\"client_id\":\"" + entitled[0]
                + "\",\"use_for_member_access\":true}]}"));
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(query(login(b, b.open(authorize(blocked[0], "&organization=" + org)), both).location()))
                .containsEntry("error", "access_denied")
                .containsEntry("error_description", "the application is not authorized for organization " + org);
        b = new TestBrowser(atrium.baseUrl());
        assertThat(accessToken(entitled, login(b, b.open(authorize(entitled[0], "&organization=" + org)), both).location()))
                .containsEntry("org_id", org);
        // O106: other organizations are unaffected
        b = new TestBrowser(atrium.baseUrl());
        assertThat(accessToken(blocked, login(b, b.open(authorize(blocked[0], "&organization=" + acme)), both).location()))
                .containsEntry("org_id", acme);
    }

    // ---- invitations

    static String invite(String org, String[] app, String email, String extra) {
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + email + "\"},\"client_id\":\"" + app[0] + "\"" + extra + "}"));
        return query(inv.get("invitation_url").asString()).get("invitation");
    }

    static final String LOGIN_ROUTE = ",\"initiate_login_uri\":\"https://b2b.example.com/login\"";

    @Test
    void O79_E14_invitationWithoutOrganizationForAnotherOrganizationOrUnknownIsRefused() {
        String[] app = app("require", "no_prompt", LOGIN_ROUTE);
        String ticket = invite(acme, app, "wrong-org-" + n + "@example.com", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(query(b.open(authorize(app[0], "&invitation=" + ticket)).location()))
                .containsEntry("error", "invalid_request").containsEntry("error_description", "parameter organization is required with invitation");
        assertThat(query(b.open(authorize(app[0], "&organization=" + globex + "&invitation=" + ticket)).location()))
                .containsEntry("error", "invalid_request").containsEntry("error_description", "invitation not found or expired");
        assertThat(query(b.open(authorize(app[0], "&organization=" + acme + "&invitation=nosuchticket")).location()))
                .containsEntry("error", "invalid_request").containsEntry("error_description", "invitation not found or expired");
    }

    @Test
    void O79_O81_E14_anExpiredInvitationIsRefusedAtAuthorize() {
        String[] app = app("require", "no_prompt", LOGIN_ROUTE);
        String ticket = invite(acme, app, "late-" + n + "@example.com", ",\"ttl_sec\":60");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        // within its ttl the invitation opens the acceptance page
        assertThat(b.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket)).screen()).isEqualTo("accept-invitation");
        clock.advance(Duration.ofSeconds(61));
        TestBrowser late = new TestBrowser(atrium.baseUrl());
        assertThat(query(late.open(authorize(app[0], "&organization=" + acme + "&invitation=" + ticket)).location()))
                .containsEntry("error", "invalid_request").containsEntry("error_description", "invitation not found or expired");
    }

    @Test
    void O74_anInvitationShowsTheLoginPageEvenWithASession() {
        String[] app = app("require", "no_prompt", LOGIN_ROUTE);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        login(b, b.open(authorize(app[0], "&organization=" + acme)), both);
        // the session signs the next request in silently
        assertThat(b.open(authorize(app[0], "&organization=" + acme)).location()).startsWith(CALLBACK);
        String ticket = invite(globex, app, both, "");
        TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + globex + "&invitation=" + ticket));
        assertThat(page.screen()).isEqualTo("accept-invitation");
    }

    @Test
    void O76_anInvitationWithAConnectionOffersOnlyThatConnection() {
        String second = "Invite-DB-" + n;
        String secondId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + second + "\",\"strategy\":\"auth0\"}")).get("id").asString();
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"invconn-" + n + "\",\"enabled_connections\":["
                + "{\"connection_id\":\"" + connectionId + "\"},{\"connection_id\":\"" + secondId + "\"}]}")).get("id").asString();
        String[] app = app("require", "no_prompt", LOGIN_ROUTE);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        String invitee = "conn-" + n + "@example.com";
        String ticket = invite(org, app, invitee, ",\"connection_id\":\"" + secondId + "\"");
        TestBrowser.Page page = b.open(authorize(app[0], "&organization=" + org + "&invitation=" + ticket));
        assertThat(page.screen()).isEqualTo("accept-invitation");
        assertThat(page.body()).doesNotContain(second);
        // the account is created in the invitation's connection, not in the first of the organization's
        assertThat(b.follow(b.submit(page, "form", Map.of("password", PASSWORD))).location()).contains("code=");
        assertThat(ok(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(invitee), null)).get(0)
                .get("identities").get(0).get("connection").asString()).isEqualTo(second);
        ok(atrium.mgmt("DELETE", "/organizations/" + org, null));
    }

    // ---- tokens

    @Test
    void O83_O87_Q17_refreshKeepsTheOrganizationAndRenamingDoesNotChangeIssuedTokens() {
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"before-" + n + "\",\"enabled_connections\":[{"
                + "\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + bothId + "\"]}"));
        String[] app = app("require", "no_prompt", "");
        withNamesAllowed(() -> {
            try {
                refreshAfterRename(org, app);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                ok(atrium.mgmt("DELETE", "/organizations/" + org, null));
            }
        });
    }

    private static void refreshAfterRename(String org, String[] app) throws Exception {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = exchange(app, login(b, b.open(authorize(app[0], "&organization=" + org)), both).location());
        String access = tokens.get("access_token").asString();
        ok(atrium.mgmt("PATCH", "/organizations/" + org, "{\"name\":\"after-" + n + "\"}"));
        assertThat(claims(access)).containsEntry("org_name", "before-" + n);
        var refreshed = atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token="
                + TestAtrium.enc(tokens.get("refresh_token").asString()) + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(claims(refreshed.json().get("access_token").asString())).containsEntry("org_id", org)
                .containsEntry("org_name", "before-" + n);
        assertThat(claims(refreshed.json().get("id_token").asString())).containsEntry("org_id", org);
    }

    @Test
    void O91_userinfoCarriesNoOrganizationClaims() throws Exception {
        String[] app = app("require", "no_prompt", "");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = exchange(app, login(b, b.open(authorize(app[0], "&organization=" + acme)), both).location());
        assertThat(claims(tokens.get("access_token").asString())).containsEntry("org_id", acme);
        var info = atrium.send(java.net.http.HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asString()).GET().build());
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().get("sub").asString()).isEqualTo(bothId);
        assertThat(info.json().has("org_id")).isFalse();
        assertThat(info.json().has("org_name")).isFalse();
    }

    @Test
    void O98_logoutEndsTheOneSessionWhateverTheOrganization() {
        String[] app = app("require", "no_prompt", ",\"allowed_logout_urls\":[\"https://b2b.example.com/\"]");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        login(b, b.open(authorize(app[0], "&organization=" + acme)), both);
        assertThat(b.open(authorize(app[0], "&organization=" + globex)).location()).startsWith(CALLBACK);
        TestBrowser.Page out = b.get("/v2/logout?client_id=" + app[0] + "&returnTo=" + TestAtrium.enc("https://b2b.example.com/"));
        assertThat(out.location()).isEqualTo("https://b2b.example.com/");
        for (String org : List.of(acme, globex)) {
            assertThat(b.open(authorize(app[0], "&organization=" + org)).screen()).isEqualTo("login");
        }
    }
}
