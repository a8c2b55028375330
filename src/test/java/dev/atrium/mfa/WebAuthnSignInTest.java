package dev.atrium.mfa;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.Map;

import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 over HTTP: WebAuthn security keys ({@code webauthn-roaming}) and platform authenticators
 * ({@code webauthn-platform}) as second factors, answered by a software authenticator built in the test
 * ({@link SoftAuthenticator}). Enrollment is forced, later sign-ins are challenged, the tokens carry
 * {@code amr: ["mfa","hwk"]} (read by Nimbus), and every attack on the ceremony is refused with no session: a replayed
 * answer, a challenge of another transaction, a wrong origin or rp id, a cloned authenticator's counter, another
 * user's key, a platform answer without user verification, and with {@code direct} attestation a self or none one.
 */
class WebAuthnSignInTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String origin;

    @BeforeAll
    static void policy() {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-roaming", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        URI u = URI.create(atrium.issuer());
        origin = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }

    static MfaRecoveryAndTokensTest.Person newUser(String name) {
        String email = name + "-" + System.nanoTime() + "@example.com";
        JsonNode u = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\""
                + email + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}"));
        return new MfaRecoveryAndTokensTest.Person(email, u.get("user_id").asString());
    }

    static TestBrowser.Page login(TestBrowser b, MfaRecoveryAndTokensTest.Person p) {
        TestBrowser.Page page = b.open(f.authorizeWeb("openid", ""));
        assertThat(page.screen()).isEqualTo("login");
        return b.follow(b.submit(page, "form", Map.of("username", p.email(), "password", SignInFixture.PASSWORD)));
    }

    static JsonNode options(TestBrowser.Page page) {
        return JSON.readTree(page.doc().selectFirst("form[data-webauthn]").attr("data-webauthn-options"));
    }

    static TestBrowser.Page answer(TestBrowser b, TestBrowser.Page page, String response) {
        return b.follow(b.submit(page, "form[data-webauthn]", Map.of("response", response)));
    }

    static boolean hasSession(TestBrowser b) {
        return TotpSignInTest.hasSession(b);
    }

    /** Signs {@code p} in for the first time and enrolls {@code key}; returns the page that leaves Atrium. */
    static TestBrowser.Page enroll(TestBrowser b, MfaRecoveryAndTokensTest.Person p, SoftAuthenticator key) throws Exception {
        TestBrowser.Page page = login(b, p);
        assertThat(page.screen()).isEqualTo("mfa-webauthn-roaming-enrollment");
        assertThat(page.doc().selectFirst("script[src=/u/assets/webauthn.js]")).isNotNull();
        return answer(b, page, key.create(options(page)));
    }

    static void refused(TestBrowser b, TestBrowser.Page page, String screen) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.screen()).isEqualTo(screen);
        assertThat(page.doc().selectFirst("p.error[role=alert]:not([hidden])")).isNotNull();
        assertThat(hasSession(b)).as("no SSO session after a refused answer").isFalse();
    }

    @Test
    void aSecurityKeyIsEnrolledThenChallengedAndTheTokensSayHwk() throws Exception {
        MfaRecoveryAndTokensTest.Person p = newUser("key");
        SoftAuthenticator key = new SoftAuthenticator(origin, "localhost");
        TestBrowser first = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page enrollPage = login(first, p);
        assertThat(hasSession(first)).isFalse();
        JsonNode create = options(enrollPage);
        assertThat(create.path("rp").path("id").asString()).isEqualTo("localhost");
        assertThat(create.path("authenticatorSelection").path("authenticatorAttachment").asString()).isEqualTo("cross-platform");
        assertThat(create.path("attestation").asString()).isEqualTo("none");
        assertThat(create.path("user").path("id").asString()).as("an opaque user handle").doesNotContain(p.id());
        TestBrowser.Page done = answer(first, enrollPage, key.create(create));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet id = verified(ok(f.exchangeWeb(SignInFixture.query(done.location()).get("code")))
                .get("id_token").asString());
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "hwk");

        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page challenge = login(second, p);
        assertThat(challenge.screen()).isEqualTo("mfa-webauthn-roaming-challenge");
        JsonNode get = options(challenge);
        assertThat(get.path("allowCredentials").get(0).path("id").asString()).isEqualTo(key.credentialIdB64());
        String answer = key.get(get);
        TestBrowser.Page passed = answer(second, challenge, answer);
        assertThat(passed.location()).as(passed.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet again = verified(ok(f.exchangeWeb(SignInFixture.query(passed.location()).get("code")))
                .get("id_token").asString());
        assertThat(again.getStringListClaim("amr")).containsExactly("mfa", "hwk");

        // replay: the same answer, posted again in a new sign-in, meets a challenge that is used up
        TestBrowser third = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page next = login(third, p);
        refused(third, answer(third, next, answer), "mfa-webauthn-roaming-challenge");

        // the Management API lists the key with Auth0's type, and DELETE /authenticators removes it
        JsonNode methods = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(p.id()) + "/authentication-methods", null));
        assertThat(methods.findValuesAsString("type")).containsExactly("webauthn-roaming");
        assertThat(methods.get(0).path("key_id").asString()).isEqualTo(key.credentialIdB64());
        assertThat(methods.get(0).has("last_auth_at")).isTrue();
        String methodId = methods.get(0).path("id").asString();
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(p.id()) + "/authentication-methods/" + TestAtrium.enc(methodId), null))
                .path("type").asString()).isEqualTo("webauthn-roaming");
        assertThat(atrium.mgmt("DELETE", "/users/" + TestAtrium.enc(p.id()) + "/authenticators", null).status()).isEqualTo(204);
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(p.id()) + "/authentication-methods", null))).isEmpty();
        assertThat(login(new TestBrowser(atrium.baseUrl()), p).screen()).as("enrolls again").isEqualTo("mfa-webauthn-roaming-enrollment");
    }

    @Test
    void answersOfAnotherTransactionOriginOrRpIdAreRefusedAndCountAsFailures() throws Exception {
        MfaRecoveryAndTokensTest.Person p = newUser("attacks");
        SoftAuthenticator key = new SoftAuthenticator(origin, "localhost");
        assertThat(enroll(new TestBrowser(atrium.baseUrl()), p, key).location()).startsWith(SignInFixture.WEB_CALLBACK);

        // a challenge handed to another transaction (and another browser) does not open this one
        TestBrowser other = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page otherPage = login(other, p);
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(b, p);
        page = answer(b, page, key.get(options(otherPage)));
        refused(b, page, "mfa-webauthn-roaming-challenge");

        // signed for another origin, or for another rp id
        key.origin = "https://evil.example";
        page = answer(b, page, key.get(options(page)));
        refused(b, page, "mfa-webauthn-roaming-challenge");
        key.origin = origin;
        key.rpId = "evil.example";
        page = answer(b, page, key.get(options(page)));
        refused(b, page, "mfa-webauthn-roaming-challenge");
        key.rpId = "localhost";

        // wrong answers count like wrong passwords: after three, even a right one waits
        TestBrowser.Page slowed = answer(b, page, key.get(options(page)));
        assertThat(slowed.status()).isEqualTo(429);
        assertThat(hasSession(b)).isFalse();
    }

    @Test
    void aClonedKeyAndAnotherUsersKeyAreRefused() throws Exception {
        MfaRecoveryAndTokensTest.Person p = newUser("clone");
        SoftAuthenticator key = new SoftAuthenticator(origin, "localhost");
        assertThat(enroll(new TestBrowser(atrium.baseUrl()), p, key).location()).startsWith(SignInFixture.WEB_CALLBACK);

        // a clone of the key: once the original has moved its counter on, the clone's lower counter gives it away
        SoftAuthenticator clone = new SoftAuthenticator(key);
        key.counter += 10;
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(b, p);
        TestBrowser.Page passed = answer(b, page, key.get(options(page)));
        assertThat(passed.location()).as(passed.body()).startsWith(SignInFixture.WEB_CALLBACK);
        TestBrowser c = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page cloneLogin = login(c, p);
        TestBrowser.Page clonePage = answer(c, cloneLogin, clone.get(options(cloneLogin)));
        refused(c, clonePage, "mfa-webauthn-roaming-challenge");
        assertThat(clonePage.body()).contains("counter");

        // another user's key, valid in itself, is not this user's factor
        MfaRecoveryAndTokensTest.Person q = newUser("other");
        SoftAuthenticator theirs = new SoftAuthenticator(origin, "localhost");
        assertThat(enroll(new TestBrowser(atrium.baseUrl()), q, theirs).location()).startsWith(SignInFixture.WEB_CALLBACK);
        TestBrowser d = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page mine = login(d, p);
        refused(d, answer(d, mine, theirs.get(options(mine))), "mfa-webauthn-roaming-challenge");

        // deleting a user deletes its keys, and nobody else's
        assertThat(atrium.mgmt("DELETE", "/users/" + TestAtrium.enc(q.id()), null).status()).isEqualTo(204);
        assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(p.id()) + "/authentication-methods", null))).hasSize(1);
    }

    @Test
    void withDirectAttestationSelfAndNoneAttestationAreRefused() throws Exception {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_webauthn_attestation\":\"direct\"}"));
        try {
            MfaRecoveryAndTokensTest.Person p = newUser("attested");
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page page = login(b, p);
            assertThat(options(page).path("attestation").asString()).isEqualTo("direct");
            SoftAuthenticator none = new SoftAuthenticator(origin, "localhost");
            page = answer(b, page, none.create(options(page)));
            refused(b, page, "mfa-webauthn-roaming-enrollment");
            SoftAuthenticator self = new SoftAuthenticator(origin, "localhost");
            self.attestation = "self";
            page = answer(b, page, self.create(options(page)));
            refused(b, page, "mfa-webauthn-roaming-enrollment");
            assertThat(page.body()).contains("attestation");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_webauthn_attestation\":\"none\"}"));
        }
        // the default accepts a self-attested key (its statement is not checked)
        MfaRecoveryAndTokensTest.Person q = newUser("unattested");
        SoftAuthenticator self = new SoftAuthenticator(origin, "localhost");
        self.attestation = "self";
        assertThat(enroll(new TestBrowser(atrium.baseUrl()), q, self).location()).startsWith(SignInFixture.WEB_CALLBACK);
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"atrium_webauthn_attestation\":\"basic\"}").status()).isEqualTo(400);
    }

    @Test
    void withBothFactorsOnTheUserChoosesAndAPlatformAuthenticatorMustVerifyTheUser() throws Exception {
        ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-platform", "{\"enabled\":true}"));
        try {
            MfaRecoveryAndTokensTest.Person p = newUser("platform");
            TestBrowser b = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page choice = login(b, p);
            assertThat(choice.screen()).isEqualTo("mfa-enroll-options");
            assertThat(choice.doc().select("a[data-factor]").eachAttr("data-factor"))
                    .containsExactly("webauthn-roaming", "webauthn-platform");
            TestBrowser.Page page = b.open(choice.doc().selectFirst("a[data-factor=webauthn-platform]").attr("href"));
            assertThat(page.screen()).isEqualTo("mfa-webauthn-platform-enrollment");
            JsonNode create = options(page);
            assertThat(create.path("authenticatorSelection").path("authenticatorAttachment").asString()).isEqualTo("platform");
            assertThat(create.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("required");

            SoftAuthenticator device = new SoftAuthenticator(origin, "localhost");
            device.userVerified = false;
            page = answer(b, page, device.create(options(page)));
            refused(b, page, "mfa-webauthn-platform-enrollment");
            device.userVerified = true;
            TestBrowser.Page done = answer(b, page, device.create(options(page)));
            assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK);
            IDTokenClaimsSet id = verified(ok(f.exchangeWeb(SignInFixture.query(done.location()).get("code"))).get("id_token").asString());
            assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "swk");

            // the next sign-in is challenged on this factor only, and a security key's enrollment is not open to it
            TestBrowser c = new TestBrowser(atrium.baseUrl());
            TestBrowser.Page challenge = login(c, p);
            assertThat(challenge.screen()).isEqualTo("mfa-webauthn-platform-challenge");
            TestBrowser.Page sneaky = c.open("/u/mfa/webauthn-roaming?state=" + challenge.doc().selectFirst("input[name=state]").attr("value"));
            assertThat(sneaky.screen()).as("no second enrollment without passing the first factor").isEqualTo("mfa-webauthn-platform-challenge");
            device.userVerified = false;
            refused(c, answer(c, challenge, device.get(options(challenge))), "mfa-webauthn-platform-challenge");
            device.userVerified = true;
            TestBrowser.Page again = login(c, p);
            assertThat(answer(c, again, device.get(options(again))).location()).startsWith(SignInFixture.WEB_CALLBACK);
            assertThat(ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(p.id()) + "/authentication-methods", null))
                    .findValuesAsString("type")).containsExactly("webauthn-platform");
        } finally {
            ok(atrium.mgmt("PUT", "/guardian/factors/webauthn-platform", "{\"enabled\":false}"));
        }
    }

    @Test
    void malformedAnswersGetAPageNeverA5xx() throws Exception {
        MfaRecoveryAndTokensTest.Person p = newUser("malformed");
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = login(b, p);
        for (String garbage : new String[]{"", "not json", "{}", "[]", "{\"id\":\"x\",\"type\":\"public-key\",\"response\":{}}",
                "{\"id\":\"AA\",\"rawId\":\"AA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\",\"attestationObject\":\"oA\"}}"}) {
            TestBrowser.Page answered = b.submit(page, "form[data-webauthn]", Map.of("response", garbage));
            assertThat(answered.status()).as(garbage + ": " + answered.body()).isLessThan(500);
        }
        assertThat(hasSession(b)).isFalse();
    }

    static IDTokenClaimsSet verified(String idToken) throws Exception {
        return new com.nimbusds.openid.connect.sdk.validators.IDTokenValidator(new com.nimbusds.oauth2.sdk.id.Issuer(atrium.issuer()),
                new com.nimbusds.oauth2.sdk.id.ClientID(f.webId), com.nimbusds.jose.JWSAlgorithm.RS256,
                new java.net.URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(com.nimbusds.jwt.JWTParser.parse(idToken), null);
    }
}
