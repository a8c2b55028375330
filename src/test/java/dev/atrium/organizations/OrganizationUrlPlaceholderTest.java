package dev.atrium.organizations;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;

import static dev.atrium.organizations.HostedLoginFixture.ok;
import static dev.atrium.organizations.HostedLoginFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * O18, O19, O20, O99 over HTTP: {@code {organization_name}} in callbacks and allowed origins, filled only with the
 * name of the organization the request names; never in logout URLs; {@code {organization.metadata.public_*}} in
 * {@code initiate_login_uri}, as the invitation URL shows.
 */
class OrganizationUrlPlaceholderTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static HostedLoginFixture f;
    static final String TEMPLATE = "https://{organization_name}.tenants.example.com/callback";
    static String connection;
    static String app;
    static String acme;
    static String acmeName;
    static String globex;
    static String globexName;
    static String user;
    static String secret;
    static final String ORIGIN_TEMPLATE = "https://{organization_name}.tenants.example.com";

    @BeforeAll
    static void tenant() {
        f = new HostedLoginFixture(atrium);
        connection = "Placeholders-" + f.n;
        String connectionId = f.connection(connection, "{}");
        app = f.app("allow", connectionId);
        ok(atrium.mgmt("PATCH", "/clients/" + app, "{\"callbacks\":[\"" + HostedLoginFixture.CALLBACK + "\",\"" + TEMPLATE + "\"],"
                + "\"web_origins\":[\"" + ORIGIN_TEMPLATE + "\"]}"));
        secret = ok(atrium.mgmt("POST", "/clients/" + app + "/rotate-secret", null)).get("client_secret").asString();
        acmeName = "acme-" + f.n;
        globexName = "globex-" + f.n;
        String enabled = "[{\"connection_id\":\"" + connectionId + "\",\"assign_membership_on_login\":true}]";
        acme = f.organization(acmeName, enabled);
        globex = f.organization(globexName, enabled);
        user = "ph-" + f.n + "@example.com";
        f.user(connection, user);
    }

    static String authorize(String redirectUri, String extra) {
        return "/authorize?response_type=code&client_id=" + app + "&redirect_uri=" + TestAtrium.enc(redirectUri)
                + "&scope=openid&state=st" + extra;
    }

    static String filled(String name) {
        return TEMPLATE.replace("{organization_name}", name);
    }

    static TestAtrium.Response patchClient(String json) {
        return atrium.mgmt("PATCH", "/clients/" + app, json);
    }

    static void assertRefused(TestAtrium.Response r, String field, String words) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains(field).contains(words);
    }

    @Test
    void O18_theCallbackIsFilledWithTheNameOfTheOrganizationInContext() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(authorize(filled(acmeName), "&organization=" + acme));
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        TestBrowser.Page back = HostedLoginFixture.login(b, page, user);
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(filled(acmeName) + "?");
        assertThat(query(back.location())).containsKey("code").containsEntry("state", "st");
    }

    @Test
    void O19_anExactCallbackStillWorksBesideThePlaceholder() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(b.open(authorize(HostedLoginFixture.CALLBACK, "&organization=" + acme)).screen()).isEqualTo("login");
        assertThat(b.open(authorize(HostedLoginFixture.CALLBACK, "")).screen()).isEqualTo("login");
    }

    @Test
    void O18_attack_anotherOrganizationsNameIsRefusedWithAPageNotARedirect() {
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open(authorize(filled(globexName), "&organization=" + acme));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.body()).contains("is not in the list of allowed callback URLs");
    }

    @Test
    void O18_attack_withoutAnOrganizationThePlaceholderMatchesNothing() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        assertThat(b.open(authorize(filled(acmeName), "")).status()).isEqualTo(400);
        // the template itself, sent literally, is no callback either
        assertThat(b.open(authorize(TEMPLATE, "&organization=" + acme)).status()).isEqualTo(400);
        // an unknown organization fills nothing
        assertThat(b.open(authorize(filled("nosuch-" + f.n), "&organization=org_nosuch" + f.n)).status()).isEqualTo(400);
        // the organization's name is not an identifier here (O27: the tenant flag is off), so nothing is filled
        assertThat(b.open(authorize(filled(acmeName), "&organization=" + acmeName)).status()).isEqualTo(400);
    }

    @Test
    void O18_attack_urlMetacharactersNeverReachTheHost() {
        // an organization name cannot carry URL syntax ...
        for (String bad : new String[]{"evil.com#", "evil.com/x", "a@evil.com", "evil.com?", "EVIL"}) {
            assertThat(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + bad + "\"}").status()).as(bad).isEqualTo(400);
        }
        // ... and a redirect_uri that smuggles another host around the template's suffix matches nothing
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        for (String evil : new String[]{"https://evil.com#" + acmeName + ".tenants.example.com/callback",
                "https://evil.com/" + acmeName + ".tenants.example.com/callback",
                "https://" + acmeName + ".tenants.example.com@evil.com/callback",
                "https://evil.com%2F" + acmeName + ".tenants.example.com/callback",
                "https://" + acmeName.toUpperCase() + ".tenants.example.com/callback",
                filled(acmeName) + "/../../evil"}) {
            TestBrowser.Page page = b.open(authorize(evil, "&organization=" + acme));
            assertThat(page.status()).as(evil).isEqualTo(400);
            assertThat(page.location()).as(evil).isNull();
        }
    }

    @Test
    void O18_anApplicationThatDeniesOrganizationsNeverFillsThePlaceholder() {
        String deny = f.app("deny", "");
        ok(atrium.mgmt("PATCH", "/clients/" + deny, "{\"callbacks\":[\"" + TEMPLATE + "\"]}"));
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).open("/authorize?response_type=code&client_id=" + deny
                + "&redirect_uri=" + TestAtrium.enc(filled(acmeName)) + "&scope=openid&state=st&organization=" + acme);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
    }

    @Test
    void O18_thePlaceholderIsAcceptedOnlyAsTheWholeLeftMostLabelOfAnHttpHost() {
        assertThat(patchClient("{\"web_origins\":[\"https://{organization_name}.tenants.example.com\"],"
                + "\"allowed_origins\":[\"https://{organization_name}.tenants.example.com:8443\"]}").status()).isEqualTo(200);
        assertRefused(patchClient("{\"callbacks\":[\"https://app.example.com/{organization_name}/callback\"]}"),
                "callbacks", "alone as the left-most label of the host");
        assertRefused(patchClient("{\"callbacks\":[\"https://x{organization_name}.example.com/callback\"]}"),
                "callbacks", "alone as the left-most label of the host");
        assertRefused(patchClient("{\"callbacks\":[\"https://{organization_name}.{organization_name}.example.com/cb\"]}"),
                "callbacks", "only once");
        assertRefused(patchClient("{\"callbacks\":[\"https://{organization_name}.*.example.com/cb\"]}"),
                "callbacks", "wildcard");
        assertRefused(patchClient("{\"callbacks\":[\"com.example.app://{organization_name}.example.com/cb\"]}"),
                "callbacks", "http or https");
        assertRefused(patchClient("{\"callbacks\":[\"https://{organization.metadata.public_domain}/cb\"]}"),
                "callbacks", "only in initiate_login_uri");
        assertRefused(patchClient("{\"initiate_login_uri\":\"https://{organization_name}.example.com/login\"}"),
                "initiate_login_uri", "only in callbacks and allowed origins");
    }

    @Test
    void O99_thePlaceholderIsRefusedInLogoutUrlsWithAManagementApi400() {
        TestAtrium.Response r = patchClient("{\"allowed_logout_urls\":[\"https://{organization_name}.tenants.example.com/bye\"]}");
        assertRefused(r, "allowed_logout_urls", "must not contain the {organization_name} placeholder");
        assertThat(r.json().get("error").asString()).isEqualTo("Bad Request");
        TestAtrium.Response created = atrium.mgmt("POST", "/clients", "{\"name\":\"Logout " + f.n + "\",\"app_type\":\"regular_web\","
                + "\"allowed_logout_urls\":[\"https://{organization_name}.tenants.example.com/bye\"]}");
        assertRefused(created, "allowed_logout_urls", "must not contain the {organization_name} placeholder");
        // and nothing reaches a logout redirect through it
        TestBrowser.Page out = new TestBrowser(atrium.baseUrl()).get(atrium.baseUrl() + "/v2/logout?client_id=" + app
                + "&returnTo=" + TestAtrium.enc("https://" + acmeName + ".tenants.example.com/bye"));
        assertThat(out.location() == null || !out.location().contains(acmeName)).isTrue();
    }

    @Test
    void O20_initiateLoginUriTakesPublicMetadataOfTheInvitingOrganization() {
        String inviting = "meta-" + f.n;
        String org = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + inviting + "\",\"metadata\":{"
                + "\"public_domain\":\"login.acme.example.com\",\"PUBLIC_region\":\"eu west\",\"secret\":\"s3cr3t\"}}")).get("id").asString();
        String client = f.app("allow", "");
        ok(atrium.mgmt("PATCH", "/clients/" + client,
                "{\"initiate_login_uri\":\"https://{organization.metadata.public_domain}/start?region={organization.metadata.PUBLIC_region}\"}"));
        JsonNode inv = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", "{\"inviter\":{\"name\":\"Ada\"},"
                + "\"invitee\":{\"email\":\"in-" + f.n + "@example.com\"},\"client_id\":\"" + client + "\",\"send_invitation_email\":false}"));
        assertThat(inv.get("invitation_url").asString()).startsWith("https://login.acme.example.com/start?region=eu%20west&invitation=");

        // a key without the public_ prefix is never filled: the tenant's login route is used instead, else the invitation is refused
        ok(atrium.mgmt("PATCH", "/clients/" + client, "{\"initiate_login_uri\":\"https://{organization.metadata.secret}.example.com/login\"}"));
        String invite = "{\"inviter\":{\"name\":\"Ada\"},\"invitee\":{\"email\":\"in2-" + f.n + "@example.com\"},\"client_id\":\""
                + client + "\",\"send_invitation_email\":false}";
        TestAtrium.Response refused = atrium.mgmt("POST", "/organizations/" + org + "/invitations", invite);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("s3cr3t");
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"default_redirection_uri\":\"https://tenant.example.com/login\"}"));
        try {
            JsonNode fallback = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", invite));
            assertThat(fallback.get("invitation_url").asString()).startsWith("https://tenant.example.com/login?invitation=")
                    .doesNotContain("s3cr3t");
            // a metadata value carrying URL syntax cannot move the host
            ok(atrium.mgmt("PATCH", "/organizations/" + org, "{\"metadata\":{\"public_domain\":\"evil.com/x?\"}}"));
            ok(atrium.mgmt("PATCH", "/clients/" + client, "{\"initiate_login_uri\":\"https://{organization.metadata.public_domain}/start\"}"));
            JsonNode moved = ok(atrium.mgmt("POST", "/organizations/" + org + "/invitations", invite.replace("in2-", "in3-")));
            assertThat(moved.get("invitation_url").asString()).startsWith("https://tenant.example.com/login?invitation=");
        } finally {
            atrium.mgmt("PATCH", "/tenants/settings", "{\"default_redirection_uri\":null}");
        }
    }

    // --- O18 for allowed origins (CORS): the template is filled only with the organization of the token in hand

    static String origin(String name) {
        return ORIGIN_TEMPLATE.replace("{organization_name}", name);
    }

    /** A code for {@code app} from a hosted login, in {@code organization}'s context when it is given. */
    static String code(String organization) {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = HostedLoginFixture.login(b, b.open(authorize(HostedLoginFixture.CALLBACK,
                organization == null ? "" : "&organization=" + organization)), user);
        assertThat(back.location()).as(back.body()).startsWith(HostedLoginFixture.CALLBACK);
        return query(back.location()).get("code");
    }

    static TestAtrium.Response exchange(String code, String origin) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&client_id=" + app
                        + "&client_secret=" + secret + "&redirect_uri=" + TestAtrium.enc(HostedLoginFixture.CALLBACK))).build());
    }

    static TestAtrium.Response userinfo(String accessToken, String origin) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/userinfo"))
                .header("Origin", origin).header("Authorization", "Bearer " + accessToken).GET().build());
    }

    static TestAtrium.Response preflight(String origin) {
        return atrium.send(HttpRequest.newBuilder(URI.create(atrium.baseUrl() + "/oauth/token"))
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void O18_anOriginTemplateAllowsTheOriginOfTheOrganizationInTheTokensContext() {
        TestAtrium.Response token = exchange(code(acme), origin(acmeName));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.header("Access-Control-Allow-Origin")).isEqualTo(origin(acmeName));
        assertThat(token.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        TestAtrium.Response info = userinfo(token.json().get("access_token").asString(), origin(acmeName));
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.header("Access-Control-Allow-Origin")).isEqualTo(origin(acmeName));
    }

    @Test
    void O18_attack_theOriginOfAnotherOrganizationIsRefusedOnTheActualRequest() {
        // acme's code exchanged from globex's origin: the browser gets no CORS header, so the page cannot read the tokens
        TestAtrium.Response token = exchange(code(acme), origin(globexName));
        assertThat(token.header("Access-Control-Allow-Origin")).isNull();
        // acme's access token presented from globex's origin
        String acmeToken = exchange(code(acme), origin(acmeName)).json().get("access_token").asString();
        assertThat(userinfo(acmeToken, origin(globexName)).header("Access-Control-Allow-Origin")).isNull();
        // a token without an organization fills the template with nothing
        TestAtrium.Response personal = exchange(code(null), origin(acmeName));
        assertThat(personal.status()).isEqualTo(200);
        assertThat(personal.header("Access-Control-Allow-Origin")).isNull();
        assertThat(userinfo(personal.json().get("access_token").asString(), origin(acmeName))
                .header("Access-Control-Allow-Origin")).isNull();
        // a failed request from a template origin is not let through either: there is no organization in context
        assertThat(exchange("nosuchcode", origin(acmeName)).header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void O18_aPreflightIsAnsweredForAnyWellFormedOrganizationNameAndNothingElse() {
        // the preflight carries neither token nor organization: any name that could be an organization passes ...
        assertThat(preflight(origin(globexName)).header("Access-Control-Allow-Origin")).isEqualTo(origin(globexName));
        assertThat(preflight(origin("not-yet-an-org")).header("Access-Control-Allow-Origin")).isEqualTo(origin("not-yet-an-org"));
        // ... but nothing that no organization name could fill
        for (String bad : new String[]{"https://a.b.tenants.example.com", "https://EVIL.tenants.example.com",
                "https://.tenants.example.com", "http://" + acmeName + ".tenants.example.com",
                "https://" + acmeName + ".tenants.example.com.evil.com", "https://evil.com", ORIGIN_TEMPLATE,
                "https://" + "a".repeat(51) + ".tenants.example.com"}) {
            assertThat(preflight(bad).header("Access-Control-Allow-Origin")).as(bad).isNull();
        }
    }

    @Test
    void O18_anApplicationThatDeniesOrganizationsNeverOpensItsOriginTemplate() {
        String deny = f.app("deny", "");
        ok(atrium.mgmt("PATCH", "/clients/" + deny, "{\"web_origins\":[\"https://{organization_name}.deny.example.com\"]}"));
        assertThat(preflight("https://" + acmeName + ".deny.example.com").header("Access-Control-Allow-Origin")).isNull();
    }
}
