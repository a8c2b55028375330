package dev.atrium.oauth;

import dev.atrium.access.ReasonCode;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 point 5 and issue 19 point 4, over HTTP: every refusal of the grant checks (the client's grant
 * types and client grants, the scope policy, the third-party grants, the organization of a
 * client-credentials token, the code exchange and the refresh re-check) answers the client in OAuth's
 * words and records, in the tenant log entry, the stable reason code that refused it.
 *
 * <p>The table below is the specification: one row per refusal case, its log type, its answer and its
 * reason code. Rows run in order, because some spend what an earlier row left unspent.
 */
class GrantRefusalReasonsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    static String m2mId;
    static String m2mSecret;
    static String webOrgId;
    static String webOrgSecret;
    static String apiNoGrant;
    static String apiDenyAll;
    static String apiAllowOrg;
    static String apiRequireOrg;
    static String apiUserGrantRequired;
    static String apiGone;
    static String strayOrganization;
    static String memberOrganization;
    static String user2;
    /** The fixture user's browser, signed in: /authorize answers without a login page. */
    static TestBrowser browser;
    /** A code for the fixture's API, refused several ways before it is spent once and replayed. */
    static String code;
    /** A rotating refresh token of the fixture user for the fixture's API. */
    static String refresh;
    /** A refresh token of the second user for {@link #apiGone}. */
    static String refresh2;
    /** Codes of the second user, exchanged after the user is blocked, and deleted. */
    static String codeOfBlocked;
    static String codeOfDeleted;
    /** A refresh token issued in {@link #memberOrganization}. */
    static String refreshInOrganization;

    /** What came back: the HTTP status and the OAuth error (from the JSON body, or the redirect's query). */
    record Answer(int status, String error) {
        static Answer of(TestAtrium.Response r) {
            return new Answer(r.status(), r.json().path("error").asString());
        }
    }

    /** One refusal: how to cause it, and what the client and the log must show. */
    record Case(String name, String logType, Supplier<String> clientId, int status, String error, ReasonCode reason,
                Supplier<Answer> request) {
    }

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        String n = Long.toString(System.nanoTime(), 36);
        apiNoGrant = api("nogrant-" + n, "");
        apiDenyAll = api("denyall-" + n, ",\"subject_type_authorization\":{\"client\":{\"policy\":\"deny_all\"}}");
        apiAllowOrg = api("alloworg-" + n, "");
        apiRequireOrg = api("requireorg-" + n, "");
        apiUserGrantRequired = api("usergrant-" + n, ",\"subject_type_authorization\":{\"user\":{\"policy\":\"require_client_grant\"}}");
        apiGone = api("gone-" + n, ",\"allow_offline_access\":true");

        JsonNode m2m = SignInFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Refusals M2M " + n
                + "\",\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]}"));
        m2mId = m2m.get("client_id").asString();
        m2mSecret = m2m.get("client_secret").asString();
        grant(m2mId, f.api, "");
        grant(m2mId, apiDenyAll, "");
        grant(m2mId, apiAllowOrg, ",\"organization_usage\":\"allow\"");
        grant(m2mId, apiRequireOrg, ",\"organization_usage\":\"require\"");
        strayOrganization = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"stray-" + n + "\"}")).get("id").asString();

        // the fixture user: a code refused several ways, and a rotating refresh token
        browser = new TestBrowser(atrium.baseUrl());
        code = f.code(browser, f.authorizeWeb("openid offline_access read:orders", "&audience=" + enc(f.api)));
        String other = f.code(browser, f.authorizeWeb("openid offline_access read:orders", "&audience=" + enc(f.api)));
        refresh = SignInFixture.ok(f.exchangeWeb(other)).get("refresh_token").asString();

        // a second user, whose refresh token outlives a block, its API and the user itself
        String email2 = "refused-" + n + "@example.com";
        user2 = SignInFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email2 + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}")).get("user_id").asString();
        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = second.open(f.authorizeWeb("openid offline_access", "&audience=" + enc(apiGone)));
        TestBrowser.Page back = second.follow(second.submit(login, "form", Map.of("username", email2, "password", SignInFixture.PASSWORD)));
        if ("consent".equals(back.screen())) {
            back = second.follow(second.submit(back, "form", Map.of("action", "accept")));
        }
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        refresh2 = SignInFixture.ok(f.exchangeWeb(SignInFixture.query(back.location()).get("code"))).get("refresh_token").asString();
        // two unspent codes of the second user (the session answers without a login page)
        codeOfBlocked = f.code(second, f.authorizeWeb("openid", ""));
        codeOfDeleted = f.code(second, f.authorizeWeb("openid", ""));

        // a sign-in in an organization, through an application that allows organizations
        JsonNode webOrg = f.webClient("Refusals Org Web " + n, ",\"organization_usage\":\"allow\"");
        webOrgId = webOrg.get("client_id").asString();
        webOrgSecret = webOrg.get("client_secret").asString();
        memberOrganization = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"members-" + n + "\"}")).get("id").asString();
        SignInFixture.ok(atrium.mgmt("POST", "/organizations/" + memberOrganization + "/enabled_connections",
                "{\"connection_id\":\"" + f.connectionId + "\"}"));
        assertThat(atrium.mgmt("POST", "/organizations/" + memberOrganization + "/members", "{\"members\":[\"" + f.userId + "\"]}")
                .status()).isEqualTo(204);
        TestBrowser.Page inOrg = f.signIn(new TestBrowser(atrium.baseUrl()), "/authorize?response_type=code&client_id=" + webOrgId
                + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK) + "&scope=" + enc("openid offline_access")
                + "&state=o-1&organization=" + memberOrganization);
        assertThat(inOrg.status()).as(inOrg.body()).isEqualTo(302);
        refreshInOrganization = SignInFixture.ok(atrium.postForm("/oauth/token", "grant_type=authorization_code&code="
                + enc(SignInFixture.query(inOrg.location()).get("code")) + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK)
                + "&client_id=" + webOrgId + "&client_secret=" + enc(webOrgSecret))).get("refresh_token").asString();
    }

    static String api(String name, String extra) {
        String identifier = "https://" + name + ".example.com/";
        SignInFixture.ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + identifier + "\",\"name\":\"" + name
                + "\",\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read\"}]" + extra + "}"));
        return identifier;
    }

    static void grant(String clientId, String audience, String extra) {
        SignInFixture.ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:orders\"]" + extra + "}"));
    }

    static Answer m2m(String id, String secret, String extra) {
        return Answer.of(atrium.postForm("/oauth/token", "grant_type=client_credentials&client_id=" + enc(id)
                + "&client_secret=" + enc(secret) + extra));
    }

    static Answer m2m(String extra) {
        return m2m(m2mId, m2mSecret, extra);
    }

    static Answer exchange(String extra) {
        return Answer.of(atrium.postForm("/oauth/token", "grant_type=authorization_code&code=" + enc(code)
                + "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret) + extra));
    }

    static Answer refreshWeb(String token, String extra) {
        return Answer.of(atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token=" + enc(token)
                + "&client_id=" + f.webId + "&client_secret=" + enc(f.webSecret) + extra));
    }

    /** /authorize in the signed-in browser; the error the redirect carries back to the application. */
    static Answer authorize(String audience, String scope) {
        TestBrowser.Page p = f.signIn(browser, f.authorizeWeb(scope, "&audience=" + enc(audience)));
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        return new Answer(p.status(), SignInFixture.query(p.location()).get("error"));
    }

    static Answer run(Runnable before, Supplier<Answer> request) {
        before.run();
        return request.get();
    }

    static final String CC = "feccft";
    static final String CODE = "feacft";
    static final String REFRESH = "fertft";

    static List<Case> table() {
        Supplier<String> m2m = () -> m2mId;
        Supplier<String> web = () -> f.webId;
        String callback = "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK);
        return List.of(
                // the client's grant types and client grants
                new Case("a web application asks for client credentials", CC, web, 403, "unauthorized_client",
                        ReasonCode.GRANT_TYPE_NOT_ALLOWED, () -> m2m(f.webId, f.webSecret, "&audience=" + enc(f.api))),
                new Case("no audience and no default audience", CC, m2m, 403, "access_denied", ReasonCode.AUDIENCE_MISSING,
                        () -> m2m("")),
                new Case("an audience that is no API", CC, m2m, 403, "access_denied", ReasonCode.UNKNOWN_API,
                        () -> m2m("&audience=" + enc("https://no-such-api.example.com/"))),
                new Case("an API without a client grant", CC, m2m, 403, "access_denied", ReasonCode.NO_CLIENT_GRANT,
                        () -> m2m("&audience=" + enc(apiNoGrant))),
                new Case("an API whose client policy is deny_all", CC, m2m, 403, "access_denied",
                        ReasonCode.API_ACCESS_DENIED_BY_POLICY, () -> m2m("&audience=" + enc(apiDenyAll))),
                // client credentials to an organization
                new Case("an organization under a grant that denies organizations", CC, m2m, 400, "invalid_request",
                        ReasonCode.ORGANIZATION_NOT_ALLOWED_FOR_GRANT,
                        () -> m2m("&audience=" + enc(f.api) + "&organization=" + strayOrganization)),
                new Case("an organization that does not exist", CC, m2m, 400, "invalid_request", ReasonCode.UNKNOWN_ORGANIZATION,
                        () -> m2m("&audience=" + enc(apiAllowOrg) + "&organization=org_doesnotexist0000")),
                new Case("no organization under a grant that requires one", CC, m2m, 400, "invalid_request",
                        ReasonCode.ORGANIZATION_REQUIRED_FOR_GRANT, () -> m2m("&audience=" + enc(apiRequireOrg))),
                new Case("an organization that has not enabled the grant", CC, m2m, 403, "access_denied",
                        ReasonCode.CLIENT_GRANT_NOT_ENABLED_FOR_ORGANIZATION,
                        () -> m2m("&audience=" + enc(apiAllowOrg) + "&organization=" + strayOrganization)),
                // the scope policy at code issuance (logged as a failed login, with the inputs)
                new Case("a user flow for an API that requires a client grant", "f", web, 302, "access_denied",
                        ReasonCode.NO_USER_CLIENT_GRANT, () -> authorize(apiUserGrantRequired, "openid read:orders")),
                // the code exchange: refusals that leave the code unspent, then its replay
                new Case("a resource other than the code's API", CODE, web, 400, "invalid_target", ReasonCode.RESOURCE_NOT_GRANTED,
                        () -> exchange(callback + "&resource=" + enc(apiNoGrant))),
                new Case("another redirect_uri", CODE, web, 403, "invalid_grant", ReasonCode.REDIRECT_URI_MISMATCH,
                        () -> exchange("&redirect_uri=" + enc("https://app.example.com/elsewhere"))),
                new Case("a PKCE verifier for a code without a challenge", CODE, web, 403, "invalid_grant",
                        ReasonCode.PKCE_VERIFICATION_FAILED, () -> exchange(callback + "&code_verifier=" + "v".repeat(43))),
                new Case("a code replayed after its exchange", CODE, web, 403, "invalid_grant", ReasonCode.AUTHORIZATION_CODE_REPLAYED,
                        () -> run(() -> assertThat(exchange(callback).status()).isEqualTo(200), () -> exchange(callback))),
                new Case("a code that was never issued", CODE, web, 403, "invalid_grant", ReasonCode.AUTHORIZATION_CODE_INVALID,
                        () -> Answer.of(f.exchangeWeb("never-issued-" + System.nanoTime()))),
                // (before the second user's block revokes its refresh token)
                new Case("the API was deleted since", REFRESH, web, 403, "invalid_grant", ReasonCode.API_NO_LONGER_EXISTS,
                        () -> run(() -> assertThat(atrium.mgmt("DELETE", "/resource-servers/" + enc(apiGone), null).status())
                                .isBetween(200, 204), () -> refreshWeb(refresh2, ""))),
                // a block or a deletion revokes refresh tokens at once, so the code exchange is where these two show
                new Case("the user was blocked since the code was issued", CODE, web, 403, "invalid_grant", ReasonCode.USER_BLOCKED,
                        () -> run(() -> SignInFixture.ok(atrium.mgmt("PATCH", "/users/" + enc(user2), "{\"blocked\":true}")),
                                () -> Answer.of(f.exchangeWeb(codeOfBlocked)))),
                new Case("the user was deleted since the code was issued", CODE, web, 403, "invalid_grant", ReasonCode.USER_NOT_FOUND,
                        () -> run(() -> assertThat(atrium.mgmt("DELETE", "/users/" + enc(user2), null).status()).isEqualTo(204),
                                () -> Answer.of(f.exchangeWeb(codeOfDeleted)))),
                // the refresh re-check
                new Case("a refresh token that was never issued", REFRESH, web, 403, "invalid_grant", ReasonCode.REFRESH_TOKEN_INVALID,
                        () -> refreshWeb("never-issued-" + System.nanoTime(), "")),
                new Case("a refresh asking for more than was granted", REFRESH, web, 403, "invalid_scope",
                        ReasonCode.SCOPE_EXCEEDS_GRANT, () -> refreshWeb(refresh, "&scope=" + enc("openid write:orders"))),
                new Case("a rotated refresh token used again", REFRESH, web, 403, "invalid_grant", ReasonCode.REFRESH_TOKEN_REUSED,
                        () -> run(() -> assertThat(refreshWeb(refresh, "").status()).isEqualTo(200), () -> refreshWeb(refresh, ""))),
                new Case("the user left the organization since", REFRESH, () -> webOrgId, 403, "invalid_grant", ReasonCode.NOT_A_MEMBER,
                        () -> run(() -> assertThat(atrium.mgmt("DELETE", "/organizations/" + memberOrganization + "/members",
                                        "{\"members\":[\"" + f.userId + "\"]}").status()).isEqualTo(204),
                                () -> Answer.of(atrium.postForm("/oauth/token", "grant_type=refresh_token&refresh_token="
                                        + enc(refreshInOrganization) + "&client_id=" + webOrgId + "&client_secret=" + enc(webOrgSecret))))));
    }

    @Test
    void everyGrantRefusalAnswersInOAuthWordsAndLogsItsReasonCode() {
        Set<ReasonCode> covered = EnumSet.noneOf(ReasonCode.class);
        List<String> failures = new ArrayList<>();
        for (Case c : table()) {
            Instant before = Instant.now().minusSeconds(1);
            Answer a = c.request().get();
            assertThat(a).as(c.name()).isEqualTo(new Answer(c.status(), c.error()));
            JsonNode event = TenantLogsTest.awaitIn(atrium, "type:" + c.logType() + " AND client_id:" + c.clientId().get(),
                    e -> c.reason().code().equals(e.path("details").path("reason").asString())
                            && !Instant.parse(e.get("date").asString()).isBefore(before));
            if (event == null) {
                failures.add(c.name() + ": no " + c.logType() + " event with reason " + c.reason().code());
                continue;
            }
            assertThat(event.path("description").asString()).as(c.name()).isNotBlank();
            covered.add(c.reason());
        }
        assertThat(failures).isEmpty();
        assertThat(covered).as("rows in the table").hasSize(table().size());
    }

    /** Issue 19 point 4: a refusal at code issuance shows the inputs the check saw, in data. */
    @Test
    void aScopePolicyRefusalShowsItsInputs() {
        Answer a = authorize(apiUserGrantRequired, "openid read:orders");
        assertThat(a.error()).isEqualTo("access_denied");
        JsonNode e = TenantLogsTest.awaitIn(atrium, "type:f AND client_id:" + f.webId,
                x -> ReasonCode.NO_USER_CLIENT_GRANT.code().equals(x.path("details").path("reason").asString()));
        assertThat(e).isNotNull();
        assertThat(e.get("user_id").asString()).isEqualTo(f.userId);
        assertThat(e.get("audience").asString()).isEqualTo(apiUserGrantRequired);
        JsonNode inputs = e.get("details").get("inputs");
        assertThat(inputs.get("user_policy").asString()).isEqualTo("require_client_grant");
        assertThat(inputs.get("third_party").asBoolean()).isFalse();
    }
}
