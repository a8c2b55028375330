package dev.atrium;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.atrium.config.AtriumConfig;
import dev.atrium.config.ConfigLoader;
import dev.atrium.keys.MasterKey;
import dev.atrium.storage.Database;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operations contract (operations.md) over HTTP: health, discovery, keys, restarts and key rotation. */
class OperationsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    @Test
    void healthAnswersOkOnceServing() {
        var r = atrium.get("/health");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ok");
        assertThat(r.json().size()).isEqualTo(1);
    }

    @Test
    void healthAnswersUnavailableUntilTheStepsOfTheStartHaveRun() throws Exception {
        AtriumConfig config = ConfigLoader.load(new String[0], Map.of(
                "ATRIUM_PORT", "0",
                "ATRIUM_DATABASE_URL", "jdbc:h2:mem:ops-" + UUID.randomUUID())).config();
        Atrium created = Atrium.create(config);
        HttpClient http = HttpClient.newHttpClient();
        Supplier<HttpResponse<String>> health = () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + created.port() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        List<String> steps = new ArrayList<>();
        List<HttpResponse<String>> during = new ArrayList<>();

        try (Atrium server = created.start(() -> steps.add("before listening"),
                () -> {
                    steps.add("before ready");
                    during.add(health.get());
                })) {
            // the last step ran while the server already listened, and /health did not call it ready yet
            assertThat(steps).containsExactly("before listening", "before ready");
            assertThat(during).hasSize(1);
            assertThat(during.get(0).statusCode()).isEqualTo(503);
            assertThat(during.get(0).body()).contains("\"unavailable\"");
            assertThat(health.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void discoveryNamesTheIssuerWithTrailingSlashAndItsEndpoints() {
        var r = atrium.get("/.well-known/openid-configuration");

        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.json();
        String issuer = "http://localhost:" + atrium.server().port() + "/";
        assertThat(d.get("issuer").asString()).isEqualTo(issuer);
        assertThat(d.get("token_endpoint").asString()).isEqualTo(issuer + "oauth/token");
        assertThat(d.get("authorization_endpoint").asString()).isEqualTo(issuer + "authorize");
        assertThat(d.get("jwks_uri").asString()).isEqualTo(issuer + ".well-known/jwks.json");
        assertThat(d.get("id_token_signing_alg_values_supported").toString()).contains("RS256");
    }

    @Test
    void jwksPublishesRs256SigningKeysWithCertificates() throws Exception {
        var r = atrium.get("/.well-known/jwks.json");

        assertThat(r.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(r.body());
        assertThat(set.getKeys()).isNotEmpty();
        for (JWK key : set.getKeys()) {
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyType().getValue()).isEqualTo("RSA");
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(key.toRSAKey().getModulus().decodeToBigInteger().bitLength()).isGreaterThanOrEqualTo(2048);
            assertThat(key.getX509CertChain()).isNotEmpty();
            assertThat(key.isPrivate()).isFalse();
        }
    }

    @Test
    void restartOnTheSameFileKeepsClientsAndSigningKey(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("atrium");
        String clientId;
        String kid;
        try (TestAtrium first = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            var created = first.mgmt("POST", "/clients", "{\"name\":\"Survivor\",\"app_type\":\"non_interactive\"}");
            assertThat(created.status()).isEqualTo(201);
            clientId = created.json().get("client_id").asString();
            kid = currentKid(first);
        }

        try (TestAtrium second = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
            var found = second.mgmt("GET", "/clients/" + clientId, null);
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.json().get("name").asString()).isEqualTo("Survivor");
            assertThat(currentKid(second)).isEqualTo(kid);
            assertThat(JWKSet.parse(second.get("/.well-known/jwks.json").body()).getKeyByKeyId(kid)).isNotNull();
        }

        // at rest the private key is sealed under the encryption key, not stored as it is
        try (Database db = new Database(url, "", "")) {
            String sealed = db.jdbi().withHandle(h -> h.createQuery("select private_key_enc from signing_keys where kid = :kid")
                    .bind("kid", kid).mapTo(String.class).one());
            String publicJwk = db.jdbi().withHandle(h -> h.createQuery("select public_jwk from signing_keys where kid = :kid")
                    .bind("kid", kid).mapTo(String.class).one());
            byte[] pkcs8 = MasterKey.of(Base64.getDecoder().decode(TestAtrium.ENCRYPTION_KEY)).decrypt(sealed);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));

            assertThat(key.getModulus()).isEqualTo(RSAKey.parse(publicJwk).getModulus().decodeToBigInteger());
            assertThat(sealed).doesNotContain(Base64.getEncoder().encodeToString(pkcs8))
                    .doesNotContain("PRIVATE KEY")
                    .doesNotContain(key.getPrivateExponent().toString(16));
            byte[] otherKey = new byte[32];
            Arrays.fill(otherKey, (byte) 1);
            assertThatThrownBy(() -> MasterKey.of(otherKey).decrypt(sealed)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void tokenSignedBeforeRotationWorksUntilItsKeyIsRevoked() throws Exception {
        try (TestAtrium own = new TestAtrium().start()) {
            String oldKid = currentKid(own);
            String before = freshToken(own);

            var rotated = own.mgmt("POST", "/keys/signing/rotate", null, before);
            assertThat(rotated.status()).isEqualTo(201);
            String newKid = rotated.json().get("kid").asString();
            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(own.mgmt("GET", "/clients", null, before).status()).as("old token after rotation").isEqualTo(200);

            String after = freshToken(own);
            assertThat(own.mgmt("PUT", "/keys/signing/" + newKid + "/revoke", null, after).status())
                    .as("revoking the current key").isEqualTo(400);
            assertThat(own.mgmt("PUT", "/keys/signing/" + oldKid + "/revoke", null, after).status()).isEqualTo(200);

            assertThat(own.mgmt("GET", "/clients", null, before).status()).as("old token after revocation").isEqualTo(401);
            assertThat(own.mgmt("GET", "/clients", null, after).status()).isEqualTo(200);
            assertThat(JWKSet.parse(own.get("/.well-known/jwks.json").body()).getKeyByKeyId(oldKid)).isNull();
        }
    }

    @Test
    void encryptionKeyFileIsCreatedOwnerOnlyWhenNoKeyIsConfigured(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys").resolve("atrium.key");
        AtriumConfig config = ConfigLoader.load(new String[0], Map.of(
                "ATRIUM_PORT", "0",
                "ATRIUM_DATABASE_URL", "jdbc:h2:mem:ops-" + UUID.randomUUID(),
                "ATRIUM_KEY_FILE", keyFile.toString())).config();
        assertThat(config.encryptionKey()).isEqualTo(Optional.empty());

        try (Atrium server = Atrium.create(config).start()) {
            assertThat(server.port()).isPositive();
        }

        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        assertThat(key).hasSize(32);
    }

    private static String currentKid(TestAtrium server) {
        for (JsonNode k : server.mgmt("GET", "/keys/signing", null, freshToken(server)).json()) {
            if (k.get("current").asBoolean()) {
                return k.get("kid").asString();
            }
        }
        throw new AssertionError("no current signing key");
    }

    private static String freshToken(TestAtrium server) {
        return server.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                server.server().managementAudience(), null).json().get("access_token").asString();
    }
}
