package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: requests built to be refused before any route runs (a NUL byte in the path, a body over
 * the size limit, a URI or headers too long, an unknown path or method), hoping for the container's
 * own page — which leaks the server and breaks clients that parse errors. Each refusal answers in the
 * shape of the API its path targets — also when the server cannot parse the request line at all (a
 * NUL byte, an illegal escape, a URI beyond what it parses): the path is then read from the request
 * line as the client wrote it.
 */
class PreRoutingRejectionTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();

    private static Hostile.Answer raw(String method, String target, List<String> headers, byte[] body) {
        return Hostile.raw(atrium, method, target, headers, body);
    }

    private static void assertNotJetty(Hostile.Answer r) {
        assertThat(r.body()).doesNotContain("Powered by Jetty").doesNotContain("<title>Error ")
                .doesNotContain("\"title\"").doesNotContain("Endpoint ");
    }

    @Test
    void aBodyOverTheLimitAnswersInTheShapeOfItsApi() {
        byte[] big = "a".repeat(1_100_000).getBytes(StandardCharsets.US_ASCII);
        Hostile.Answer mgmt = Hostile.send(atrium, "POST", "/api/v2/clients", "application/json", big, atrium.managementToken(), null);
        assertThat(mgmt.status()).isEqualTo(413);
        Hostile.assertShape("/api/v2/clients", mgmt);
        Hostile.Answer oauth = Hostile.send(atrium, "POST", "/oauth/token", "application/x-www-form-urlencoded", big, null, null);
        assertThat(oauth.status()).isEqualTo(413);
        Hostile.assertShape("/oauth/token", oauth);
        Hostile.Answer register = Hostile.send(atrium, "POST", "/oidc/register", "application/json", big, null, null);
        assertThat(register.status()).isEqualTo(413);
        Hostile.assertShape("/oidc/register", register);
        Hostile.Answer page = Hostile.send(atrium, "POST", "/u/login", "application/x-www-form-urlencoded", big, null, null);
        assertThat(page.status()).isEqualTo(413);
        Hostile.assertShape("/u/login", page);
    }

    @Test
    void aUriTooLongAnswersInTheShapeOfItsApi() {
        String q = "?x=" + "a".repeat(10_000);
        for (String path : new String[] {"/api/v2/clients", "/oauth/token", "/oidc/register", "/authorize"}) {
            Hostile.Answer r = raw("GET", path + q, List.of("Authorization: Bearer " + atrium.managementToken()), null);
            assertThat(r.status()).as(path).isEqualTo(414);
            Hostile.assertShape(path, r);
            assertNotJetty(r);
        }
    }

    @Test
    void headersTooLargeAnswerInTheShapeOfTheirApi() {
        // 12 KB passes the parser and is refused by Atrium's own limit; 40 KB is refused by the parser
        for (int size : new int[] {12_000, 40_000}) {
            List<String> headers = List.of("X-Padding: " + "p".repeat(size));
            for (String path : new String[] {"/api/v2/clients", "/oauth/token", "/u/login"}) {
                Hostile.Answer r = raw("GET", path, headers, null);
                assertThat(r.status()).as(path + " " + size).isEqualTo(431);
                Hostile.assertShape(path, r);
                assertNotJetty(r);
            }
        }
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheShapeOfTheirApi() {
        Hostile.Answer mgmt = Hostile.send(atrium, "GET", "/api/v2/nothing-here", null, null, atrium.managementToken(), null);
        assertThat(mgmt.status()).isEqualTo(404);
        Hostile.assertShape("/api/v2/nothing-here", mgmt);
        Hostile.Answer oauth = Hostile.send(atrium, "GET", "/oauth/nothing", null, null, null, null);
        assertThat(oauth.status()).isEqualTo(404);
        Hostile.assertShape("/oauth/nothing", oauth);
        Hostile.Answer page = Hostile.send(atrium, "GET", "/no/such/page", null, null, null, null);
        assertThat(page.status()).isEqualTo(404);
        Hostile.assertShape("/no/such/page", page);
        for (Hostile.Answer r : List.of(mgmt, oauth, page)) {
            assertNotJetty(r);
        }
    }

    @Test
    void requestLinesTheServerCannotParseAnswerInTheShapeOfTheirApi() {
        String tooLong = "a".repeat(40_000);
        String[][] cases = {
                // target as sent, the path whose API shape the answer must have
                {"/api/v2/clients%00", "/api/v2/clients"},
                {"/api/v2/users/%00/roles", "/api/v2/users"},
                {"/api/v2/clients\u0000", "/api/v2/clients"},
                {"/api/v2/" + tooLong, "/api/v2/clients"},
                {"/oauth/token%00x", "/oauth/token"},
                {"/oauth/token\u0000", "/oauth/token"},
                {"/oidc/register%00", "/oidc/register"},
                {"/oauth/" + tooLong, "/oauth/token"},
                {"/u/login%00", "/u/login"},
                {"/u/login\u0000", "/u/login"},
                {"/" + tooLong, "/u/login"},
        };
        for (String[] c : cases) {
            String label = c[0].length() > 40 ? c[0].substring(0, 40) + "…" : c[0];
            Hostile.Answer r = raw("GET", c[0], List.of(), null);
            assertThat(r.status()).as(label).isBetween(400, 499);
            Hostile.assertShape(c[1], r);
            assertNotJetty(r);
        }
    }

    @Test
    void anAbsoluteFormTargetIsJudgedByItsPath() {
        Hostile.Answer r = raw("GET", "http://localhost/api/v2/clients%00", List.of(), null);
        assertThat(r.status()).isBetween(400, 499);
        Hostile.assertShape("/api/v2/clients", r);
        assertNotJetty(r);
    }
}
