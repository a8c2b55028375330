package dev.atrium.organizations;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-application access (organizations.md §2.12) attacked over HTTP: once an organization limits member
 * sign-ins to the applications it lists (O108), nothing else a tenant can configure opens it to an
 * application it does not list (O110) — not a connection that makes members on login, not the application's
 * own connection switch or organization settings, not an invitation, not a refresh token issued earlier —
 * and a machine-to-machine application's association changes no sign-in and no client-credentials token (O109).
 */
class ApplicationAccessEnforcementTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static final String CALLBACK = "https://listed.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static final String DB = "Username-Password-Authentication";
    static String api;
    static String connectionId;
    static String n;
    /** Lists applications; its connection makes anyone who signs in through it a member. */
    static String org;
    static String member;

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.body().isEmpty() ? null : r.json();
    }

    @BeforeAll
    static void tenant() {
        n = Long.toString(System.nanoTime(), 36);
        api = "https://listed-" + n + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Listed\","
                + "\"skip_consent_for_verifiable_first_party_clients\":true,\"allow_offline_access\":true,"
                + "\"scopes\":[{\"value\":\"read:things\"}]}"));
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=" + DB, null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"listed-" + n + "\",\"is_app_entitlement_active\":true,"
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\",\"assign_membership_on_login\":true,"
                + "\"is_signup_enabled\":true}]}")).get("id").asString();
        member = user("member");
        ok(atrium.mgmt("POST", "/organizations/" + org + "/members", "{\"members\":[\"" + userId(member) + "\"]}"));
        // a second organization, so that the post-login picker is shown
        String second = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"second-" + n + "\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + second + "/members", "{\"members\":[\"" + userId(member) + "\"]}"));
    }

    static final Map<String, String> IDS = new HashMap<>();

    static String user(String prefix) {
        String email = prefix + "-" + n + "@example.com";
        IDS.put(email, ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + DB + "\",\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString());
        return email;
    }

    static String userId(String email) {
        return IDS.get(email);
    }

    /** A first-party web application, enabled on the database connection; {@code fields} adds to its body. */
    static String[] app(String fields) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"app " + System.nanoTime() + "\",\"app_type\":\"regular_web\","
                + "\"oidc_conformant\":true,\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]" + fields + "}"));
        String id = c.get("client_id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + id + "\",\"status\":true}]").status()).isEqualTo(204);
        return new String[]{id, c.get("client_secret").asString()};
    }

    static void list(String clientId, boolean memberAccess) {
        ok(atrium.mgmt("POST", "/organizations/" + org + "/clients", "{\"clients\":[{\"client_id\":\"" + clientId
                + "\",\"use_for_member_access\":" + memberAccess + "}]}"));
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=" + TestAtrium.enc("openid offline_access read:things") + "&audience=" + TestAtrium.enc(api)
                + "&state=st" + extra;
    }

    static Map<String, String> query(String location) {
        return SignInFixture.query(location);
    }

    static TestBrowser.Page signIn(TestBrowser b, TestBrowser.Page page, String email) {
        assertThat(page.screen()).as(page.body()).isIn("login", "accept-invitation");
        return b.follow(b.submit(page, "form", Map.of("username", email, "password", PASSWORD)));
    }

    static void assertRefused(TestBrowser.Page back) {
        assertThat(back.location()).as(back.body()).startsWith(CALLBACK);
        assertThat(query(back.location())).containsEntry("error", "access_denied")
                .containsEntry("error_description", "the application is not authorized for organization " + org)
                .doesNotContainKey("code");
    }

    static boolean isMember(String email) {
        return ok(atrium.mgmt("GET", "/organizations/" + org + "/members?per_page=100", null)).toString().contains(userId(email));
    }

    static TestAtrium.Response refresh(String[] app, String token) {
        return atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + TestAtrium.enc(token)
                + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
    }

    static JsonNode exchange(String[] app, String location) {
        var r = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(query(location).get("code"))
                + "&redirect_uri=" + TestAtrium.enc(CALLBACK) + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static Object orgId(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getClaim("org_id");
    }

    @Test
    void O110_aConnectionThatMakesMembersOnLoginDoesNotLetAnOutsiderInThroughAnUnlistedApplication() {
        String[] unlisted = app(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"no_prompt\"");
        String outsider = user("outsider");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertRefused(signIn(b, b.open(authorize(unlisted[0], "&organization=" + org)), outsider));
        assertThat(isMember(outsider)).as("no membership made by a refused sign-in").isFalse();
        // nor does signing up through the organization's login page
        TestBrowser s = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = s.open(authorize(unlisted[0], "&organization=" + org));
        TestBrowser.Page login = s.get(page.doc().selectFirst("a[href^=/u/signup]").attr("href"));
        assertThat(login.screen()).as(login.body()).isEqualTo("signup");
        String newcomer = "newcomer-" + n + "@example.com";
        assertRefused(s.follow(s.submit(login, "form", Map.of("email", newcomer, "password", PASSWORD))));
        assertThat(ok(atrium.mgmt("GET", "/organizations/" + org + "/members?per_page=100", null)).toString()).doesNotContain(newcomer);
    }

    @Test
    void O110_theApplicationsOwnSettingsDoNotOpenIt() {
        // organization_usage allow with the post-login picker, the connection named by the request, prompt=login
        String[] unlisted = app(",\"organization_usage\":\"allow\",\"organization_require_behavior\":\"post_login_prompt\"");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertRefused(signIn(b, b.open(authorize(unlisted[0], "&organization=" + org + "&connection=" + DB + "&prompt=login")), member));
        // the picker: the organization submitted by hand
        String[] picking = app(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"");
        TestBrowser p = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = signIn(p, p.open(authorize(picking[0], "")), member);
        assertThat(picker.screen()).as(picker.body()).isEqualTo("organization-picker");
        assertRefused(p.follow(p.post(picker.doc().selectFirst("form").absUrl("action"), Map.of(
                "_csrf", picker.doc().selectFirst("input[name=_csrf]").attr("value"),
                "state", picker.doc().selectFirst("input[name=state]").attr("value"),
                "organization", org))));
        // listed without member access is not listed
        list(unlisted[0], false);
        TestBrowser again = new TestBrowser(atrium.baseUrl());
        assertRefused(signIn(again, again.open(authorize(unlisted[0], "&organization=" + org)), member));
    }

    @Test
    void O110_anInvitationForAnUnlistedApplicationDoesNotOpenIt() {
        String[] unlisted = app(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"no_prompt\","
                + "\"initiate_login_uri\":\"https://listed.example.com/login\"");
        String invitee = user("invitee");
        JsonNode invitation = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"" + invitee + "\"},\"client_id\":\"" + unlisted[0] + "\",\"send_invitation_email\":false}"));
        String ticket = query(invitation.get("invitation_url").asString()).get("invitation");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertRefused(signIn(b, b.open(authorize(unlisted[0], "&organization=" + org + "&invitation=" + ticket)), invitee));
        assertThat(isMember(invitee)).isFalse();
        // the invitation was not spent: once the application is listed, it works
        list(unlisted[0], true);
        TestBrowser later = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = signIn(later, later.open(authorize(unlisted[0], "&organization=" + org + "&invitation=" + ticket)), invitee);
        assertThat(query(back.location())).as(back.location()).containsKey("code");
        assertThat(isMember(invitee)).isTrue();
    }

    @Test
    void O110_tokensIssuedBeforeTheListStopRefreshingWhenTheApplicationIsNotOnIt() throws Exception {
        String open = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"open-" + n + "\","
                + "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + open + "/members", "{\"members\":[\"" + userId(member) + "\"]}"));
        String[] app = app(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"no_prompt\"");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        JsonNode tokens = exchange(app, signIn(b, b.open(authorize(app[0], "&organization=" + open)), member).location());
        assertThat(orgId(tokens)).isEqualTo(open);
        // a confidential application's refresh token does not rotate by default: the same one is used again
        String refreshToken = tokens.get("refresh_token").asString();
        assertThat(refresh(app, refreshToken).status()).isEqualTo(200);
        // the organization starts listing applications, and this one is not on the list
        ok(atrium.mgmt("PATCH", "/organizations/" + open, "{\"is_app_entitlement_active\":true}"));
        var refused = refresh(app, refreshToken);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("invalid_grant");
        // listed with member access, a new sign-in works; turned off again, its refresh token stops too
        ok(atrium.mgmt("POST", "/organizations/" + open + "/clients", "{\"clients\":[{\"client_id\":\"" + app[0]
                + "\",\"use_for_member_access\":true}]}"));
        TestBrowser again = new TestBrowser(atrium.baseUrl());
        JsonNode listed = exchange(app, signIn(again, again.open(authorize(app[0], "&organization=" + open)), member).location());
        assertThat(orgId(listed)).isEqualTo(open);
        ok(atrium.mgmt("PATCH", "/organizations/" + open + "/clients/" + app[0], "{\"use_for_member_access\":false}"));
        assertThat(refresh(app, listed.get("refresh_token").asString()).status()).isEqualTo(403);
    }

    @Test
    void O109_aMachineToMachineApplicationsAssociationChangesNoSignInAndNoClientCredentialsToken() throws Exception {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"m2m " + n + "\",\"app_type\":\"non_interactive\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"client_credentials\"]}"));
        String id = c.get("client_id").asString();
        String secret = c.get("client_secret").asString();
        String grant = ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:things\"],\"organization_usage\":\"allow\"}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + org + "/client-grants", "{\"grant_id\":\"" + grant + "\"}"));
        for (boolean memberAccess : new boolean[]{false, true}) {
            if (memberAccess) {
                ok(atrium.mgmt("PATCH", "/organizations/" + org + "/clients/" + id, "{\"use_for_member_access\":true}"));
            } else {
                list(id, false);
            }
            // client credentials follow the organization's client grants, whatever the association says
            var token = atrium.postForm("/oauth/token", "grant_type=client_credentials&client_id=" + id + "&client_secret="
                    + TestAtrium.enc(secret) + "&audience=" + TestAtrium.enc(api) + "&organization=" + org);
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            assertThat(SignedJWT.parse(token.json().get("access_token").asString()).getJWTClaimsSet().getClaim("org_id")).isEqualTo(org);
            // and the association signs no one in: the application has no user-facing grant
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page refused = b.open(authorize(id, "&organization=" + org));
            assertThat(query(refused.location())).containsEntry("error", "unauthorized_client")
                    .containsEntry("error_description", "Grant type 'authorization_code' not allowed for the client.");
        }
    }
}
