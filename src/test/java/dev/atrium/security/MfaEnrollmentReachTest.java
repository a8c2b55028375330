package dev.atrium.security;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, a boundary of the factor pages: they serve only a flow that the policy sent to the MFA step. Whoever holds
 * a signed-in browser (a borrowed laptop, a stolen session cookie) must not be able to enroll a factor of their own
 * for a user whom no policy asked for one: the session proves the sign-in, not a right to add a way in.
 */
class MfaEnrollmentReachTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static final String CB = "https://partner.example/callback";

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        // the factors are on, the policy asks for none
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-roaming", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, "{\"is_domain_connection\":true}"));
        ok(atrium.mgmt("POST", "/client-grants", "{\"default_for\":\"third_party_clients\",\"audience\":\"" + f.api
                + "\",\"scope\":[\"read:orders\"],\"subject_type\":\"user\"}"));
    }

    @Test
    void aSignedInBrowserPausedOnConsentCannotOpenOrAnswerTheFactorPages() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        // a sign-in to the vendor's own application leaves an SSO session in this browser
        String code = f.code(b, f.authorizeWeb("openid", ""));
        assertThat(code).isNotBlank();
        // the session is adopted by a partner application's flow, which stops on the consent page
        JsonNode partner = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Partner " + System.nanoTime() + "\",\"is_first_party\":false,"
                + "\"app_type\":\"regular_web\",\"callbacks\":[\"" + CB + "\"],\"client_metadata\":{\"owner\":\"Partner Corp\"}}"));
        TestBrowser.Page consent = b.follow(b.open("/authorize?response_type=code&client_id=" + partner.get("client_id").asString()
                + "&redirect_uri=" + TestAtrium.enc(CB) + "&audience=" + TestAtrium.enc(f.api) + "&scope=" + TestAtrium.enc("openid read:orders")
                + "&state=st-1&code_challenge=" + SignInFixture.s256("v".repeat(50)) + "&code_challenge_method=S256"));
        assertThat(consent.screen()).as(consent.body()).isEqualTo("consent");
        String state = consent.doc().selectFirst("input[name=state]").attr("value");
        String csrf = consent.doc().selectFirst("input[name=_csrf]").attr("value");

        for (String path : new String[]{"/u/mfa?state=", "/u/mfa/webauthn-roaming?state="}) {
            TestBrowser.Page page = b.get(path + state);
            assertThat(page.status()).as(path).isEqualTo(400);
            assertThat(page.screen()).as(path).doesNotStartWith("mfa-");
            assertThat(page.body()).doesNotContain("otpauth://");
        }
        TestBrowser.Page posted = b.post("/u/mfa", Map.of("state", state, "_csrf", csrf, "code", "123456"));
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.screen()).doesNotStartWith("mfa-");
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(f.userId) + "/authentication-methods", null))).isEmpty();
    }
}
