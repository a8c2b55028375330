package dev.atrium.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.Atrium;
import dev.atrium.config.AtriumConfig;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** operations.md {@code --demo}: the demo tenant is seeded once on an empty database, and a demo user can sign in. */
class DemoSeedTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withDemo(true));

    static List<JsonNode> items(JsonNode page, String key) {
        JsonNode arr = page.isArray() ? page : page.get(key);
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }

    static JsonNode client(TestAtrium a, String name) {
        List<JsonNode> named = items(a.mgmt("GET", "/clients?per_page=100", null).json(), "clients").stream()
                .filter(c -> c.get("name").asString().equals(name)).toList();
        assertThat(named).as("applications named " + name).hasSize(1);
        return named.get(0);
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theDemoTenantExistsThroughTheManagementApi() {
        JsonNode api = atrium.mgmt("GET", "/resource-servers/" + TestAtrium.enc(DemoSeed.API_IDENTIFIER), null).json();
        assertThat(api.get("identifier").asString()).isEqualTo(DemoSeed.API_IDENTIFIER);
        assertThat(api.get("skip_consent_for_verifiable_first_party_clients").asBoolean()).isTrue();
        assertThat(api.get("allow_offline_access").asBoolean()).isTrue();
        assertThat(items(api.get("scopes"), "scopes")).extracting(s -> s.get("value").asString())
                .containsExactlyElementsOf(DemoSeed.API_SCOPES);

        JsonNode web = client(atrium, DemoSeed.WEB_APP_NAME);
        assertThat(web.get("is_first_party").asBoolean()).isTrue();
        assertThat(web.get("callbacks").get(0).asString()).isEqualTo(DemoSeed.WEB_CALLBACK);
        JsonNode spa = client(atrium, DemoSeed.SPA_NAME);
        assertThat(spa.get("app_type").asString()).isEqualTo("spa");
        assertThat(spa.get("token_endpoint_auth_method").asString()).isEqualTo("none");
        JsonNode partner = client(atrium, DemoSeed.THIRD_PARTY_NAME);
        assertThat(partner.get("is_first_party").asBoolean()).isFalse();
        assertThat(partner.get("client_id").asString()).startsWith("tpc_");

        JsonNode db = items(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json(), "connections").get(0);
        assertThat(db.get("is_domain_connection").asBoolean()).isTrue();
        assertThat(items(atrium.mgmt("GET", "/connections/" + db.get("id").asString() + "/clients", null).json(), "clients"))
                .extracting(c -> c.get("client_id").asString())
                .contains(web.get("client_id").asString(), spa.get("client_id").asString(), partner.get("client_id").asString());

        for (DemoSeed.DemoUser u : DemoSeed.USERS) {
            assertThat(atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(u.email()), null).json()).hasSize(1);
        }
        String alice = atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(DemoSeed.USERS.get(0).email()), null)
                .json().get(0).get("user_id").asString();
        assertThat(items(atrium.mgmt("GET", "/users/" + TestAtrium.enc(alice) + "/roles", null).json(), "roles"))
                .extracting(r -> r.get("name").asString()).containsExactly(DemoSeed.EDITOR_ROLE);
        assertThat(items(atrium.mgmt("GET", "/users/" + TestAtrium.enc(alice) + "/permissions", null).json(), "permissions"))
                .extracting(p -> p.get("permission_name").asString()).containsExactlyInAnyOrderElementsOf(DemoSeed.API_SCOPES);

        assertThat(atrium.mgmt("GET", "/tenants/settings", null).json().get("friendly_name").asString()).isEqualTo("Atrium Demo");
    }

    @Test
    void aDemoUserSignsInThroughTheHostedLoginPageAndTheCodeIsExchanged() throws Exception {
        String webId = client(atrium, DemoSeed.WEB_APP_NAME).get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open("/authorize?response_type=code&client_id=" + webId + "&redirect_uri="
                + TestAtrium.enc(DemoSeed.WEB_CALLBACK) + "&scope=" + TestAtrium.enc("openid profile email read:messages write:messages")
                + "&audience=" + TestAtrium.enc(DemoSeed.API_IDENTIFIER) + "&state=demo-state");
        assertThat(page.screen()).isEqualTo("login");
        assertThat(page.body()).contains("Atrium Demo");
        page = browser.follow(browser.submit(page, "form", Map.of("username", DemoSeed.USERS.get(1).email(),
                "password", DemoSeed.USER_PASSWORD)));
        if ("consent".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).startsWith(DemoSeed.WEB_CALLBACK + "?");
        Map<String, String> back = query(page.location());
        assertThat(back).containsEntry("state", "demo-state").containsKey("code");

        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(DemoSeed.WEB_CALLBACK) + "&client_id=" + webId
                + "&client_secret=" + TestAtrium.enc(DemoSeed.WEB_APP_SECRET));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        var claims = SignedJWT.parse(tokens.json().get("access_token").asString()).getJWTClaimsSet();
        // RBAC is on for the demo API: Bob is a viewer, so he may read but not write
        assertThat(claims.getStringListClaim("permissions")).containsExactly("read:messages");
        assertThat(tokens.json().has("id_token")).isTrue();
    }

    /** Follows a hosted-login journey from the login page to the callback, accepting consent when asked. */
    static String signIn(TestBrowser browser, TestBrowser.Page page, String email) {
        assertThat(page.screen()).as(page.body()).isIn("login", "accept-invitation");
        page = browser.follow(browser.submit(page, "form", Map.of("username", email, "password", DemoSeed.USER_PASSWORD)));
        return finish(browser, page);
    }

    static String finish(TestBrowser browser, TestBrowser.Page page) {
        if ("consent".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).startsWith(DemoSeed.ORG_APP_CALLBACK + "?");
        return page.location();
    }

    static String orgAuthorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(DemoSeed.ORG_APP_CALLBACK)
                + "&scope=" + TestAtrium.enc("openid profile email read:messages write:messages delete:messages")
                + "&audience=" + TestAtrium.enc(DemoSeed.API_IDENTIFIER) + "&state=demo" + extra;
    }

    /** The access token's claims after exchanging the code at the end of {@code location}. */
    static com.nimbusds.jwt.JWTClaimsSet tokens(String clientId, String location) throws Exception {
        Map<String, String> back = query(location);
        assertThat(back).as(location).containsKey("code");
        var tokens = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(back.get("code"))
                + "&redirect_uri=" + TestAtrium.enc(DemoSeed.ORG_APP_CALLBACK) + "&client_id=" + clientId
                + "&client_secret=" + TestAtrium.enc(DemoSeed.ORG_APP_SECRET));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(tokens.json().get("id_token").asString()).getJWTClaimsSet().getStringClaim("org_id"))
                .isEqualTo(SignedJWT.parse(tokens.json().get("access_token").asString()).getJWTClaimsSet().getStringClaim("org_id"));
        return SignedJWT.parse(tokens.json().get("access_token").asString()).getJWTClaimsSet();
    }

    @Test
    void theDemoOrganizationsExistWithMembersRolesDomainAndInvitation() {
        JsonNode acme = atrium.mgmt("GET", "/organizations/name/" + DemoSeed.ACME, null).json();
        JsonNode globex = atrium.mgmt("GET", "/organizations/name/" + DemoSeed.GLOBEX, null).json();
        assertThat(acme.get("display_name").asString()).isEqualTo("Acme Corporation");
        assertThat(acme.get("branding").get("colors").get("primary").asString()).startsWith("#");
        assertThat(acme.get("third_party_client_access").asString()).isEqualTo("allow");
        assertThat(globex.get("third_party_client_access").asString()).isEqualTo("block");
        JsonNode globexConnection = items(atrium.mgmt("GET", "/organizations/" + globex.get("id").asString()
                + "/enabled_connections", null).json(), "enabled_connections").get(0);
        assertThat(globexConnection.get("assign_membership_on_login").asBoolean()).isTrue();
        assertThat(globexConnection.get("is_signup_enabled").asBoolean()).isTrue();
        assertThat(items(atrium.mgmt("GET", "/organizations/" + acme.get("id").asString() + "/enabled_connections", null).json(),
                "enabled_connections")).hasSize(1);
        JsonNode domains = atrium.mgmt("GET", "/organizations/" + acme.get("id").asString() + "/discovery-domains", null).json();
        assertThat(domains.get("domains").get(0).get("domain").asString()).isEqualTo(DemoSeed.ACME_DOMAIN);
        assertThat(domains.get("domains").get(0).get("status").asString()).isEqualTo("verified");
        // Carol is invited to Acme, unless another test of this class already accepted it (accepted invitations are gone)
        JsonNode invitations = atrium.mgmt("GET", "/organizations/" + acme.get("id").asString() + "/invitations", null).json();
        String carol = atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(DemoSeed.USERS.get(2).email()), null)
                .json().get(0).get("user_id").asString();
        boolean invited = items(invitations, "invitations").stream()
                .anyMatch(i -> i.get("invitee").get("email").asString().equals(DemoSeed.USERS.get(2).email()));
        boolean joined = items(atrium.mgmt("GET", "/users/" + TestAtrium.enc(carol) + "/organizations", null).json(),
                "organizations").stream().anyMatch(o -> o.get("name").asString().equals(DemoSeed.ACME));
        assertThat(invited || joined).isTrue();
        String alice = atrium.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(DemoSeed.USERS.get(0).email()), null)
                .json().get(0).get("user_id").asString();
        assertThat(items(atrium.mgmt("GET", "/users/" + TestAtrium.enc(alice) + "/organizations", null).json(), "organizations"))
                .extracting(o -> o.get("name").asString()).containsExactlyInAnyOrder(DemoSeed.ACME, DemoSeed.GLOBEX);
    }

    @Test
    void theTwoOrganizationUserSignsIntoEachOrganizationThroughEveryLoginMode() throws Exception {
        String prompt = client(atrium, DemoSeed.ORG_PROMPT_APP_NAME).get("client_id").asString();
        String picker = client(atrium, DemoSeed.ORG_PICKER_APP_NAME).get("client_id").asString();
        String acme = atrium.mgmt("GET", "/organizations/name/" + DemoSeed.ACME, null).json().get("id").asString();
        String globex = atrium.mgmt("GET", "/organizations/name/" + DemoSeed.GLOBEX, null).json().get("id").asString();
        String alice = DemoSeed.USERS.get(0).email();
        List<String> reader = List.of("read:messages");

        // by id, and by name (the demo tenant accepts organization names)
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        var claims = tokens(prompt, signIn(b, b.open(orgAuthorize(prompt, "&organization=" + acme)), alice));
        assertThat(claims.getStringClaim("org_id")).isEqualTo(acme);
        assertThat(claims.getStringClaim("org_name")).isEqualTo(DemoSeed.ACME);
        assertThat(claims.getStringListClaim("permissions")).containsExactlyElementsOf(reader);
        b = new TestBrowser(atrium.baseUrl());
        claims = tokens(prompt, signIn(b, b.open(orgAuthorize(prompt, "&organization=" + DemoSeed.GLOBEX)), alice));
        assertThat(claims.getStringClaim("org_id")).isEqualTo(globex);
        assertThat(claims.getStringListClaim("permissions")).containsExactlyInAnyOrderElementsOf(DemoSeed.API_SCOPES);

        // prompt for organization: by the verified email domain, then by name
        b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(orgAuthorize(prompt, ""));
        assertThat(page.screen()).isEqualTo("organization-selection");
        page = b.follow(b.submit(page, "form", Map.of("organization", "someone@" + DemoSeed.ACME_DOMAIN)));
        assertThat(tokens(prompt, signIn(b, page, alice)).getStringClaim("org_id")).isEqualTo(acme);
        b = new TestBrowser(atrium.baseUrl());
        page = b.follow(b.submit(b.open(orgAuthorize(prompt, "")), "form", Map.of("organization", DemoSeed.GLOBEX)));
        assertThat(tokens(prompt, signIn(b, page, alice)).getStringClaim("org_id")).isEqualTo(globex);

        // pick after login: both organizations offered, and a personal account
        for (String org : List.of(acme, globex)) {
            b = new TestBrowser(atrium.baseUrl());
            page = b.follow(b.submit(b.open(orgAuthorize(picker, "")), "form", Map.of("username", alice,
                    "password", DemoSeed.USER_PASSWORD)));
            assertThat(page.screen()).isEqualTo("organization-picker");
            assertThat(page.doc().select("button[name=organization]").eachAttr("value")).containsExactlyInAnyOrder(acme, globex);
            assertThat(page.doc().select("button[value=personal]")).hasSize(1);
            page = b.follow(b.post(page.doc().selectFirst("form").absUrl("action"), Map.of(
                    "_csrf", page.doc().selectFirst("input[name=_csrf]").attr("value"),
                    "state", page.doc().selectFirst("input[name=state]").attr("value"), "organization", org)));
            claims = tokens(picker, finish(b, page));
            assertThat(claims.getStringClaim("org_id")).isEqualTo(org);
            assertThat(claims.getStringListClaim("permissions")).containsExactlyInAnyOrderElementsOf(
                    org.equals(acme) ? reader : DemoSeed.API_SCOPES);
        }
    }

    @Test
    void carolIsRefusedByAcmeUntilSheAcceptsHerInvitation() throws Exception {
        String prompt = client(atrium, DemoSeed.ORG_PROMPT_APP_NAME).get("client_id").asString();
        String acme = atrium.mgmt("GET", "/organizations/name/" + DemoSeed.ACME, null).json().get("id").asString();
        String carol = DemoSeed.USERS.get(2).email();
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.follow(b.submit(b.open(orgAuthorize(prompt, "&organization=" + acme)), "form",
                Map.of("username", carol, "password", DemoSeed.USER_PASSWORD)));
        assertThat(query(page.location())).containsEntry("error", "access_denied");

        JsonNode invitation = items(atrium.mgmt("GET", "/organizations/" + acme + "/invitations", null).json(), "invitations")
                .stream().filter(i -> i.get("invitee").get("email").asString().equals(carol)).findFirst().orElseThrow();
        Map<String, String> link = query(invitation.get("invitation_url").asString());
        assertThat(invitation.get("invitation_url").asString()).startsWith(DemoSeed.ORG_APP_LOGIN + "?");
        b = new TestBrowser(atrium.baseUrl());
        page = b.open(orgAuthorize(prompt, "&organization=" + link.get("organization") + "&invitation=" + link.get("invitation")));
        var claims = tokens(prompt, signIn(b, page, carol));
        assertThat(claims.getStringClaim("org_id")).isEqualTo(acme);
        assertThat(claims.getStringListClaim("permissions")).containsExactly("read:messages");
    }

    @Test
    void aSecondStartOnTheSameDatabaseDoesNotSeedTwice() {
        String url = "jdbc:h2:mem:atrium-demo-" + UUID.randomUUID();
        TestAtrium first = new TestAtrium(c -> c.withDemo(true).withDatabase(url, "", ""));
        first.beforeAll(null);
        String webId = client(first, DemoSeed.WEB_APP_NAME).get("client_id").asString();
        first.afterAll(null);

        TestAtrium second = new TestAtrium(c -> c.withDemo(true).withDatabase(url, "", ""));
        second.beforeAll(null);
        try {
            assertThat(client(second, DemoSeed.WEB_APP_NAME).get("client_id").asString()).isEqualTo(webId);
            client(second, DemoSeed.SPA_NAME);
            assertThat(second.mgmt("GET", "/users-by-email?email=" + TestAtrium.enc(DemoSeed.USERS.get(0).email()), null).json())
                    .hasSize(1);
            assertThat(items(second.mgmt("GET", "/roles", null).json(), "roles")).hasSize(3);
        } finally {
            second.afterAll(null);
        }
    }

    @Test
    void withoutABootstrapClientOrAdministratorTheDemoCreatesThemAndPrintsTheirCredentials() {
        Logger log = (Logger) LoggerFactory.getLogger(DemoSeed.class);
        ListAppender<ILoggingEvent> printed = new ListAppender<>();
        printed.start();
        log.addAppender(printed);
        AtriumConfig config = AtriumConfig.defaults().withPort(0)
                .withDatabase("jdbc:h2:mem:atrium-demo-" + UUID.randomUUID(), "", "")
                .withEncryptionKey(TestAtrium.ENCRYPTION_KEY).withDemo(true);
        try (Atrium server = Atrium.create(config).start()) {
            String text = printed.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
            assertThat(text).contains(DemoSeed.DEMO_ADMIN_EMAIL, DemoSeed.USER_PASSWORD, DemoSeed.WEB_APP_SECRET,
                    server.issuer() + "authorize?response_type=code&client_id=", "&organization=" + DemoSeed.GLOBEX,
                    "&invitation=", DemoSeed.ORG_APP_SECRET, "?invitation=");
            for (DemoSeed.DemoUser u : DemoSeed.USERS) {
                assertThat(text).contains(u.email());
            }
            // issue 9, point 16: the third-party application's secret appears in no log line
            Matcher third = Pattern.compile("Third-party app: ([A-Za-z0-9]+)").matcher(text);
            assertThat(third.find()).as(text).isTrue();
            assertThat(printed.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .flatMap(m -> m.lines()).filter(l -> l.contains(third.group(1))))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContainPattern("secret [A-Za-z0-9_~.-]{16,}"));
            Matcher curl = Pattern.compile("client_id\\\\\":\\\\\"([^\\\\]+)\\\\\",\\\\\"client_secret\\\\\":\\\\\"([^\\\\]+)\\\\\"")
                    .matcher(text);
            assertThat(curl.find()).as(text).isTrue();
            Matcher admin = Pattern.compile(Pattern.quote(DemoSeed.DEMO_ADMIN_EMAIL) + " / (\\S+)").matcher(text);
            assertThat(admin.find()).as(text).isTrue();

            // the printed machine-to-machine credentials get a Management API token that can read the demo admin
            TestAtrium.Response token = atrium.send(HttpRequest.newBuilder(URI.create(server.issuer() + "oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                            + TestAtrium.enc(curl.group(1)) + "&client_secret=" + TestAtrium.enc(curl.group(2))
                            + "&audience=" + TestAtrium.enc(server.managementAudience()))).build());
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            TestAtrium.Response admins = atrium.send(HttpRequest.newBuilder(URI.create(server.issuer()
                    + "api/v2/users-by-email?email=" + TestAtrium.enc(DemoSeed.DEMO_ADMIN_EMAIL)))
                    .header("Authorization", "Bearer " + token.json().get("access_token").asString()).GET().build());
            assertThat(admins.json()).hasSize(1);
            // administrator status is its own record (issue 9, point 3), read through Atrium's own endpoint
            TestAtrium.Response grant = atrium.send(HttpRequest.newBuilder(URI.create(server.issuer() + "api/v2/users/"
                    + TestAtrium.enc(admins.json().get(0).get("user_id").asString()) + "/atrium-admin"))
                    .header("Authorization", "Bearer " + token.json().get("access_token").asString()).GET().build());
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
            assertThat(grant.json().get("granted_by").asString()).isEqualTo("config:demo");
            assertThat(admins.json().get(0).get("app_metadata").has("atrium_admin")).isFalse();
            assertThat(admin.group(1)).hasSizeGreaterThanOrEqualTo(16);
        } finally {
            log.detachAppender(printed);
        }
    }
}
