package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.WEB_CALLBACK;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /authorize} error of api-contract.md §A.5 steps 1–4 that applies to first-party
 * applications: before the client and redirect URI are trusted the error is a page (never a
 * redirect); after that it goes back to the callback with {@code error}, {@code error_description},
 * the caller's {@code state} and {@code iss}.
 */
class AuthorizeErrorsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String m2mId;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        m2mId = SignInFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Batch\",\"app_type\":\"non_interactive\","
                + "\"callbacks\":[\"" + WEB_CALLBACK + "\"],\"grant_types\":[\"client_credentials\"]}")).get("client_id").asString();
    }

    static String web(String params) {
        return "/authorize?client_id=" + f.webId + "&redirect_uri=" + enc(WEB_CALLBACK) + "&state=st-1" + params;
    }

    static String spa(String params) {
        return "/authorize?response_type=code&client_id=" + f.spaId + "&redirect_uri=" + enc(SignInFixture.SPA_CALLBACK)
                + "&scope=openid&state=st-1" + params;
    }

    /** An error page: status 400, no Location, the error code and text shown. */
    static void assertPage(String path, String error, String description) {
        TestAtrium.Response r = atrium.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
        assertThat(r.header("Content-Type")).startsWith("text/html");
        Element e = Jsoup.parse(r.body()).selectFirst("[data-error]");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.attr("data-error")).isEqualTo(error);
        assertThat(e.selectFirst("[role=alert]").text()).isEqualTo(description);
    }

    /** An error redirected to {@code callback}'s query with the state and issuer. */
    static Map<String, String> assertRedirect(String path, String callback, String error, String description) {
        TestAtrium.Response r = atrium.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        String location = r.header("Location");
        assertThat(location).startsWith(callback + "?");
        Map<String, String> q = SignInFixture.query(location);
        assertThat(q).containsEntry("error", error).containsEntry("error_description", description)
                .containsEntry("state", "st-1").containsEntry("iss", atrium.issuer()).doesNotContainKey("code");
        return q;
    }

    @Test
    void unknownClientIsAPage() {
        assertPage("/authorize?response_type=code&client_id=nope&redirect_uri=" + enc(WEB_CALLBACK) + "&state=st-1",
                "invalid_request", "Unknown client: nope");
    }

    @Test
    void missingClientIdIsAPage() {
        assertPage("/authorize?response_type=code&redirect_uri=" + enc(WEB_CALLBACK), "invalid_request",
                "Missing required parameter: client_id");
    }

    @Test
    void unregisteredRedirectUriIsAPage() {
        assertPage("/authorize?response_type=code&client_id=" + f.webId + "&redirect_uri=" + enc("https://evil.example.com/cb"),
                "invalid_request", "The redirect_uri \"https://evil.example.com/cb\" is not in the list of allowed callback URLs of the application.");
    }

    @Test
    void redirectUriDifferingOnlyInItsQueryIsAPage() {
        String uri = WEB_CALLBACK + "?next=/admin";
        assertPage("/authorize?response_type=code&client_id=" + f.webId + "&redirect_uri=" + enc(uri), "invalid_request",
                "The redirect_uri \"" + uri + "\" is not in the list of allowed callback URLs of the application.");
    }

    @Test
    void missingRedirectUriOnAnOpenIdRequestIsAPage() {
        assertPage("/authorize?response_type=code&scope=openid&client_id=" + f.webId + "&state=st-1", "invalid_request",
                "Missing required parameter: redirect_uri");
    }

    @Test
    void unsupportedResponseTypeIsRedirected() {
        assertRedirect(web("&response_type=magic&scope=openid"), WEB_CALLBACK, "unsupported_response_type",
                "Unsupported response type: magic");
    }

    @Test
    void unsupportedImplicitResponseTypeIsAnsweredInTheFragment() {
        TestAtrium.Response r = atrium.get(web("&response_type=" + enc("id_token token") + "&scope=openid&nonce=n"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).startsWith(WEB_CALLBACK + "#");
        assertThat(SignInFixture.fragment(r.header("Location"))).containsEntry("error", "unsupported_response_type")
                .containsEntry("state", "st-1").containsEntry("iss", atrium.issuer());
    }

    @Test
    void missingRedirectUriOnAPlainOAuthRequestFallsBackToTheOnlyCallback() {
        TestAtrium.Response r = atrium.get("/authorize?response_type=code&client_id=" + f.webId + "&state=st-1&response_mode=bogus");
        assertThat(r.status()).isEqualTo(302);
        assertThat(SignInFixture.query(r.header("Location"))).containsEntry("error", "invalid_request");
        assertThat(r.header("Location")).startsWith(WEB_CALLBACK + "?");
    }

    @Test
    void missingResponseTypeIsRedirected() {
        assertRedirect(web("&scope=openid"), WEB_CALLBACK, "invalid_request", "Missing required parameter: response_type");
    }

    @Test
    void unsupportedResponseModeIsRedirected() {
        assertRedirect(web("&response_type=code&scope=openid&response_mode=web_message"), WEB_CALLBACK,
                "invalid_request", "Unsupported response_mode: web_message");
    }

    @Test
    void responseTypeNotAllowedByTheGrantTypesIsUnauthorizedClient() {
        assertRedirect("/authorize?response_type=code&scope=openid&client_id=" + m2mId + "&redirect_uri=" + enc(WEB_CALLBACK)
                + "&state=st-1", WEB_CALLBACK, "unauthorized_client", "Grant type 'authorization_code' not allowed for the client.");
    }

    @Test
    void unknownPromptValueIsRedirected() {
        assertRedirect(web("&response_type=code&scope=openid&prompt=maybe"), WEB_CALLBACK, "invalid_request",
                "Unsupported prompt value: maybe");
    }

    @Test
    void promptNoneCombinedWithAnotherValueIsRedirected() {
        assertRedirect(web("&response_type=code&scope=openid&prompt=" + enc("none login")), WEB_CALLBACK, "invalid_request",
                "prompt=none cannot be combined with other values");
    }

    @Test
    void malformedMaxAgeIsRedirected() {
        assertRedirect(web("&response_type=code&scope=openid&max_age=soon"), WEB_CALLBACK, "invalid_request",
                "max_age must be a non-negative integer");
        assertRedirect(web("&response_type=code&scope=openid&max_age=-5"), WEB_CALLBACK, "invalid_request",
                "max_age must be a non-negative integer");
    }

    @Test
    void publicClientWithoutPkceIsRedirected() {
        assertRedirect(spa(""), SignInFixture.SPA_CALLBACK, "invalid_request", "Missing required parameter: code_challenge");
    }

    @Test
    void publicClientWithPlainPkceIsRedirected() {
        assertRedirect(spa("&code_challenge=" + "a".repeat(43) + "&code_challenge_method=plain"), SignInFixture.SPA_CALLBACK,
                "invalid_request", "code_challenge_method must be S256");
    }

    @Test
    void malformedCodeChallengeIsRedirected() {
        assertRedirect(spa("&code_challenge=short&code_challenge_method=S256"), SignInFixture.SPA_CALLBACK,
                "invalid_request", "code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]");
        assertRedirect(spa("&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S512"), SignInFixture.SPA_CALLBACK,
                "invalid_request", "Unsupported code_challenge_method: S512");
    }

    @Test
    void unknownAudienceIsServiceNotFound() {
        assertRedirect(web("&response_type=code&scope=openid&audience=" + enc("https://nowhere.example.com/")), WEB_CALLBACK,
                "access_denied", "Service not found: https://nowhere.example.com/");
    }

    @Test
    void apiDenyingUserFlowsIsAccessDenied() {
        String api = "https://closed-" + System.nanoTime() + ".example.com/";
        SignInFixture.ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Closed\","
                + "\"subject_type_authorization\":{\"user\":{\"policy\":\"deny_all\"}}}"));
        assertRedirect(web("&response_type=code&scope=openid&audience=" + enc(api)), WEB_CALLBACK, "access_denied",
                "Access to the API \"" + api + "\" is denied for user flows.");
    }

    @Test
    void organizationForAClientThatDeniesOrganizationsIsRedirected() {
        assertRedirect(web("&response_type=code&scope=openid&organization=org_abcdefghijklmnop"), WEB_CALLBACK,
                "invalid_request", "parameter organization is not allowed for this client");
    }

    @Test
    void aValidRequestReachesTheLoginPage() {
        TestAtrium.Response r = atrium.get(web("&response_type=code&scope=openid"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).startsWith("/u/login?state=");
    }
}
