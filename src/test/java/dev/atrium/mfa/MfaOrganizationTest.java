package dev.atrium.mfa;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, the organization's {@code require_mfa}: with the tenant policy Never, the same user is asked for a
 * second factor signing into one organization and not into another, also when the organization is chosen on the
 * picker after the login (the MFA step then runs before any token is issued).
 */
class MfaOrganizationTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String strict;
    static String relaxed;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[]"));
        assertThat(atrium.mgmt("PATCH", "/clients/" + f.webId, "{\"organization_usage\":\"allow\"}").status()).isEqualTo(200);
        strict = org("strict", true);
        relaxed = org("relaxed", false);
    }

    static String org(String name, boolean requireMfa) {
        String id = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "-" + System.nanoTime() % 100000
                + "\",\"require_mfa\":" + requireMfa + ",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}"))
                .get("id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + id + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isEqualTo(204);
        return id;
    }

    static TestBrowser.Page login(TestBrowser b, String url) {
        TestBrowser.Page page = b.open(url);
        assertThat(page.screen()).as(page.body()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    @Test
    void theSameUserIsAskedInTheOrganizationThatRequiresItAndNotInTheOther() {
        assertThat(ok(atrium.mgmt("GET", "/organizations/" + strict, null)).get("require_mfa").asBoolean()).isTrue();
        TestBrowser.Page relaxedSignIn = login(new TestBrowser(atrium.baseUrl()), f.authorizeWeb("openid", "&organization=" + relaxed));
        assertThat(relaxedSignIn.location()).as(relaxedSignIn.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        TestBrowser.Page strictSignIn = login(new TestBrowser(atrium.baseUrl()), f.authorizeWeb("openid", "&organization=" + strict));
        assertThat(strictSignIn.screen()).startsWith("mfa-otp-");
        // and the same session cannot reach the strict organization silently
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        login(b, f.authorizeWeb("openid", "&organization=" + relaxed));
        TestBrowser.Page silent = b.open(f.authorizeWeb("openid", "&organization=" + strict + "&prompt=none"));
        assertThat(SignInFixture.query(silent.location()).get("error")).isEqualTo("interaction_required");
    }

    @Test
    void anOrganizationChosenOnThePickerStillRunsTheMfaStepBeforeTokens() throws Exception {
        String picking = f.webClient("Picker " + System.nanoTime(),
                ",\"oidc_conformant\":true,\"organization_usage\":\"require\",\"organization_require_behavior\":\"post_login_prompt\"").get("client_id").asString();
        String url = "/authorize?response_type=code&client_id=" + picking + "&redirect_uri=" + TestAtrium.enc(SignInFixture.WEB_CALLBACK)
                + "&scope=openid&state=st-p";
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picker = login(b, url);
        assertThat(picker.screen()).as(picker.body()).isEqualTo("organization-picker");
        TestBrowser.Page mfa = b.follow(b.submit(picker, "form", Map.of("organization", strict)));
        assertThat(mfa.screen()).as(mfa.body()).isEqualTo("mfa-otp-enrollment-qr");
        // going back to the flow without the factor shows the factor again, never a code
        String state = mfa.doc().selectFirst("input[name=state]").attr("value");
        assertThat(b.open("/authorize/resume?state=" + state).screen()).isEqualTo("mfa-otp-enrollment-qr");
        byte[] key = TotpSignInTest.base32(mfa.doc().selectFirst("[data-otp-secret]").text());
        TestBrowser.Page done = b.follow(b.submit(mfa, "form", Map.of("code", TotpSignInTest.totp(key, TotpSignInTest.now()))));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");

        // the relaxed organization through the picker asks nothing
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page picked = other.follow(other.submit(login(other, url), "form", Map.of("organization", relaxed)));
        assertThat(picked.location()).as(picked.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
    }

    @Test
    void requireMfaIsABooleanInTheManagementApi() {
        var bad = atrium.mgmt("PATCH", "/organizations/" + relaxed, "{\"require_mfa\":\"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(ok(atrium.mgmt("GET", "/organizations/" + relaxed, null)).get("require_mfa").asBoolean()).isFalse();
    }
}
