package dev.atrium.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Third-party applications inside organizations (third-party-apps.md §2.10–§2.11, F2, F5;
 * organizations.md O101–O105, O116, F8, F9): the organization gates at {@code /authorize} and after
 * login, the picker, consent per organization, and client credentials through explicit organization
 * client grants only. Errors X10, X11, X18, X35, X37.
 */
class ThirdPartyOrganizationTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static final String CB = "https://partner.example/callback";
    static final String VERIFIER = "org-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";
    static SignInFixture f;
    static String legacy;
    static String legacyId;
    static String otherDomain;
    /** Allow third-party applications, enable the domain-level database connection and the legacy one; the user is a member. */
    static String acme;
    /** Same as acme. */
    static String contoso;
    /** Blocks third-party applications (the default); the user is a member. */
    static String blocked;
    /** Allows third-party applications but enables only the legacy (not domain-level) connection. */
    static String legacyOnly;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\",\"write:orders\"],\"subject_type\":\"user\"}"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        String n = Long.toString(System.nanoTime(), 36);
        legacy = "legacy-" + n;
        legacyId = ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + legacy + "\",\"strategy\":\"auth0\"}")).get("id").asString();
        otherDomain = "other-" + n;
        ok(atrium.mgmt("POST", "/connections", "{\"name\":\"" + otherDomain + "\",\"strategy\":\"auth0\",\"is_domain_connection\":true}"));
        String both = "[{\"connection_id\":\"" + f.connectionId + "\"},{\"connection_id\":\"" + legacyId + "\"}]";
        acme = org("acme-" + n, "Acme Corporation", "allow", both);
        contoso = org("contoso-" + n, "Contoso", "allow", both);
        blocked = org("blocked-" + n, "Blocked Inc", null, both);
        legacyOnly = org("legacy-only-" + n, "Legacy Only", "allow", "[{\"connection_id\":\"" + legacyId + "\"}]");
        for (String o : List.of(acme, contoso, blocked, legacyOnly)) {
            ok(atrium.mgmt("POST", "/organizations/" + o + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        }
    }

    static String org(String name, String display, String thirdParty, String connections) {
        return ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "\",\"display_name\":\"" + display + "\""
                + (thirdParty == null ? "" : ",\"third_party_client_access\":\"" + thirdParty + "\"")
                + ",\"enabled_connections\":" + connections + "}")).get("id").asString();
    }

    /** A strict third-party web application that may be used with organizations; {@code extra} adds JSON members. */
    static JsonNode partner(String extra) {
        return ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"],\"client_metadata\":{\"owner\":\"Partner Corp\"},"
                + "\"organization_usage\":\"allow\"" + extra + "}"));
    }

    static String authorize(String clientId, String extra) {
        return "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + TestAtrium.enc(CB)
                + "&audience=" + TestAtrium.enc(f.api) + "&scope=" + TestAtrium.enc("openid read:orders offline_access")
                + "&state=st-org&code_challenge=" + SignInFixture.s256(VERIFIER) + "&code_challenge_method=S256" + extra;
    }

    static TestBrowser.Page login(TestBrowser browser, String url) {
        TestBrowser.Page page = browser.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    static TestBrowser.Page accept(TestBrowser browser, TestBrowser.Page consent) {
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        return browser.follow(browser.submit(consent, "form", Map.of("action", "accept")));
    }

    static JsonNode exchange(JsonNode client, String location) {
        String form = "grant_type=authorization_code&code=" + TestAtrium.enc(SignInFlowTest.query(location).get("code"))
                + "&redirect_uri=" + TestAtrium.enc(CB) + "&code_verifier=" + VERIFIER + "&client_id=" + client.get("client_id").asString()
                + "&client_secret=" + TestAtrium.enc(client.get("client_secret").asString());
        TestAtrium.Response r = atrium.postForm("/oauth/token", form);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static Map<String, Object> claims(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getClaims();
    }

    static void errorPage(TestBrowser.Page page, String error, String description) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.doc().select("[data-error]").attr("data-error")).isEqualTo(error);
        assertThat(page.doc().select(".alert").text()).isEqualTo(description);
    }

    static TestBrowser.Page open(String url) {
        return new TestBrowser(atrium.baseUrl()).open(url);
    }

    // ---- gate (a): the organization admits the application (T76a, X10)

    @Test
    void X10_T76_T81_anOrganizationThatBlocksThirdPartyApplicationsIsAnErrorPage() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&organization=" + blocked)), "invalid_request",
                "parameter organization is invalid: " + blocked);
    }

    @Test
    void X10_T77_T61_underAllowAlwaysTheErrorGoesBackWithTheOrganizationId() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":true}"));
        try {
            String id = partner(",\"redirection_policy\":\"allow_always\"").get("client_id").asString();
            String name = ok(atrium.mgmt("GET", "/organizations/" + blocked, null)).get("name").asString();
            TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).get(authorize(id, "&organization=" + name));
            assertThat(page.status()).isEqualTo(302);
            // T77: the id, even though the request named the organization
            assertThat(SignInFlowTest.query(page.location())).containsEntry("error", "invalid_request")
                    .containsEntry("error_description", "parameter organization is invalid: " + blocked).containsEntry("state", "st-org");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"allow_organization_name_in_authentication_api\":false}"));
        }
    }

    @Test
    void T78_O105_perApplicationAccessOverridesTheSwitchBothWays() {
        JsonNode entitledApp = partner("");
        String entitled = entitledApp.get("client_id").asString();
        String denied = partner("").get("client_id").asString();
        String n = Long.toString(System.nanoTime(), 36);
        String conn = "[{\"connection_id\":\"" + f.connectionId + "\"}]";
        String strict = org("entitled-block-" + n, "Entitled", null, conn);
        String open = org("entitled-allow-" + n, "Open", "allow", conn);
        for (String o : List.of(strict, open)) {
            ok(atrium.mgmt("PATCH", "/organizations/" + o, "{\"is_app_entitlement_active\":true}"));
            ok(atrium.mgmt("POST", "/organizations/" + o + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
            ok(atrium.mgmt("POST", "/organizations/" + o + "/clients", "{\"clients\":[{\"client_id\":\"" + entitled
                    + "\",\"use_for_member_access\":true},{\"client_id\":\"" + denied + "\",\"use_for_member_access\":false}]}"));
        }
        // associated with member access: signs in even where third_party_client_access blocks
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page back = accept(browser, login(browser, authorize(entitled, "&organization=" + strict)));
        assertThat(back.location()).startsWith(CB + "?code=");
        // associated without member access: blocked even where third_party_client_access allows
        errorPage(open(authorize(denied, "&organization=" + open)), "invalid_request",
                "parameter organization is invalid: " + open);
        // not associated: the switch decides
        String other = partner("").get("client_id").asString();
        assertThat(open(authorize(other, "&organization=" + open)).screen()).isEqualTo("login");
        errorPage(open(authorize(other, "&organization=" + strict)), "invalid_request",
                "parameter organization is invalid: " + strict);
    }

    @Test
    void T23_T82_permissiveApplicationsHaveNoOrganizationUserFlows() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":true}}"));
        JsonNode c;
        try {
            c = partner(",\"third_party_security_mode\":\"permissive\"");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"third_party_permissive_mode_eligible\":false}}"));
        }
        // permissive applications are not under redirect protection (T22): the error goes back to the callback
        TestBrowser.Page page = new TestBrowser(atrium.baseUrl()).get(authorize(c.get("client_id").asString(), "&organization=" + acme));
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(SignInFlowTest.query(page.location())).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "parameter organization is invalid: " + acme);
    }

    // ---- gate (b): the connection is domain-level and enabled for the organization (T76b, X11)

    @Test
    void X11_T76_T77_aConnectionThatIsNotDomainLevelIsRefusedInTheOrganization() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&organization=" + acme + "&connection=" + legacy)), "invalid_request",
                "connection " + legacy + " is not available for third-party clients in organization " + acme);
    }

    @Test
    void X11_T76_aDomainLevelConnectionNotEnabledForTheOrganizationIsRefused() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&organization=" + acme + "&connection=" + otherDomain)), "invalid_request",
                "connection " + otherDomain + " is not available for third-party clients in organization " + acme);
    }

    @Test
    void X9_T41_T76_anOrganizationWithoutAnyDomainLevelConnectionOffersNothing() {
        String id = partner("").get("client_id").asString();
        TestBrowser.Page page = open(authorize(id, "&organization=" + legacyOnly));
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.doc().select(".alert").text()).isEqualTo("no connections are available for this application");
    }

    @Test
    void T34_theApiCheckComesBeforeTheOrganizationGates() {
        String id = partner("").get("client_id").asString();
        String mgmt = null;
        for (JsonNode rs : ok(atrium.mgmt("GET", "/resource-servers", null))) {
            if (rs.path("is_system").asBoolean(false)) {
                mgmt = rs.get("identifier").asString();
            }
        }
        String url = authorize(id, "&organization=" + blocked).replace(TestAtrium.enc(f.api), TestAtrium.enc(mgmt));
        errorPage(open(url), "unauthorized_client",
                "Client \"" + id + "\" is not authorized to access resource server \"" + mgmt + "\"");
    }

    // ---- the whole flow, consent per organization (F2, T72, O104)

    @Test
    void F2_T41_T55_T67_T72_T73_consentPerOrganizationAndTokensWithOrgId() throws Exception {
        JsonNode client = partner("");
        String id = client.get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open(authorize(id, "&organization=" + acme));
        assertThat(page.screen()).isEqualTo("login");
        // T41 with T77: the organization's domain-level connections only
        assertThat(page.body()).doesNotContain(legacy);
        TestBrowser.Page consent = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(consent.screen()).isEqualTo("consent");
        // T67: the screen names the application, its owner, the organization and each scope
        assertThat(consent.doc().text()).contains(client.get("name").asString()).contains("Partner Corp")
                .contains("Acme Corporation").contains("Orders: read your orders").doesNotContain("openid");
        TestBrowser.Page back = accept(browser, consent);
        assertThat(back.location()).startsWith(CB + "?");
        JsonNode tokens = exchange(client, back.location());
        assertThat(tokens.has("id_token")).as("T53").isFalse();
        Map<String, Object> claims = claims(tokens);
        assertThat(claims).containsEntry("org_id", acme).containsEntry("azp", id);
        assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder("read:orders", "offline_access");

        // the same organization: no consent screen
        TestBrowser.Page again = browser.get(authorize(id, "&organization=" + acme));
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location()).startsWith(CB + "?code=");
        // another organization: consent given in acme does not count (T72)
        TestBrowser.Page second = browser.open(authorize(id, "&organization=" + contoso));
        assertThat(second.screen()).isEqualTo("consent");
        assertThat(second.doc().text()).contains("Contoso");
        assertThat(claims(exchange(client, accept(browser, second).location()))).containsEntry("org_id", contoso);
        // nor does it cover a login without organization
        assertThat(browser.open(authorize(id, "")).screen()).isEqualTo("consent");

        // /api/v2/grants: one record per organization, filtered by organization_id
        JsonNode all = ok(atrium.mgmt("GET", "/grants?user_id=" + TestAtrium.enc(f.userId) + "&client_id=" + id, null));
        assertThat(all).hasSize(2);
        JsonNode inAcme = ok(atrium.mgmt("GET", "/grants?client_id=" + id + "&organization_id=" + acme, null));
        assertThat(inAcme).hasSize(1);
        assertThat(inAcme.get(0).get("organization_id").asString()).isEqualTo(acme);
        assertThat(inAcme.get(0).get("clientID").asString()).isEqualTo(id);

        // T73: revoking in acme asks again in acme only; contoso keeps its consent
        assertThat(atrium.mgmt("DELETE", "/grants/" + inAcme.get(0).get("id").asString(), null).status()).isEqualTo(204);
        assertThat(browser.open(authorize(id, "&organization=" + acme)).screen()).isEqualTo("consent");
        TestBrowser.Page stillContoso = browser.get(authorize(id, "&organization=" + contoso));
        assertThat(stillContoso.status()).isEqualTo(302);
        assertThat(stillContoso.location()).startsWith(CB + "?code=");
        // T71: prompt=consent asks again for that organization
        assertThat(browser.open(authorize(id, "&organization=" + contoso + "&prompt=consent")).screen()).isEqualTo("consent");
    }

    // ---- the post-login picker (T79)

    @Test
    void T79_O105_thePickerListsOnlyOrganizationsThatAdmitTheApplication() {
        String id = partner(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"")
                .get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(browser, authorize(id, ""));
        assertThat(picker.screen()).as(picker.body()).isEqualTo("organization-picker");
        List<String> offered = new ArrayList<>();
        picker.doc().select("[name=organization]").forEach(e -> offered.add(e.attr("value")));
        assertThat(offered).contains(acme, contoso, legacyOnly).doesNotContain(blocked);
        // an organization that blocks third-party applications cannot be forced through the picker
        TestBrowser.Page refused = browser.follow(browser.submit(picker, "form", Map.of("organization", blocked)));
        errorPage(refused, "invalid_request", "parameter organization is invalid: " + blocked);
    }

    @Test
    void X11_T79_anOrganizationPickedAfterLoginMustEnableTheConnection() {
        String id = partner(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"")
                .get("client_id").asString();
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(browser, authorize(id, ""));
        TestBrowser.Page refused = browser.follow(browser.submit(picker, "form", Map.of("organization", legacyOnly)));
        errorPage(refused, "invalid_request", "connection Username-Password-Authentication is not available "
                + "for third-party clients in organization " + legacyOnly);
        // a good choice signs in: consent for that organization, then the code
        TestBrowser.Page again = login(browser = new TestBrowser(atrium.baseUrl()), authorize(id, ""));
        TestBrowser.Page consent = browser.follow(browser.submit(again, "form", Map.of("organization", acme)));
        assertThat(consent.doc().text()).contains("Acme Corporation");
        assertThat(accept(browser, consent).location()).startsWith(CB + "?code=");
    }

    // ---- the pre-login prompt (O37, O38 with T76a)

    @Test
    void O38_X10_T76_thePreLoginPromptAdmitsOnlyOrganizationsThatAllowThirdPartyApplications() throws Exception {
        JsonNode client = partner(",\"organization_usage\":\"require\",\"organization_require_behavior\":\"pre_login_prompt\","
                + "\"organization_discovery_methods\":[\"organization_name\"]");
        assertThat(client.get("oidc_conformant").asBoolean()).as("a strict third-party application").isTrue();
        String id = client.get("client_id").asString();
        String acmeName = ok(atrium.mgmt("GET", "/organizations/" + acme, null)).get("name").asString();
        String blockedName = ok(atrium.mgmt("GET", "/organizations/" + blocked, null)).get("name").asString();

        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page prompt = browser.open(authorize(id, ""));
        assertThat(prompt.screen()).as(prompt.body()).isEqualTo("organization-selection");
        TestBrowser.Page page = browser.follow(browser.submit(prompt, "form", Map.of("organization", acmeName)));
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        TestBrowser.Page consent = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(consent.doc().text()).contains("Acme Corporation");
        assertThat(claims(exchange(client, accept(browser, consent).location()))).containsEntry("org_id", acme);

        // X10: the organization is found by its name, but it does not admit third-party applications
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page refused = other.follow(other.submit(other.open(authorize(id, "")), "form", Map.of("organization", blockedName)));
        errorPage(refused, "invalid_request", "parameter organization is invalid: " + blocked);
    }

    // ---- invitations (T80, O80/E6)

    @Test
    void T80_E6_X1_invitationsAreRefusedForThirdPartyApplications() {
        String id = partner("").get("client_id").asString();
        errorPage(open(authorize(id, "&organization=" + acme + "&invitation=abc")), "invalid_request",
                "parameter invitation is not supported for third-party clients");
    }

    // ---- machine to machine (T85–T87, F5)

    /** A confidential strict third-party application with client credentials and a grant for the API. */
    static JsonNode[] m2m(String grantExtra) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner M2M " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"non_interactive\",\"token_endpoint_auth_method\":\"client_secret_post\","
                + "\"grant_types\":[\"client_credentials\"]}"));
        TestAtrium.Response g = atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + c.get("client_id").asString()
                + "\",\"audience\":\"" + f.api + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"client\"" + grantExtra + "}");
        return new JsonNode[]{c, g.status() == 201 ? g.json() : null};
    }

    static TestAtrium.Response clientCredentials(JsonNode c, String organization) {
        return atrium.postForm("/oauth/token", "grant_type=client_credentials&client_id=" + c.get("client_id").asString()
                + "&client_secret=" + TestAtrium.enc(c.get("client_secret").asString()) + "&audience=" + TestAtrium.enc(f.api)
                + (organization == null ? "" : "&organization=" + organization));
    }

    static void tokenError(TestAtrium.Response r, int status, String error, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").asString()).isEqualTo(error);
        assertThat(r.json().get("error_description").asString()).isEqualTo(description);
    }

    @Test
    void X35_T85_O116_allowAnyOrganizationIsRefusedForThirdPartyGrants() {
        JsonNode c = m2m("")[0];
        TestAtrium.Response r = atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + c.get("client_id").asString()
                + "\",\"audience\":\"" + f.api + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"client\","
                + "\"organization_usage\":\"allow\",\"allow_any_organization\":true}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("allow_any_organization is not available for third-party clients");
        JsonNode grant = m2m(",\"organization_usage\":\"allow\"")[1];
        TestAtrium.Response patch = atrium.mgmt("PATCH", "/client-grants/" + grant.get("id").asString(), "{\"allow_any_organization\":true}");
        assertThat(patch.status()).as(patch.toString()).isEqualTo(400);
    }

    @Test
    void X18_T85_T86_F5_organizationsOnlyThroughAnExplicitOrganizationClientGrant() throws Exception {
        JsonNode[] app = m2m(",\"organization_usage\":\"require\"");
        // X18: not associated
        tokenError(clientCredentials(app[0], acme), 403, "access_denied", "client is not authorized to access organization " + acme);
        ok(atrium.mgmt("POST", "/organizations/" + acme + "/client-grants", "{\"grant_id\":\"" + app[1].get("id").asString() + "\"}"));
        TestAtrium.Response ok = clientCredentials(app[0], acme);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        Map<String, Object> claims = claims(ok.json());
        assertThat(claims).containsEntry("org_id", acme).containsEntry("gty", "client-credentials")
                .containsEntry("sub", app[0].get("client_id").asString() + "@clients");
        // T86 (O103): third_party_client_access is not evaluated for client credentials
        ok(atrium.mgmt("POST", "/organizations/" + blocked + "/client-grants", "{\"grant_id\":\"" + app[1].get("id").asString() + "\"}"));
        assertThat(claims(clientCredentials(app[0], blocked).json())).containsEntry("org_id", blocked);
        // still only that association: contoso is refused
        tokenError(clientCredentials(app[0], contoso), 403, "access_denied", "client is not authorized to access organization " + contoso);
    }

    @Test
    void X37_T87_aDefaultThirdPartyGrantCannotBeAssociatedWithAnOrganization() {
        String audience = "https://defaults-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + audience + "\",\"name\":\"Defaults\","
                + "\"scopes\":[{\"value\":\"read:x\"}]}"));
        JsonNode grant = ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:x\"],\"subject_type\":\"client\",\"organization_usage\":\"allow\"}"));
        TestAtrium.Response r = atrium.mgmt("POST", "/organizations/" + acme + "/client-grants",
                "{\"grant_id\":\"" + grant.get("id").asString() + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("organization client grants require a client-specific grant");
    }
}
