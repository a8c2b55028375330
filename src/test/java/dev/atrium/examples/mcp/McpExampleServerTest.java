package dev.atrium.examples.mcp;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Date;
import java.util.Set;

import static dev.atrium.oauth.SignInFixture.ok;
import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example MCP server of {@code examples/mcp-server} (issue 14 point 5) checks Atrium's access tokens over HTTP:
 * it publishes its RFC 9728 metadata, answers a call without a token 401 with {@code resource_metadata}, lets a
 * token for its resource with its scope in the organization it serves through to the MCP SDK (initialize and a tool
 * call), and refuses a token for another API, a forged signature, a missing scope, a token without an organization
 * and one for another organization.
 */
class McpExampleServerTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static McpExampleServer server;
    static String served;
    static String other;

    @BeforeAll
    static void start() throws Exception {
        f = new SignInFixture(atrium);
        ok(atrium.mgmt("PATCH", "/clients/" + f.webId, "{\"organization_usage\":\"allow\"}"));
        served = org("served");
        other = org("other");
        server = McpExampleServer.start(new McpExampleServer.Settings(atrium.issuer(), "127.0.0.1", 0, null,
                Set.of("read:notes"), Set.of(served), true));
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + server.resource() + "\",\"name\":\"Notes MCP\","
                + "\"scopes\":[{\"value\":\"read:notes\",\"description\":\"Read your notes\"},"
                + "{\"value\":\"write:notes\",\"description\":\"Change your notes\"}]}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String org(String name) {
        String id = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "-" + Long.toString(System.nanoTime(), 36)
                + "\",\"enabled_connections\":[{\"connection_id\":\"" + f.connectionId + "\"}]}")).get("id").asString();
        ok(atrium.mgmt("POST", "/organizations/" + id + "/members", "{\"members\":[\"" + f.userId + "\"]}"));
        return id;
    }

    /** An access token for the fixture's user from the first-party web application. */
    static String token(String audience, String scope, String organization) {
        String code = f.webCode(f.authorizeWeb(scope, "&audience=" + enc(audience)
                + (organization == null ? "" : "&organization=" + organization)));
        return ok(f.exchangeWeb(code)).get("access_token").asString();
    }

    static TestAtrium.Response post(String token, String sessionId, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.resource()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        return atrium.send(b.build());
    }

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

    static void assertRefused(TestAtrium.Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        String challenge = r.header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer resource_metadata=\"" + server.metadataUrl() + "\"");
        if (error != null) {
            assertThat(challenge).contains("error=\"" + error + "\"");
        }
        assertThat(r.json().get("error").asString()).isNotBlank();
    }

    @Test
    void itPublishesItsProtectedResourceMetadataNamingAtrium() {
        TestAtrium.Response r = atrium.send(HttpRequest.newBuilder(URI.create(server.metadataUrl())).GET().build());
        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.json();
        assertThat(d.get("resource").asString()).isEqualTo(server.resource());
        assertThat(d.get("authorization_servers").get(0).asString()).isEqualTo(atrium.issuer());
        assertThat(d.get("scopes_supported").toString()).isEqualTo("[\"read:notes\",\"offline_access\"]");
        // the same facts as the document Atrium prepares for the API
        JsonNode api = null;
        for (JsonNode rs : ok(atrium.mgmt("GET", "/resource-servers", null))) {
            if (rs.get("identifier").asString().equals(server.resource())) {
                api = rs;
            }
        }
        assertThat(api).isNotNull();
        JsonNode prepared = ok(atrium.mgmt("GET", "/resource-servers/" + api.get("id").asString() + "/protected-resource-metadata", null));
        assertThat(prepared.get("resource")).isEqualTo(d.get("resource"));
        assertThat(prepared.get("authorization_servers")).isEqualTo(d.get("authorization_servers"));
    }

    @Test
    void aCallWithoutATokenIsAskedForOneWithTheMetadataUrl() {
        assertRefused(post(null, null, INITIALIZE), 401, null);
        assertRefused(atrium.send(HttpRequest.newBuilder(URI.create(server.resource())).header("Authorization", "Basic eDp5")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build()), 401, "invalid_request");
    }

    @Test
    void aTokenForItsResourceWithItsScopeInItsOrganizationReachesTheTools() {
        String token = token(server.resource(), "openid read:notes", served);
        TestAtrium.Response init = post(token, null, INITIALIZE);
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        assertThat(init.body()).contains("atrium-example-notes");
        String session = init.header("Mcp-Session-Id");
        assertThat(post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").status()).isEqualTo(202);
        TestAtrium.Response call = post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}");
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("user " + f.userId + " in organization " + served + " with scopes");
    }

    @Test
    void aTokenForAnotherApiIsInvalidHere() {
        assertRefused(post(token(f.api, "openid read:orders", served), null, INITIALIZE), 401, "invalid_token");
    }

    @Test
    void aForgedSignatureIsInvalidEvenWithAtriumsKeyId() throws Exception {
        String real = token(server.resource(), "openid read:notes", served);
        SignedJWT parsed = SignedJWT.parse(real);
        var forger = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(forger.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder(parsed.getJWTClaimsSet()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
        forged.sign(new RSASSASigner(forger));
        assertRefused(post(forged.serialize(), null, INITIALIZE), 401, "invalid_token");
        // and an unsigned one
        String[] parts = real.split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertRefused(post(none, null, INITIALIZE), 401, "invalid_token");
    }

    @Test
    void aTokenWithoutTheScopeIsInsufficientScope() {
        TestAtrium.Response r = post(token(server.resource(), "openid", served), null, INITIALIZE);
        assertRefused(r, 403, "insufficient_scope");
        assertThat(r.header("WWW-Authenticate")).contains("scope=\"read:notes\"");
    }

    @Test
    void aTokenWithoutAnOrganizationOrForAnotherIsRefused() {
        TestAtrium.Response none = post(token(server.resource(), "openid read:notes", null), null, INITIALIZE);
        assertRefused(none, 403, "invalid_token");
        assertThat(none.json().get("error_description").asString()).contains("no org_id");
        TestAtrium.Response elsewhere = post(token(server.resource(), "openid read:notes", other), null, INITIALIZE);
        assertRefused(elsewhere, 403, "invalid_token");
        assertThat(elsewhere.json().get("error_description").asString()).contains(other);
    }
}
