package dev.atrium.oauth;

import dev.atrium.storage.CacheVersions;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Atrium nodes on one database, as operations.md deploys them behind a load balancer: a change
 * made through node A reaches node B's cached sign-in and token paths within
 * {@link CacheVersions#POLL}.
 */
class TwoNodesTest {
    private static final String DATABASE = "jdbc:h2:mem:two-nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final String ISSUER = "http://nodes.atrium.test/";

    @RegisterExtension
    static final TestAtrium A = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withIssuer(ISSUER));
    @RegisterExtension
    static final TestAtrium B = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withIssuer(ISSUER));

    /** Waits for {@code status} to answer {@code expected}, at most the staleness bound plus a margin for a busy machine. */
    private static int eventually(int expected, IntSupplier status) throws InterruptedException {
        long deadline = System.nanoTime() + CacheVersions.POLL.plus(Duration.ofSeconds(4)).toNanos();
        int last = status.getAsInt();
        while (last != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = status.getAsInt();
        }
        return last;
    }

    private static String api() {
        String api = "https://billing-" + UUID.randomUUID() + ".example.com/";
        assertThat(A.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Billing\","
                + "\"scopes\":[{\"value\":\"read:invoices\"}]}").status()).isEqualTo(201);
        return api;
    }

    private static JsonNode m2m() {
        var r = A.mgmt("POST", "/clients", "{\"name\":\"Billing job\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]}");
        assertThat(r.status()).isEqualTo(201);
        return r.json();
    }

    private static String grant(String clientId, String api) {
        var r = A.mgmt("POST", "/client-grants", "{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api + "\","
                + "\"scope\":[\"read:invoices\"]}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void a_secret_rotated_on_one_node_stops_working_on_the_other() throws InterruptedException {
        String api = api();
        JsonNode client = m2m();
        String id = client.get("client_id").asString();
        String oldSecret = client.get("client_secret").asString();
        grant(id, api);
        assertThat(B.clientCredentials(id, oldSecret, api, null).status()).isEqualTo(200);

        var rotated = A.mgmt("POST", "/clients/" + id + "/rotate-secret", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("client_secret").asString();

        assertThat(eventually(401, () -> B.clientCredentials(id, oldSecret, api, null).status())).isEqualTo(401);
        assertThat(B.clientCredentials(id, newSecret, api, null).status()).isEqualTo(200);
        assertThat(A.clientCredentials(id, oldSecret, api, null).status()).as("the writing node at once").isEqualTo(401);
    }

    @Test
    void a_client_grant_deleted_on_one_node_stops_client_credentials_on_the_other() throws InterruptedException {
        String api = api();
        JsonNode client = m2m();
        String id = client.get("client_id").asString();
        String secret = client.get("client_secret").asString();
        String grantId = grant(id, api);
        assertThat(B.clientCredentials(id, secret, api, null).status()).isEqualTo(200);

        assertThat(A.mgmt("DELETE", "/client-grants/" + grantId, null).status()).isEqualTo(204);

        assertThat(eventually(403, () -> B.clientCredentials(id, secret, api, null).status())).isEqualTo(403);
    }

    @Test
    void an_api_changed_on_one_node_issues_tokens_with_its_new_lifetime_on_the_other() throws InterruptedException {
        String api = api();
        JsonNode client = m2m();
        String id = client.get("client_id").asString();
        String secret = client.get("client_secret").asString();
        grant(id, api);
        assertThat(B.clientCredentials(id, secret, api, null).json().get("expires_in").asLong()).isEqualTo(86400);

        var patched = A.mgmt("PATCH", "/resource-servers/" + TestAtrium.enc(api), "{\"token_lifetime\":600,\"token_lifetime_for_web\":600}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        long deadline = System.nanoTime() + CacheVersions.POLL.plus(Duration.ofSeconds(4)).toNanos();
        long lifetime = 86400;
        while (lifetime != 600 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lifetime = B.clientCredentials(id, secret, api, null).json().get("expires_in").asLong();
        }
        assertThat(lifetime).isEqualTo(600);
    }

    @Test
    void a_key_rotated_and_revoked_on_one_node_reaches_the_other() throws Exception {
        String before = B.managementToken();
        String oldKid = com.nimbusds.jwt.SignedJWT.parse(before).getHeader().getKeyID();
        var rotated = A.mgmt("POST", "/keys/signing/rotate", "{}");
        assertThat(rotated.status()).isEqualTo(201);
        String newKid = rotated.json().get("kid").asString();

        // B signs with the new key and publishes it, and the token signed before still works on B
        long deadline = System.nanoTime() + CacheVersions.POLL.plus(Duration.ofSeconds(4)).toNanos();
        String kid = oldKid;
        while (!kid.equals(newKid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            var token = B.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                    B.server().managementAudience(), "read:clients");
            kid = com.nimbusds.jwt.SignedJWT.parse(token.json().get("access_token").asString()).getHeader().getKeyID();
        }
        assertThat(kid).isEqualTo(newKid);
        assertThat(B.get("/.well-known/jwks.json").body()).contains(newKid);
        assertThat(B.mgmt("GET", "/clients", null, before).status()).isEqualTo(200);

        // once A revokes the old key, B no longer accepts what it signed
        assertThat(A.mgmt("PUT", "/keys/signing/" + oldKid + "/revoke", null).status()).isEqualTo(200);
        A.forgetManagementToken();
        B.forgetManagementToken();
        assertThat(eventually(401, () -> B.mgmt("GET", "/clients", null, before).status())).isEqualTo(401);
    }
}
