package dev.atrium.mfa;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.util.Base64;
import java.util.Map;

import static dev.atrium.mfa.TotpSignInTest.base32;
import static dev.atrium.mfa.TotpSignInTest.now;
import static dev.atrium.mfa.TotpSignInTest.totp;
import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 over HTTP: the enrollment page's QR code (decoded here with ZXing), the recovery code shown once and
 * replaced when used, the factor choice, "remember this browser", and the {@code amr}/{@code acr} of the tokens,
 * read by Nimbus as an independent OpenID Connect verifier, after the sign-in, a refresh and a silent sign-in.
 */
class MfaRecoveryAndTokensTest {
    static final String ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void policy() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/factors/recovery-code", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_mfa_remember_browser_days\":30}"));
    }

    record Person(String email, String id) {
    }

    static Person newUser(String name) {
        String email = name + "-" + System.nanoTime() + "@example.com";
        JsonNode u = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}"));
        return new Person(email, u.get("user_id").asString());
    }

    static TestBrowser.Page login(TestBrowser b, Person p, String extra) {
        TestBrowser.Page page = b.open(f.authorizeWeb("openid offline_access", extra));
        assertThat(page.screen()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", p.email(), "password", SignInFixture.PASSWORD)));
    }

    static TestBrowser.Page code(TestBrowser b, TestBrowser.Page page, Map<String, String> values) {
        return b.follow(b.submit(page, "form", values));
    }

    static IDTokenClaimsSet verified(String idToken) throws Exception {
        return new IDTokenValidator(new Issuer(atrium.issuer()), new ClientID(f.webId), JWSAlgorithm.RS256,
                new URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(JWTParser.parse(idToken), null);
    }

    static String decodeQr(String dataUri) throws Exception {
        assertThat(dataUri).startsWith("data:image/png;base64,");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1))));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)))).getText();
    }

    /** Enrolls {@code p} in browser {@code b}: returns the TOTP key; the page after the code is the recovery code's. */
    static byte[] enroll(TestBrowser b, Person p, Map<String, String> extra, StringBuilder recoveryCode) throws Exception {
        TestBrowser.Page enroll = login(b, p, "");
        assertThat(enroll.screen()).isEqualTo("mfa-otp-enrollment-qr");
        byte[] key = base32(enroll.doc().selectFirst("[data-otp-secret]").text());
        var values = new java.util.HashMap<>(extra);
        values.put("code", totp(key, now()));
        TestBrowser.Page shown = code(b, enroll, values);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.screen()).isEqualTo("mfa-recovery-code-enrollment");
        recoveryCode.append(shown.doc().selectFirst("[data-recovery-code]").text());
        TestBrowser.Page back = b.open(shown.doc().selectFirst("a[data-continue]").attr("href"));
        assertThat(back.location()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        return key;
    }

    @Test
    void theEnrollmentShowsAQrCodeAndTheTokensCarryAmrAndAcrThroughRefreshAndSilentSignIn() throws Exception {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page enroll = login(b, new Person(f.email, f.userId), "&acr_values=" + TestAtrium.enc(ACR));
        assertThat(enroll.screen()).isEqualTo("mfa-otp-enrollment-qr");
        String secret = enroll.doc().selectFirst("[data-otp-secret]").text();
        String uri = enroll.doc().selectFirst("[data-otpauth-uri]").attr("href");
        String qr = decodeQr(enroll.doc().selectFirst("img[data-otp-qr]").attr("src"));
        assertThat(qr).isEqualTo(uri).startsWith("otpauth://totp/").contains("secret=" + secret);

        TestBrowser.Page shown = code(b, enroll, Map.of("code", totp(base32(secret), now())));
        assertThat(shown.screen()).isEqualTo("mfa-recovery-code-enrollment");
        String recovery = shown.doc().selectFirst("[data-recovery-code]").text();
        assertThat(recovery).hasSize(24);
        TestBrowser.Page back = b.open(shown.doc().selectFirst("a[data-continue]").attr("href"));
        JsonNode tokens = ok(f.exchangeWeb(SignInFixture.query(back.location()).get("code")));
        IDTokenClaimsSet id = verified(tokens.get("id_token").asString());
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "otp");
        assertThat(id.getACR().getValue()).isEqualTo(ACR);

        // a first-party refresh keeps the amr of the sign-in it came from
        JsonNode refreshed = ok(f.refreshWeb(tokens.get("refresh_token").asString()));
        IDTokenClaimsSet again = verified(refreshed.get("id_token").asString());
        assertThat(again.getStringListClaim("amr")).containsExactly("mfa", "otp");
        assertThat(again.getACR().getValue()).isEqualTo(ACR);

        // a silent sign-in through the SSO session neither asks again nor loses the amr
        TestBrowser.Page silent = b.open(f.authorizeWeb("openid", "&prompt=none"));
        assertThat(silent.location()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet sso = verified(ok(f.exchangeWeb(SignInFixture.query(silent.location()).get("code"))).get("id_token").asString());
        assertThat(sso.getStringListClaim("amr")).containsExactly("mfa", "otp");
        assertThat(sso.getStringClaim("sid")).isEqualTo(id.getStringClaim("sid"));

        // the Management API lists both factors, and neither the secret nor the recovery code
        JsonNode methods = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(f.userId) + "/authentication-methods", null));
        assertThat(methods.findValuesAsString("type")).containsExactlyInAnyOrder("totp", "recovery-code");
        assertThat(methods.toString()).doesNotContain(secret).doesNotContain(recovery);
    }

    @Test
    void aRecoveryCodeIsSingleUseAndReplacedAndReachedThroughTheFactorChoice() throws Exception {
        Person p = newUser("grace");
        StringBuilder first = new StringBuilder();
        enroll(new TestBrowser(atrium.baseUrl()), p, Map.of(), first);

        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page challenge = login(b, p, "");
        assertThat(challenge.screen()).isEqualTo("mfa-otp-challenge");
        TestBrowser.Page options = b.open(challenge.doc().selectFirst("a[data-other-methods]").attr("href"));
        assertThat(options.screen()).isEqualTo("mfa-login-options");
        assertThat(options.doc().select("a[data-factor]").eachAttr("data-factor")).containsExactly("otp", "recovery-code");
        TestBrowser.Page recovery = b.open(options.doc().selectFirst("a[data-factor=recovery-code]").attr("href"));
        assertThat(recovery.screen()).isEqualTo("mfa-recovery-code-challenge");

        TestBrowser.Page wrong = code(b, recovery, Map.of("code", "NOTTHECODE0000000000000A"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.screen()).isEqualTo("mfa-recovery-code-challenge");
        TestBrowser.Page replaced = code(b, wrong, Map.of("code", first.toString().toLowerCase()));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.screen()).isEqualTo("mfa-recovery-code-challenge-new-code");
        String second = replaced.doc().selectFirst("[data-recovery-code]").text();
        assertThat(second).isNotEqualTo(first.toString());
        TestBrowser.Page back = b.open(replaced.doc().selectFirst("a[data-continue]").attr("href"));
        IDTokenClaimsSet id = verified(ok(f.exchangeWeb(SignInFixture.query(back.location()).get("code"))).get("id_token").asString());
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "recovery-code");

        // the used code is spent; the new one works once
        TestBrowser c = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = c.open(login(c, p, "").doc().selectFirst("a[data-other-methods]").attr("href"));
        page = c.open(page.doc().selectFirst("a[data-factor=recovery-code]").attr("href"));
        TestBrowser.Page replay = code(c, page, Map.of("code", first.toString()));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(code(c, replay, Map.of("code", second)).screen()).isEqualTo("mfa-recovery-code-challenge-new-code");

        // the Management API regenerates it: the old one stops working
        String regenerated = ok(atrium.mgmt("POST", "/users/" + TestAtrium.enc(p.id()) + "/recovery-code-regeneration", "{}"))
                .get("recovery_code").asString();
        assertThat(regenerated).hasSize(24);
        assertThat(atrium.mgmt("POST", "/users/auth0%7Cnobody/recovery-code-regeneration", "{}").status()).isEqualTo(404);
    }

    @Test
    void aRememberedBrowserSkipsTheFactorForItsUserOnlyUntilInvalidated() throws Exception {
        Person p = newUser("remembered");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        enroll(b, p, Map.of("remember", "on"), new StringBuilder());

        // same browser, credentials asked again: the factor is skipped
        TestBrowser.Page skipped = login(b, p, "&prompt=login");
        assertThat(skipped.location()).as(skipped.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet id = verified(ok(f.exchangeWeb(SignInFixture.query(skipped.location()).get("code"))).get("id_token").asString());
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa");

        // another browser is asked; and the remembered browser does not carry over to another user
        assertThat(login(new TestBrowser(atrium.baseUrl()), p, "").screen()).isEqualTo("mfa-otp-challenge");
        Person other = newUser("other");
        enroll(new TestBrowser(atrium.baseUrl()), other, Map.of(), new StringBuilder());
        assertThat(login(b, other, "&prompt=login").screen()).isEqualTo("mfa-otp-challenge");

        // the Management API forgets every remembered browser of the user
        assertThat(atrium.mgmt("POST", "/users/" + TestAtrium.enc(p.id()) + "/multifactor/actions/invalidate-remember-browser", "{}")
                .status()).isEqualTo(204);
        assertThat(login(b, p, "&prompt=login").screen()).isEqualTo("mfa-otp-challenge");
    }
}
