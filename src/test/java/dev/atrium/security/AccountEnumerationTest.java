package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import dev.atrium.users.PasswordHasher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling which accounts exist from the login form (issue 9, point 6). The answer's words are the same for
 * an unknown account and a wrong password; so must be the work behind it: an unknown account costs one
 * password verification, as a known one does. The server's hasher is wrapped to count verifications, so
 * the test measures work, not time.
 */
class AccountEnumerationTest {
    static final AtomicInteger verifications = new AtomicInteger();

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium().withPasswordHasher(real -> new PasswordHasher() {
        @Override
        public String hash(String password) {
            return real.hash(password);
        }

        @Override
        public boolean verify(String password, String hash) {
            verifications.incrementAndGet();
            return real.verify(password, hash);
        }

        @Override
        public boolean needsUpgrade(String hash) {
            return real.needsUpgrade(hash);
        }
    });

    static final String CALLBACK = "https://enum.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static String n;
    static String clientId;

    @BeforeAll
    static void tenant() {
        n = Long.toString(System.nanoTime(), 36);
        TestAtrium.Response c = atrium.mgmt("POST", "/clients", "{\"name\":\"Enum " + n + "\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\"]}");
        assertThat(c.status()).as(c.toString()).isEqualTo(201);
        clientId = c.json().get("client_id").asString();
        JsonNode conns = atrium.mgmt("GET", "/connections?name=Username-Password-Authentication", null).json();
        String connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
        assertThat(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\",\"email\":\"known-" + n
                + "@example.com\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
    }

    /** One login attempt on the hosted page: the answer and the verifications it cost. */
    record Attempt(TestBrowser.Page page, int verifications) {
    }

    static Attempt attempt(String username, String password) {
        TestBrowser b = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = b.open("/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(CALLBACK) + "&scope=openid&state=s");
        assertThat(login.screen()).isEqualTo("login");
        int before = verifications.get();
        TestBrowser.Page answer = b.submit(login, "form", Map.of("username", username, "password", password));
        return new Attempt(answer, verifications.get() - before);
    }

    @Test
    void anUnknownAccountCostsOneVerificationLikeAWrongPassword() {
        Attempt wrongPassword = attempt("known-" + n + "@example.com", "not-the-password");
        Attempt unknownEmail = attempt("nobody-" + n + "@example.com", "not-the-password");
        Attempt unknownUsername = attempt("nobody" + n, "not-the-password");
        assertThat(wrongPassword.verifications()).isEqualTo(1);
        assertThat(unknownEmail.verifications()).isEqualTo(1);
        assertThat(unknownUsername.verifications()).isEqualTo(1);
        // and the words and status are the same
        for (Attempt a : new Attempt[]{wrongPassword, unknownEmail, unknownUsername}) {
            assertThat(a.page().status()).isEqualTo(401);
            assertThat(a.page().doc().selectFirst("[role=alert]").text()).isEqualTo("Wrong email or password.");
        }
    }
}
