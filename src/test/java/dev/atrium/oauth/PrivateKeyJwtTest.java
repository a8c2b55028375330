package dev.atrium.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import static dev.atrium.oauth.SignInFixture.assertError;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code private_key_jwt} client authentication (api-contract.md §A.2) with a real RSA key pair: the
 * credential is registered through {@code /api/v2/clients/{id}/credentials}, listed on the application,
 * and a signed assertion then replaces the secret; replays, other keys, other audiences and expired
 * assertions are refused with 401 {@code access_denied}.
 */
class PrivateKeyJwtTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static KeyPair keys;
    static String clientId;
    static String secret;
    static String credentialId;
    static String api;

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String pem(KeyPair k) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(k.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @BeforeAll
    static void tenant() throws Exception {
        keys = rsa();
        api = "https://m2m-" + System.nanoTime() + ".example.com/";
        SignInFixture.ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"M2M\","
                + "\"scopes\":[{\"value\":\"read:stock\"}]}"));
        JsonNode client = SignInFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Signer\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}"));
        clientId = client.get("client_id").asString();
        secret = client.get("client_secret").asString();
        SignInFixture.ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:stock\"]}"));
        JsonNode cred = SignInFixture.ok(atrium.mgmt("POST", "/clients/" + clientId + "/credentials",
                "{\"credential_type\":\"public_key\",\"name\":\"ci key\",\"pem\":" + tools.jackson.databind.json.JsonMapper.shared()
                        .writeValueAsString(pem(keys)) + ",\"alg\":\"RS256\"}"));
        credentialId = cred.get("id").asString();
        SignInFixture.ok(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"token_endpoint_auth_method\":null,"
                + "\"client_authentication_methods\":{\"private_key_jwt\":{\"credentials\":[{\"id\":\"" + credentialId + "\"}]}}}"));
    }

    static String assertion(KeyPair k, String aud, Instant exp, String jti) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(aud)
                .issueTime(new Date()).expirationTime(Date.from(exp)).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(k.getPrivate()));
        return jwt.serialize();
    }

    static TestAtrium.Response token(String assertion) {
        return atrium.postForm("/oauth/token", "grant_type=client_credentials&audience=" + enc(api) + "&client_id=" + clientId
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + assertion);
    }

    static Instant soon() {
        return Instant.now().plusSeconds(120);
    }

    @Test
    void credentialsAreManagedThroughTheManagementApi() {
        JsonNode cred = SignInFixture.ok(atrium.mgmt("GET", "/clients/" + clientId + "/credentials/" + credentialId, null));
        assertThat(cred.get("id").asString()).matches("cred_[A-Za-z0-9]{22}");
        assertThat(cred.get("credential_type").asString()).isEqualTo("public_key");
        assertThat(cred.get("alg").asString()).isEqualTo("RS256");
        assertThat(cred.get("name").asString()).isEqualTo("ci key");
        assertThat(cred.get("kid").asString()).isNotBlank();
        assertThat(cred.has("pem")).isFalse();
        assertThat(cred.has("created_at")).isTrue();
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/clients/" + clientId + "/credentials", null)).size()).isEqualTo(1);

        String later = Instant.now().plusSeconds(86400 * 30).toString();
        JsonNode patched = SignInFixture.ok(atrium.mgmt("PATCH", "/clients/" + clientId + "/credentials/" + credentialId,
                "{\"expires_at\":\"" + later + "\"}"));
        assertThat(Instant.parse(patched.get("expires_at").asString())).isEqualTo(Instant.parse(later));

        assertThat(atrium.mgmt("DELETE", "/clients/" + clientId + "/credentials/" + credentialId, null).status())
                .as("in use by the application").isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/clients/" + clientId + "/credentials", "{\"credential_type\":\"public_key\",\"pem\":\"nope\"}")
                .status()).isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/clients/" + clientId + "/credentials", "{\"credential_type\":\"public_key\",\"pem\":\"x\","
                + "\"alg\":\"HS256\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/clients/" + clientId + "/credentials/cred_missing", null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/clients/nobody/credentials", null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("PATCH", "/clients/" + clientId, "{\"client_authentication_methods\":{\"private_key_jwt\":"
                + "{\"credentials\":[{\"id\":\"cred_unknown\"}]}}}").status()).isEqualTo(400);
    }

    @Test
    void aSignedAssertionAuthenticatesTheClient() throws Exception {
        TestAtrium.Response r = token(assertion(keys, atrium.issuer(), soon(), UUID.randomUUID().toString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("scope").asString()).isEqualTo("read:stock");
        // only the issuer identifier itself is an audience (audience injection: security/ClientAssertionAttackTest)
        String noSlash = atrium.issuer().substring(0, atrium.issuer().length() - 1);
        assertError(token(assertion(keys, noSlash, soon(), UUID.randomUUID().toString())), 401, "access_denied", "Unauthorized");
        assertError(token(assertion(keys, atrium.issuer() + "oauth/token", soon(), UUID.randomUUID().toString())), 401,
                "access_denied", "Unauthorized");
    }

    @Test
    void aReplayedAssertionIdIsRefused() throws Exception {
        String jti = UUID.randomUUID().toString();
        assertThat(token(assertion(keys, atrium.issuer(), soon(), jti)).status()).isEqualTo(200);
        assertError(token(assertion(keys, atrium.issuer(), soon(), jti)), 401, "access_denied", "Unauthorized");
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefused() throws Exception {
        assertError(token(assertion(rsa(), atrium.issuer(), soon(), UUID.randomUUID().toString())), 401, "access_denied", "Unauthorized");
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() throws Exception {
        assertError(token(assertion(keys, "https://elsewhere.example.com/", soon(), UUID.randomUUID().toString())), 401,
                "access_denied", "Unauthorized");
    }

    @Test
    void anExpiredOrTooLongLivedAssertionIsRefused() throws Exception {
        assertError(token(assertion(keys, atrium.issuer(), Instant.now().minusSeconds(600), UUID.randomUUID().toString())), 401,
                "access_denied", "Unauthorized");
        assertError(token(assertion(keys, atrium.issuer(), Instant.now().plusSeconds(3600), UUID.randomUUID().toString())), 401,
                "access_denied", "Unauthorized");
    }

    @Test
    void theSecretNoLongerWorks() {
        assertError(atrium.clientCredentials(clientId, secret, api, null), 401, "access_denied", "Unauthorized");
    }
}
