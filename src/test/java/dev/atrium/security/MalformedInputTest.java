package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: inputs built to break the server rather than to be served — values of the wrong JSON type
 * below the top level, nesting deep enough to exhaust a recursive walk, huge strings and numbers,
 * broken UTF-8 and broken form encoding. Each is a 4xx in its API's shape, never a 5xx, and writes
 * nothing.
 */
class MalformedInputTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static String clientId;

    @BeforeAll
    static void setUp() {
        clientId = atrium.mgmt("POST", "/clients", "{\"name\":\"Malformed\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"https://m.example.com/cb\"]}").json().get("client_id").asString();
        assertThat(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}").status())
                .isEqualTo(200);
        var conns = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json();
        String connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    private static Hostile.Answer mgmt(String method, String path, byte[] body) {
        return Hostile.send(atrium, method, "/api/v2" + path, "application/json", body, atrium.managementToken(), null);
    }

    private static Hostile.Answer mgmt(String method, String path, String body) {
        return mgmt(method, path, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int clientCount() {
        return atrium.mgmt("GET", "/clients?per_page=100", null).json().size();
    }

    @Test
    void aNestedValueOfTheWrongTypeIsABadRequestAndChangesNothing() {
        String before = atrium.mgmt("GET", "/clients/" + clientId, null).body();
        for (String body : new String[] {"{\"jwt_configuration\":{\"alg\":{\"a\":1}}}", "{\"jwt_configuration\":{\"alg\":[\"RS256\"]}}",
                "{\"jwt_configuration\":{\"lifetime_in_seconds\":\"long\"}}", "{\"refresh_token\":{\"rotation_type\":{\"x\":1}}}",
                "{\"refresh_token\":{\"token_lifetime\":\"forever\"}}", "{\"jwt_configuration\":[1,2]}"}) {
            Hostile.Answer r = mgmt("PATCH", "/clients/" + clientId, body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            Hostile.assertShape("/api/v2/clients", r);
            assertThat(Hostile.json(r).get("errorCode").asString()).isEqualTo("invalid_body");
        }
        assertThat(atrium.mgmt("GET", "/clients/" + clientId, null).body()).isEqualTo(before);
        int count = clientCount();
        Hostile.Answer create = mgmt("POST", "/clients", "{\"name\":\"x\",\"jwt_configuration\":{\"alg\":{\"a\":1}}}");
        assertThat(create.status()).isEqualTo(400);
        assertThat(clientCount()).isEqualTo(count);
    }

    @Test
    void deeplyNestedArraysInARegistrationAreRefusedAndRegisterNothing() {
        int count = clientCount();
        for (int depth : new int[] {20, 400, 900, 5000}) {
            String deep = "[".repeat(depth) + "]".repeat(depth);
            Hostile.Answer r = Hostile.send(atrium, "POST", "/oidc/register", "application/json",
                    ("{\"client_name\":\"Deep\",\"redirect_uris\":[\"https://d.example.com/cb\"],\"contacts\":" + deep + "}")
                            .getBytes(StandardCharsets.UTF_8), null, null);
            assertThat(r.status()).as("depth " + depth + ": " + r).isEqualTo(400);
            Hostile.assertShape("/oidc/register", r);
        }
        Hostile.Answer mgmtDeep = mgmt("POST", "/roles", "{\"name\":\"deep\",\"description\":" + "[".repeat(3000) + "]".repeat(3000) + "}");
        assertThat(mgmtDeep.status()).isEqualTo(400);
        Hostile.assertShape("/api/v2/roles", mgmtDeep);
        assertThat(clientCount()).isEqualTo(count);
    }

    @Test
    void brokenUtf8HugeNumbersAndTrailingGarbageAreBadRequests() {
        byte[] brokenUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        for (byte[] body : new byte[][] {brokenUtf8, "{\"name\":\"r\",\"x\":1e99999}".getBytes(StandardCharsets.UTF_8),
                ("{\"name\":\"r\",\"n\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8),
                "{\"name\":\"r\"} {\"name\":\"s\"}".getBytes(StandardCharsets.UTF_8), "{\"name\":".getBytes(StandardCharsets.UTF_8)}) {
            Hostile.Answer r = mgmt("POST", "/roles", body);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            Hostile.assertShape("/api/v2/roles", r);
        }
    }

    @Test
    void aLongOrGarbledLoginFormIsARefusalOnTheHostedPage() {
        Hostile.Answer a = Hostile.send(atrium, "GET", "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc("https://m.example.com/cb") + "&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256", null, null, null, null);
        String loc = Hostile.location(a);
        String state = loc.substring(loc.indexOf("state=") + 6).split("&")[0];
        String cookie = Hostile.cookies(a, "");
        Hostile.Answer page = Hostile.send(atrium, "GET", "/u/login?state=" + state, null, null, null, cookie);
        cookie = Hostile.cookies(page, cookie);
        String valid = "state=" + state + "&_csrf=" + TestAtrium.enc(Hostile.csrf(page.body()));
        for (String form : new String[] {
                // a username far longer than any stored key, twice so the failure counter is read back
                valid + "&username=" + "a".repeat(300_000) + "&password=" + "b".repeat(100_000),
                valid + "&username=" + "a".repeat(300_000) + "&password=x&connection=Username-Password-Authentication",
                valid + "&username=%ZZ&password=%", valid + "&username=%C3%28%FF&password=x",
                valid + "&username=a%00b&password=x", "%%%%&&&==="}) {
            Hostile.Answer r = Hostile.send(atrium, "POST", "/u/login", "application/x-www-form-urlencoded",
                    form.getBytes(StandardCharsets.ISO_8859_1), null, cookie);
            assertThat(r.status()).as(r.toString()).isBetween(400, 499);
            Hostile.assertShape("/u/login", r);
        }
    }

    @Test
    void aGarbledTokenRequestIsInvalidRequest() {
        for (String form : new String[] {"grant_type=%ZZ", "grant_type=client_credentials&client_id=%C3%28", "a=%"}) {
            Hostile.Answer r = Hostile.send(atrium, "POST", "/oauth/token", "application/x-www-form-urlencoded",
                    form.getBytes(StandardCharsets.ISO_8859_1), null, null);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(Hostile.json(r).get("error").asString()).isEqualTo("invalid_request");
        }
    }

}
