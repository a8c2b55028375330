package dev.atrium.mfa;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 end to end over HTTP: with the tenant's policy on, a database user signs in, is made to enroll a TOTP
 * factor (the secret read off the enrollment page), and every later sign-in is challenged. Codes are computed here
 * from the secret, independently of the server's implementation. The SSO session exists only after the factor.
 */
class TotpSignInTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;

    @BeforeAll
    static void policy() {
        f = new SignInFixture(atrium);
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        SignInFixture.ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
    }

    // ---- an independent RFC 6238 implementation (HMAC-SHA1, 6 digits, 30 s)

    static String totp(byte[] key, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[19] & 0xf;
        int v = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format("%06d", v % 1_000_000);
    }

    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buf = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buf = (buf << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buf >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    static long now() {
        return System.currentTimeMillis() / 1000 / 30;
    }

    static boolean hasSession(TestBrowser b) {
        return b.cookies().getCookieStore().getCookies().stream().anyMatch(c -> c.getName().endsWith("atrium_session"));
    }

    TestBrowser.Page login(TestBrowser b) {
        TestBrowser.Page page = b.open(f.authorizeWeb("openid", ""));
        assertThat(page.screen()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
    }

    static TestBrowser.Page code(TestBrowser b, TestBrowser.Page page, String code) {
        return b.follow(b.submit(page, "form", Map.of("code", code)));
    }

    @Test
    void enrollmentIsForcedThenEverySignInIsChallengedAndCodesAreSingleUse() throws Exception {
        // first sign-in: enrollment, with the secret as text and an otpauth URI; no session before the factor
        TestBrowser first = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page enroll = login(first);
        assertThat(enroll.screen()).isEqualTo("mfa-otp-enrollment-qr");
        assertThat(hasSession(first)).as("no SSO session before the second factor").isFalse();
        String secret = enroll.doc().selectFirst("[data-otp-secret]").text();
        String uri = enroll.doc().selectFirst("[data-otpauth-uri]").attr("href");
        assertThat(URI.create(uri).getScheme()).isEqualTo("otpauth");
        assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret).contains("digits=6").contains("period=30");
        byte[] key = base32(secret);
        assertThat(key).hasSize(20);

        TestBrowser.Page wrong = code(first, enroll, "000000".equals(totp(key, now())) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.screen()).isEqualTo("mfa-otp-enrollment-qr");

        long step = now();
        String used = totp(key, step);
        TestBrowser.Page done = code(first, wrong, used);
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        assertThat(hasSession(first)).isTrue();
        assertThat(SignInFixture.ok(f.exchangeWeb(SignInFixture.query(done.location()).get("code"))).has("id_token")).isTrue();

        // second sign-in, another browser: the challenge; the code already used is refused, the next one passes
        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page challenge = login(second);
        assertThat(challenge.screen()).isEqualTo("mfa-otp-challenge");
        assertThat(challenge.doc().selectFirst("[data-otp-secret]")).as("the secret is shown only at enrollment").isNull();
        TestBrowser.Page replay = code(second, challenge, used);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.screen()).isEqualTo("mfa-otp-challenge");
        assertThat(hasSession(second)).isFalse();
        TestBrowser.Page passed = code(second, replay, totp(key, step + 1));
        assertThat(passed.status()).as(passed.body()).isEqualTo(302);
        assertThat(passed.location()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");

        // the enrolled factor is listed by the Management API
        var methods = SignInFixture.ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(f.userId) + "/authentication-methods", null));
        assertThat(methods).hasSize(1);
        assertThat(methods.get(0).get("type").asString()).isEqualTo("totp");
        assertThat(methods.get(0).get("confirmed").asBoolean()).isTrue();
        assertThat(methods.get(0).toString()).doesNotContain(secret);
    }
}
