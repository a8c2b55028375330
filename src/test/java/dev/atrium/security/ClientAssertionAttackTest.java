package dev.atrium.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on {@code private_key_jwt} client authentication (issue 9 points 4 and 7): replaying a captured
 * assertion inside the clock-skew window after its {@code exp}, and audience injection (an assertion whose
 * {@code aud} is the token endpoint, the issuer spelled differently, or an array that also names another
 * server, so that a token made for one server is accepted by another). The server's clock is a
 * {@link TestClock}, so the skew window can be crossed without waiting.
 */
class ClientAssertionAttackTest {
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(clock);
    static KeyPair keys;
    static String clientId;
    static String api;

    @BeforeAll
    static void signer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        api = "https://assertions-" + System.nanoTime() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Assertions\","
                + "\"scopes\":[{\"value\":\"read:x\"}]}"));
        clientId = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Signer\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}")).get("client_id").asString();
        ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:x\"]}"));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        JsonNode cred = ok(atrium.mgmt("POST", "/clients/" + clientId + "/credentials", "{\"credential_type\":\"public_key\","
                + "\"pem\":" + JsonMapper.shared().writeValueAsString(pem) + ",\"alg\":\"RS256\"}"));
        ok(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"token_endpoint_auth_method\":null,\"client_authentication_methods\":"
                + "{\"private_key_jwt\":{\"credentials\":[{\"id\":\"" + cred.get("id").asString() + "\"}]}}}"));
    }

    /** A signed assertion; {@code aud} is put in the payload exactly as given (a string or a JSON array). */
    static String assertion(Object aud, Instant exp, String jti) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", aud);
        claims.put("iat", exp.minusSeconds(60).getEpochSecond());
        claims.put("exp", exp.getEpochSecond());
        claims.put("jti", jti);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), new Payload(claims));
        jws.sign(new RSASSASigner(keys.getPrivate()));
        return jws.serialize();
    }

    static TestAtrium.Response token(String assertion) {
        return atrium.postForm("/oauth/token", "grant_type=client_credentials&audience=" + enc(api) + "&client_id=" + clientId
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + assertion);
    }

    static void refused(TestAtrium.Response r) {
        assertError(r, 401, "access_denied", "Unauthorized");
    }

    @Test
    void anAssertionReplayedAfterItsExpButWithinTheSkewIsRefused() throws Exception {
        // exp has passed on every clock, but the verifier still tolerates 60 s of skew
        String captured = assertion(atrium.issuer(), clock.instant().minusSeconds(20), UUID.randomUUID().toString());
        assertThat(token(captured).status()).as("first use, inside the skew window").isEqualTo(200);
        refused(token(captured));
    }

    @Test
    void anAssertionReplayedAsTheServerClockCrossesItsExpIsRefused() throws Exception {
        String captured = assertion(atrium.issuer(), Instant.now().plusSeconds(10), UUID.randomUUID().toString());
        assertThat(token(captured).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        try {
            // 20 s past exp on the server's clock: the id must still be remembered
            refused(token(captured));
        } finally {
            clock.advance(Duration.ofSeconds(-30));
        }
    }

    @Test
    void anAssertionBeyondExpPlusSkewOnTheServerClockIsRefusedOnFirstUse() throws Exception {
        String fresh = assertion(atrium.issuer(), Instant.now().plusSeconds(10), UUID.randomUUID().toString());
        clock.advance(Duration.ofSeconds(75));
        try {
            // the server no longer remembers ids this old, so it must not accept the assertion either
            refused(token(fresh));
        } finally {
            clock.advance(Duration.ofSeconds(-75));
        }
    }

    @Test
    void theTokenEndpointAsAudienceIsRefused() throws Exception {
        refused(token(assertion(atrium.issuer() + "oauth/token", Instant.now().plusSeconds(60), UUID.randomUUID().toString())));
    }

    @Test
    void theIssuerSpelledWithoutItsTrailingSlashIsRefused() throws Exception {
        String noSlash = atrium.issuer().substring(0, atrium.issuer().length() - 1);
        refused(token(assertion(noSlash, Instant.now().plusSeconds(60), UUID.randomUUID().toString())));
    }

    @Test
    void anAudienceArrayHoldingAnotherServerIsRefused() throws Exception {
        refused(token(assertion(List.of(atrium.issuer(), "https://other-server.example.com/"), Instant.now().plusSeconds(60),
                UUID.randomUUID().toString())));
        refused(token(assertion(List.of("https://other-server.example.com/", atrium.issuer()), Instant.now().plusSeconds(60),
                UUID.randomUUID().toString())));
        refused(token(assertion(List.of(atrium.issuer(), atrium.issuer() + "oauth/token"), Instant.now().plusSeconds(60),
                UUID.randomUUID().toString())));
    }

    @Test
    void theIssuerAloneIsAccepted_asAStringOrAsAOneElementArray() throws Exception {
        assertThat(token(assertion(atrium.issuer(), Instant.now().plusSeconds(60), UUID.randomUUID().toString())).status())
                .isEqualTo(200);
        // decision: an array whose only member is the issuer names a single audience and passes
        assertThat(token(assertion(List.of(atrium.issuer()), Instant.now().plusSeconds(60), UUID.randomUUID().toString())).status())
                .isEqualTo(200);
    }
}
