package dev.atrium.mfa;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, when the second factor is asked: the tenant policy Never with the OTP factor on asks nothing, unless
 * the request names the multi-factor {@code acr}; with the factor off nothing is asked; the Guardian API refuses
 * malformed policies in its own shape.
 */
class MfaPolicyTest {
    static final String ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
    }

    String screenAfterLogin(String extra) {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = b.open(f.authorizeWeb("openid", extra));
        TestBrowser.Page after = b.follow(b.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        return after.status() == 302 ? "left:" + after.location() : after.screen();
    }

    @Test
    void policyNeverAsksOnlyWhenTheRequestNamesTheMultiFactorAcr() {
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        assertThat(SignInFixture.ok(atrium.mgmt("PUT", "/guardian/policies", "[]"))).isEmpty();
        assertThat(screenAfterLogin("")).startsWith("left:" + SignInFixture.WEB_CALLBACK).contains("code=");
        assertThat(screenAfterLogin("&acr_values=" + TestAtrium.enc(ACR))).isEqualTo("mfa-otp-enrollment-qr");

        // with the factor off there is nothing to ask for
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":false}"));
        assertThat(screenAfterLogin("&acr_values=" + TestAtrium.enc(ACR))).startsWith("left:" + SignInFixture.WEB_CALLBACK);
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));

        // Always
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/guardian/policies", null)).get(0).asString()).isEqualTo("all-applications");
        assertThat(screenAfterLogin("")).isEqualTo("mfa-otp-enrollment-qr");
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
    }

    @Test
    void guardianApiRefusesWhatItDoesNotKnowInTheManagementShape() {
        TestAtrium.Response bad = atrium.mgmt("PUT", "/guardian/policies", "[\"sometimes\"]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(bad.json().has("message")).isTrue();
        TestAtrium.Response unknown = atrium.mgmt("PUT", "/guardian/factors/carrier-pigeon", "{\"enabled\":true}");
        assertThat(unknown.status()).isEqualTo(404);
        TestAtrium.Response notBool = atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":\"yes\"}");
        assertThat(notBool.status()).isEqualTo(400);
        TestAtrium.Response unavailable = atrium.mgmt("PUT", "/guardian/factors/sms", "{\"enabled\":true}");
        assertThat(unavailable.status()).isEqualTo(400);
        var factors = SignInFixture.ok(atrium.mgmt("GET", "/guardian/factors", null));
        assertThat(factors.toString()).contains("\"name\":\"otp\"");
        assertThat(atrium.mgmt("GET", "/guardian/policies", null, "not-a-token").status()).isEqualTo(401);
    }
}
