package dev.atrium.security;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching organizations inside one sign-in (issue 9, point 2): a member of one organization tries to
 * leave with a code for another, by posting the organization prompt or picker from a later page, by
 * choosing at the prompt an organization whose gates the {@code organization} parameter would refuse, or
 * by losing the membership between the decision and the code. Every attempt must end without a code for
 * an organization the user does not belong to.
 */
class OrganizationSwitchTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    static final String CALLBACK = "https://switch.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static String n;
    static String api;
    static String connectionId;
    static String otherConnection;
    static String acme;
    static String globex;
    static String initech;
    static String initechName;
    static String member;

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status() / 100).as(r.toString()).isEqualTo(2);
        return r.body().isEmpty() ? null : r.json();
    }

    @BeforeAll
    static void tenant() {
        n = Long.toString(System.nanoTime(), 36);
        api = "https://switch-" + n + ".example.com/";
        // consent is asked (no skipping), so the flow stops on the consent page after the access decision
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Switch\","
                + "\"scopes\":[{\"value\":\"read:things\"}]}"));
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        otherConnection = "other-db-" + n;
        ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + otherConnection + "\",\"strategy\":\"auth0\"}"));
        String enabled = "\"enabled_connections\":[{\"connection_id\":\"" + connectionId + "\"}]";
        acme = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"acme-" + n + "\"," + enabled + "}")).get("id").asString();
        globex = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"globex-" + n + "\"," + enabled + "}")).get("id").asString();
        initechName = "initech-" + n;
        initech = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + initechName + "\"," + enabled + "}")).get("id").asString();
        member = user("member");
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + member + "\"]}"));
        ok(atrium.mgmt("POST", "/organizations/" + globex + "/members", "{\"members\":[\"" + member + "\"]}"));
    }

    static String user(String prefix) {
        return ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email(prefix) + "\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
    }

    static String email(String prefix) {
        return prefix + "-" + n + "@example.com";
    }

    /** A first-party web application on both connections, discovering organizations by name at the prompt. */
    static String[] app(String usage, String behavior) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Switch " + System.nanoTime() + "\",\"app_type\":\"regular_web\",\"oidc_conformant\":true,"
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\"],\"organization_usage\":\"" + usage
                + "\",\"organization_require_behavior\":\"" + behavior + "\",\"organization_discovery_methods\":[\"organization_name\"]}"));
        String id = c.get("client_id").asString();
        for (String conn : new String[]{connectionId, ok(atrium.mgmt("GET", "/connections?name=" + otherConnection, null))
                .get(0).get("id").asString()}) {
            assertThat(atrium.mgmt("PATCH", "/connections/" + conn + "/clients", "[{\"client_id\":\"" + id + "\",\"status\":true}]")
                    .status()).isEqualTo(204);
        }
        return new String[]{id, c.get("client_secret").asString()};
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CALLBACK)
                + "&scope=" + TestAtrium.enc("openid read:things") + "&audience=" + TestAtrium.enc(api) + "&state=st" + extra;
    }

    static TestBrowser.Page login(TestBrowser b, TestBrowser.Page page, String email) {
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", email, "password", PASSWORD)));
    }

    /** Posts {@code fields} to a flow page with the CSRF token and transaction of {@code from}, as a script on that page could. */
    static TestBrowser.Page forge(TestBrowser b, TestBrowser.Page from, String path, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        all.put("_csrf", from.doc().selectFirst("input[name=_csrf]").attr("value"));
        all.put("state", from.doc().selectFirst("input[name=state]").attr("value"));
        return b.post(atrium.baseUrl() + path, all);
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The organization the code was issued for, from the exchanged access token ("-" for none). */
    static String orgOfCode(String[] app, TestBrowser.Page back) throws Exception {
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(CALLBACK);
        String code = query(back.location()).get("code");
        assertThat(code).as(back.location()).isNotNull();
        TestAtrium.Response r = atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + TestAtrium.enc(code)
                + "&redirect_uri=" + TestAtrium.enc(CALLBACK) + "&client_id=" + app[0] + "&client_secret=" + TestAtrium.enc(app[1]));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Object org = SignedJWT.parse(r.json().get("access_token").asString()).getJWTClaimsSet().getClaim("org_id");
        return org == null ? "-" : org.toString();
    }

    static void accept(TestBrowser b, TestBrowser.Page consent, String[] app, String expectedOrg) throws Exception {
        assertThat(consent.screen()).isEqualTo("consent");
        assertThat(orgOfCode(app, b.follow(b.submit(consent, "form", Map.of("action", "accept"))))).isEqualTo(expectedOrg);
    }

    @Test
    void theConsentPageCannotPostAnotherOrganizationToThePrompt() throws Exception {
        String[] app = app("require", "pre_login_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(b, b.open(authorize(app[0], "&organization=" + acme)), email("member"));
        assertThat(consent.screen()).isEqualTo("consent");
        // the attack of the issue: initech by name through the prompt's form, from the consent page
        TestBrowser.Page refused = forge(b, consent, "/u/organization", Map.of("organization", initechName));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.location()).isNull();
        assertThat(refused.body()).contains("can no longer be changed");
        // and through the picker's form, by id
        TestBrowser.Page picker = forge(b, consent, "/u/organization-picker", Map.of("organization", initech));
        assertThat(picker.status()).isEqualTo(400);
        assertThat(picker.location()).isNull();
        // the sign-in goes on into acme, the organization decided on
        accept(b, consent, app, acme);
    }

    @Test
    void thePickerAndThePromptAreClosedOnceTheOrganizationIsSettled() throws Exception {
        String[] app = app("require", "post_login_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), email("member"));
        assertThat(picker.screen()).isEqualTo("organization-picker");
        TestBrowser.Page consent = b.follow(forge(b, picker, "/u/organization-picker", Map.of("organization", acme)));
        assertThat(consent.screen()).isEqualTo("consent");
        // a second choice on the picker, of another of the user's organizations or of a foreign one, is refused
        for (String other : new String[]{globex, initech}) {
            TestBrowser.Page again = forge(b, consent, "/u/organization-picker", Map.of("organization", other));
            assertThat(again.status()).as(other).isEqualTo(400);
            assertThat(again.location()).isNull();
        }
        // the prompt too, after authentication
        assertThat(forge(b, consent, "/u/organization", Map.of("organization", initechName)).status()).isEqualTo(400);
        accept(b, consent, app, acme);
    }

    @Test
    void aSecondPickerPostBeforeTheFlowResumesIsRefused() throws Exception {
        String[] app = app("require", "post_login_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), email("member"));
        TestBrowser.Page first = forge(b, picker, "/u/organization-picker", Map.of("organization", acme));
        assertThat(first.status()).isEqualTo(302);
        // the page is replayed before /authorize/resume was followed: the organization is already chosen
        TestBrowser.Page second = forge(b, picker, "/u/organization-picker", Map.of("organization", globex));
        assertThat(second.status()).isEqualTo(400);
        accept(b, b.follow(first), app, acme);
    }

    @Test
    void thePromptAppliesTheConnectionGateOfTheOrganizationParameter() {
        String[] app = app("require", "pre_login_prompt");
        // the parameter path: initech does not enable the connection the request names
        TestBrowser p = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page byParameter = p.open(authorize(app[0], "&organization=" + initech + "&connection=" + otherConnection));
        assertThat(byParameter.status()).isEqualTo(302);
        assertThat(query(byParameter.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "the connection is not enabled for the organization");
        // the prompt path answers the same, before any credentials are asked
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page prompt = b.open(authorize(app[0], "&connection=" + otherConnection));
        assertThat(prompt.screen()).isEqualTo("organization-selection");
        TestBrowser.Page byPrompt = b.follow(b.submit(prompt, "form", Map.of("organization", initechName)));
        assertThat(byPrompt.status()).isEqualTo(302);
        assertThat(byPrompt.location()).startsWith(CALLBACK);
        assertThat(query(byPrompt.location())).isEqualTo(query(byParameter.location()));
    }

    @Test
    void aPersonalAccountClearsTheOrganizationAndIsThenSettledToo() throws Exception {
        String[] app = app("allow", "post_login_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, b.open(authorize(app[0], "")), email("member"));
        assertThat(picker.screen()).isEqualTo("organization-picker");
        TestBrowser.Page consent = b.follow(forge(b, picker, "/u/organization-picker", Map.of("action", "personal")));
        assertThat(consent.screen()).isEqualTo("consent");
        // after the personal choice was decided, neither an organization nor the personal choice again may be posted
        assertThat(forge(b, consent, "/u/organization-picker", Map.of("organization", acme)).status()).isEqualTo(400);
        assertThat(forge(b, consent, "/u/organization-picker", Map.of("action", "personal")).status()).isEqualTo(400);
        accept(b, consent, app, "-");
    }

    @Test
    void aPersonalAccountChosenAtThePromptReplacesTheOrganizationChosenBefore() throws Exception {
        String[] app = app("allow", "pre_login_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page prompt = b.open(authorize(app[0], ""));
        TestBrowser.Page loginPage = b.follow(b.submit(prompt, "form", Map.of("organization", "acme-" + n)));
        assertThat(loginPage.screen()).isEqualTo("login");
        // back on the prompt (still before credentials), the person takes a personal account instead
        b.follow(forge(b, prompt, "/u/organization", Map.of("action", "personal")));
        TestBrowser.Page consent = login(b, b.open("/u/login?state=" + prompt.doc().selectFirst("input[name=state]").attr("value")),
                email("member"));
        accept(b, consent, app, "-");
    }

    @Test
    void membershipRemovedBetweenTheDecisionAndTheCodeGivesNoCode() {
        String leaver = user("leaver");
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/members", "{\"members\":[\"" + leaver + "\"]}"));
        String[] app = app("require", "no_prompt");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page consent = login(b, b.open(authorize(app[0], "&organization=" + acme)), email("leaver"));
        assertThat(consent.screen()).isEqualTo("consent");
        assertThat(atrium.mgmt("DELETE", "/organizations/" + acme + "/members", "{\"members\":[\"" + leaver + "\"]}").status())
                .isEqualTo(204);
        TestBrowser.Page back = b.follow(b.submit(consent, "form", Map.of("action", "accept")));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).startsWith(CALLBACK);
        assertThat(query(back.location())).doesNotContainKey("code").containsEntry("error", "access_denied");
    }
}
