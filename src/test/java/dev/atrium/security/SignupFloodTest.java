package dev.atrium.security;

import dev.atrium.config.AtriumConfig;
import dev.atrium.support.TestAtrium;
import dev.atrium.users.Argon2PasswordHasher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: an anonymous caller floods sign-up, each request costing a password hash and a row. Sign-up
 * is metered per client address and for the whole tenant (429 in the API's shape, a readable hosted
 * page for the form), and the hash itself meets OWASP's Argon2id minimum; weaker stored hashes still
 * verify and are re-hashed at the next sign-in.
 */
class SignupFloodTest {
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static final String CONNECTION = "Username-Password-Authentication";
    static final String CALLBACK = "https://flood.example.com/cb";

    /** Three a minute from one address, five for the tenant; the OWASP hashing default is kept. */
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withSignupLimits(new AtriumConfig.SignupLimits(3, 5)));
    static String clientId;

    @BeforeAll
    static void app() {
        clientId = atrium.mgmt("POST", "/clients", "{\"name\":\"Flood\",\"app_type\":\"regular_web\",\"callbacks\":[\"" + CALLBACK
                + "\"],\"grant_types\":[\"authorization_code\"]}").json().get("client_id").asString();
        var conns = atrium.mgmt("GET", "/connections?name=" + CONNECTION, null).json();
        String connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + clientId + "\",\"status\":true}]").status()).isEqualTo(204);
    }

    private static byte[] signup(String email) {
        return ("{\"client_id\":\"" + clientId + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"connection\":\"" + CONNECTION + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signUpIsLimitedPerAddressAndPerTenant() throws Exception {
        for (int i = 0; i < 3; i++) {
            Hostile.Answer ok = Hostile.send(atrium, "POST", "/dbconnections/signup", "application/json",
                    signup("flood" + i + "@example.com"), null, null);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        }
        Hostile.Answer refused = Hostile.send(atrium, "POST", "/dbconnections/signup", "application/json",
                signup("flood3@example.com"), null, null);
        assertThat(refused.status()).isEqualTo(429);
        Hostile.assertShape("/dbconnections/signup", refused);
        assertThat(Hostile.json(refused).get("error").asString()).isEqualTo("too_many_requests");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(hash("flood3@example.com")).isNull();

        // the hosted form from the same address: a readable page, not a stack trace or JSON
        Hostile.Answer page = Hostile.send(atrium, "POST", "/u/signup", "application/x-www-form-urlencoded",
                ("state=x&email=flood4%40example.com&password=" + PASSWORD).getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(page.status()).isEqualTo(429);
        Hostile.assertShape("/u/signup", page);
        assertThat(page.body()).contains("Too many sign-up attempts");
        // issue 19: the address block is in the tenant log as Auth0's limit_mu, once for the minute, with the address
        JsonNode blocked = dev.atrium.support.TestLogs.await(atrium, "type:limit_mu",
                e -> "signup_flood".equals(e.path("details").path("reason").asString()));
        assertThat(blocked.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(blocked.get("description").asString()).contains("sign-up");
        assertThat(dev.atrium.support.TestLogs.all(atrium, "type:limit_mu")).hasSize(1);

        // another address still has its own allowance, until the tenant's five are used up
        List<String> json = List.of("Content-Type: application/json");
        assertThat(Hostile.raw(atrium, "127.0.0.2", "POST", "/dbconnections/signup", json, signup("other0@example.com")).status())
                .isEqualTo(200);
        assertThat(Hostile.raw(atrium, "127.0.0.2", "POST", "/dbconnections/signup", json, signup("other1@example.com")).status())
                .isEqualTo(200);
        Hostile.Answer tenantFull = Hostile.raw(atrium, "127.0.0.3", "POST", "/dbconnections/signup", json, signup("other2@example.com"));
        assertThat(tenantFull.status()).isEqualTo(429);
        Hostile.assertShape("/dbconnections/signup", tenantFull);
        // the tenant-wide limit is no address block: no limit_mu for 127.0.0.3
        assertThat(dev.atrium.support.TestLogs.all(atrium, "type:limit_mu")).hasSize(1);
        assertThat(hash("other2@example.com")).isNull();
        // loading the sign-up page is not metered
        assertThat(Hostile.send(atrium, "GET", "/u/signup?state=x", null, null, null, null).status()).isLessThan(429);
    }

    @Test
    void newHashesMeetOwaspAndOlderOnesAreUpgradedAtSignIn() throws Exception {
        String email = "upgrade@example.com";
        String userId = atrium.mgmt("POST", "/users", "{\"connection\":\"" + CONNECTION + "\",\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\"}").json().get("user_id").asString();
        assertThat(hash(email)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");

        // a hash made with the weaker parameters of earlier releases (16 MiB)
        String old = new Argon2PasswordHasher(16 * 1024, 2, 1).hash(PASSWORD);
        assertThat(old).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        setHash(email, old);

        Hostile.Answer a = Hostile.send(atrium, "GET", "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestAtrium.enc(CALLBACK) + "&scope=openid&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256", null, null, null, null);
        String loc = Hostile.location(a);
        String state = loc.substring(loc.indexOf("state=") + 6).split("&")[0];
        String cookie = Hostile.cookies(a, "");
        Hostile.Answer page = Hostile.send(atrium, "GET", "/u/login?state=" + state, null, null, null, cookie);
        cookie = Hostile.cookies(page, cookie);
        Hostile.Answer login = Hostile.send(atrium, "POST", "/u/login", "application/x-www-form-urlencoded",
                ("state=" + state + "&_csrf=" + TestAtrium.enc(Hostile.csrf(page.body())) + "&username=" + TestAtrium.enc(email)
                        + "&password=" + TestAtrium.enc(PASSWORD) + "&connection=" + CONNECTION).getBytes(StandardCharsets.UTF_8),
                null, cookie);

        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(hash(email)).as(userId).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(old);
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(atrium.server().config().databaseUrl()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    private static String hash(String email) throws Exception {
        try (Connection c = db(); PreparedStatement st = c.prepareStatement("select password_hash from users where email = ?")) {
            st.setString(1, email);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void setHash(String email, String hash) throws Exception {
        try (Connection c = db(); PreparedStatement st = c.prepareStatement("update users set password_hash = ? where email = ?")) {
            st.setString(1, hash);
            st.setString(2, email);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
