package dev.atrium.mfa;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Map;

import static dev.atrium.mfa.WebAuthnSignInTest.answer;
import static dev.atrium.mfa.WebAuthnSignInTest.options;
import static dev.atrium.oauth.SignInFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 over HTTP: passkeys as a first factor on a database connection with Auth0's
 * {@code options.authentication_methods.passkey.enabled}. A password sign-in offers a passkey; the login page then
 * signs the user in with it (a discoverable credential: no {@code allowCredentials}, user verification required),
 * and that sign-in satisfies the tenant's MFA policy with {@code amr: ["mfa","phr"]} (read by Nimbus). Refused: a
 * passkey answer whose user handle is not its holder's, one without user verification, and any passkey once the
 * connection has them off.
 */
class PasskeySignInTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String origin;

    @BeforeAll
    static void setUp() {
        f = new SignInFixture(atrium);
        URI u = URI.create(atrium.issuer());
        origin = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
        passkeys(true);
    }

    static void passkeys(boolean on) {
        JsonNode c = ok(atrium.mgmt("GET", "/connections/" + f.connectionId, null));
        ObjectNode options = c.path("options").isObject() ? ((ObjectNode) c.get("options")).deepCopy() : WebAuthnSignInTest.JSON.createObjectNode();
        options.putObject("authentication_methods").putObject("passkey").put("enabled", on);
        ObjectNode body = WebAuthnSignInTest.JSON.createObjectNode();
        body.set("options", options);
        ok(atrium.mgmt("PATCH", "/connections/" + f.connectionId, body.toString()));
    }

    @Test
    void aPasskeyOfferedAfterThePasswordThenSignsInAloneAndSatisfiesMfa() throws Exception {
        SoftAuthenticator passkey = new SoftAuthenticator(origin, "localhost");
        TestBrowser first = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = first.open(f.authorizeWeb("openid", ""));
        assertThat(login.doc().selectFirst("form[data-webauthn] [data-passkey-login]")).isNotNull();
        JsonNode loginOptions = options(login);
        assertThat(loginOptions.path("allowCredentials")).isEmpty();
        assertThat(loginOptions.path("userVerification").asString()).isEqualTo("required");

        TestBrowser.Page offer = first.follow(first.submit(login, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        assertThat(offer.screen()).isEqualTo("passkey-enrollment");
        JsonNode create = options(offer);
        assertThat(create.path("authenticatorSelection").path("residentKey").asString()).isEqualTo("required");
        assertThat(create.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("required");
        TestBrowser.Page done = answer(first, offer, passkey.create(create));
        assertThat(done.location()).as(done.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet password = verified(ok(f.exchangeWeb(SignInFixture.query(done.location()).get("code")))
                .get("id_token").asString());
        assertThat(password.getClaim("amr")).as("a password alone is no second factor").isNull();
        JsonNode methods = ok(atrium.mgmt("GET", "/users/" + TestAtrium.enc(f.userId) + "/authentication-methods", null));
        assertThat(methods.findValuesAsString("type")).containsExactly("passkey");

        // now the tenant asks for MFA everywhere: the passkey alone is enough
        ok(atrium.mgmt("PUT", "/guardian/factors/otp", "{\"enabled\":true}"));
        ok(atrium.mgmt("PUT", "/guardian/policies", "[\"all-applications\"]"));
        TestBrowser second = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = second.open(f.authorizeWeb("openid", ""));
        TestBrowser.Page in = answer(second, page, passkey.get(options(page)));
        assertThat(in.location()).as(in.body()).startsWith(SignInFixture.WEB_CALLBACK).contains("code=");
        IDTokenClaimsSet id = verified(ok(f.exchangeWeb(SignInFixture.query(in.location()).get("code")))
                .get("id_token").asString());
        assertThat(id.getSubject().getValue()).isEqualTo(f.userId);
        assertThat(id.getStringListClaim("amr")).containsExactly("mfa", "phr");

        // a passkey answer claiming another user handle, or without user verification, is refused
        TestBrowser third = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page again = third.open(f.authorizeWeb("openid", ""));
        SoftAuthenticator lying = new SoftAuthenticator(passkey);
        lying.userHandle = new byte[32];
        TestBrowser.Page refused = answer(third, again, lying.get(options(again)));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.screen()).isEqualTo("login");
        SoftAuthenticator unverified = new SoftAuthenticator(passkey);
        unverified.counter = lying.counter;
        unverified.userVerified = false;
        refused = answer(third, refused, unverified.get(options(refused)));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(TotpSignInTest.hasSession(third)).isFalse();

        // passkeys off on the connection: no button, and a passkey answer posted anyway is refused
        passkeys(false);
        TestBrowser fourth = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page off = fourth.open(f.authorizeWeb("openid", ""));
        assertThat(off.doc().selectFirst("[data-passkey-login]")).isNull();
        TestBrowser.Page posted = fourth.post("/u/login/passkey?state=" + off.doc().selectFirst("input[name=state]").attr("value"),
                Map.of("_csrf", off.doc().selectFirst("input[name=_csrf]").attr("value"), "response", passkey.get(loginOptions)));
        assertThat(posted.status()).isEqualTo(401);
        assertThat(TotpSignInTest.hasSession(fourth)).isFalse();
        passkeys(true);
    }

    @Test
    void malformedPasskeyAnswersGetTheLoginPageNeverA5xx() {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = b.open(f.authorizeWeb("openid", ""));
        for (String garbage : new String[]{"", "not json", "{}", "{\"id\":\"AA\",\"rawId\":\"AA\",\"type\":\"public-key\",\"response\":"
                + "{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AA\",\"signature\":\"AA\"}}"}) {
            TestBrowser.Page answered = b.submit(login, "form[data-webauthn]", Map.of("response", garbage));
            assertThat(answered.status()).as(garbage + ": " + answered.body()).isEqualTo(401);
            assertThat(answered.screen()).isEqualTo("login");
        }
    }

    static IDTokenClaimsSet verified(String idToken) throws Exception {
        return new com.nimbusds.openid.connect.sdk.validators.IDTokenValidator(new com.nimbusds.oauth2.sdk.id.Issuer(atrium.issuer()),
                new com.nimbusds.oauth2.sdk.id.ClientID(f.webId), com.nimbusds.jose.JWSAlgorithm.RS256,
                new java.net.URL(atrium.baseUrl() + "/.well-known/jwks.json")).validate(com.nimbusds.jwt.JWTParser.parse(idToken), null);
    }
}
