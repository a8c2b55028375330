package dev.atrium.security;

import dev.atrium.common.Json;
import dev.atrium.config.AtriumConfig;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded mutation fuzzer over every public surface: each Management API collection (create,
 * update, list), {@code /oauth/token}, {@code /oauth/revoke}, {@code /oidc/register},
 * {@code /dbconnections/signup}, {@code /authorize} and the hosted forms. It starts from valid
 * requests and mutates their bodies (types, sizes, encodings, nesting, duplicated and missing
 * fields), their content types and their query strings, then asserts for every answer: no 5xx,
 * every error in its API's shape, and a refused request (4xx) changed nothing — the content of every
 * table that holds resources is hashed before and after it.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=<n>} replays a run, {@code -Dfuzz.seed=random} draws a
 * new one, and without the property a fixed seed is used. {@code -Dfuzz.requests=<n>} changes the
 * number of requests (default 2,400).
 */
class HostileInputFuzzTest {
    static final long DEFAULT_SEED = 20261204L;
    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static final String CALLBACK = "https://fuzz.example.com/callback";
    static final String CONNECTION = "Username-Password-Authentication";

    /** Cheap hashing keeps 2,000 requests fast; the parameters are a test-only setting. */
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withPasswordHashing(new AtriumConfig.PasswordHashing(1024, 1, 1)));

    /** Tables whose rows legitimately change on a refused request (flow state, brute-force counters, caches). */
    static final List<String> VOLATILE = List.of("auth_transactions", "login_failures", "sessions", "cache_versions",
            "flyway_schema_history", "used_jtis", "client_assertion_jtis", "rate_limits");

    enum Kind { MGMT, OAUTH_FORM, OAUTH_JSON, DCR, AUTHORIZE, HOSTED }

    /** A valid request to start mutating from. */
    record Seed(String name, Kind kind, String method, String path, Supplier<JsonNode> body) {
    }

    /** One concrete request. */
    record Req(String method, String path, String contentType, byte[] body, String token, String cookie, String what) {
    }

    Random rnd;
    boolean uriLimited;
    String api;
    String webId;
    String webSecret;
    String clientId;
    String roleId;
    String userId;
    String orgId;
    String resourceServerId;
    String connectionId;
    String grantId;
    String hostedCookie = "";
    String hostedState = "";
    String hostedCsrf = "";

    @Test
    void mutatedRequestsNeverCrashAnswerInShapeAndChangeNothingWhenRefused() throws Exception {
        String prop = System.getProperty("fuzz.seed", "");
        long seed = prop.isBlank() ? DEFAULT_SEED : prop.equals("random") ? new Random().nextLong() : Long.parseLong(prop.trim());
        int requests = Integer.getInteger("fuzz.requests", 2400);
        System.out.println("HostileInputFuzzTest seed=" + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        rnd = new Random(seed);
        setUp();
        List<Seed> seeds = seeds();

        List<String> failures = new ArrayList<>();
        int refused = 0;
        try (Connection db = DriverManager.getConnection(atrium.server().config().databaseUrl()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")) {
            Map<String, String> before = snapshot(db);
            for (int i = 0; i < requests && failures.size() < 10; i++) {
                Seed s = seeds.get(i % seeds.size());
                if (s.kind() == Kind.HOSTED && (i / seeds.size()) % 6 == 0) {
                    freshTransaction();
                }
                Req q = mutate(s);
                Hostile.Answer r;
                try {
                    r = Hostile.send(atrium, q.method(), q.path(), q.contentType(), q.body(), q.token(), q.cookie());
                } catch (RuntimeException noAnswer) {
                    failures.add("#" + i + " " + q.what() + " " + q.method() + " " + abbreviate(q.path(), 200) + " [" + q.contentType()
                            + "] body=" + abbreviate(new String(q.body() == null ? new byte[0] : q.body(), StandardCharsets.UTF_8), 300)
                            + " -> no answer: " + noAnswer.getMessage());
                    continue;
                }
                String path = q.path().split("\\?", 2)[0];
                String problem = Hostile.shapeProblem(path, r);
                Map<String, String> after = snapshot(db);
                if (problem == null && r.status() >= 400) {
                    refused++;
                    List<String> changed = new ArrayList<>();
                    after.forEach((t, h) -> {
                        if (!h.equals(before.get(t))) {
                            changed.add(t);
                        }
                    });
                    if (!changed.isEmpty()) {
                        problem = "refused with " + r.status() + " but changed " + changed;
                    }
                }
                if (problem != null) {
                    failures.add("#" + i + " " + q.what() + " " + q.method() + " " + abbreviate(q.path(), 200)
                            + " [" + q.contentType() + "] body=" + abbreviate(new String(q.body() == null ? new byte[0] : q.body(),
                            StandardCharsets.UTF_8), 300) + " -> " + problem + ": " + abbreviate(r.body(), 300));
                }
                before.clear();
                before.putAll(after);
            }
        }
        System.out.println("HostileInputFuzzTest: " + requests + " requests, " + refused + " refused");
        assertThat(failures).as("seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")").isEmpty();
        assertThat(refused).as("the fuzzer reaches the error paths").isGreaterThan(requests / 4);
    }

    // ---- the tenant the fuzzer works on

    void setUp() {
        ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        String n = Long.toString(System.nanoTime(), 36);
        api = "https://fuzz-" + n + ".example.com/";
        JsonNode rs = ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Fuzz API\","
                + "\"scopes\":[{\"value\":\"read:x\",\"description\":\"Read\"}]}"));
        resourceServerId = rs.get("id").asString();
        JsonNode web = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Fuzz Web\",\"app_type\":\"regular_web\","
                + "\"callbacks\":[\"" + CALLBACK + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\"}"));
        webId = web.get("client_id").asString();
        webSecret = web.get("client_secret").asString();
        JsonNode other = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"Fuzz Target\",\"app_type\":\"non_interactive\"}"));
        clientId = other.get("client_id").asString();
        grantId = ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + webId + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:x\"]}")).get("id").asString();
        JsonNode conns = ok(atrium.mgmt("GET", "/connections?name=" + CONNECTION, null));
        connectionId = (conns.isArray() ? conns : conns.get("connections")).get(0).get("id").asString();
        assertThat(atrium.mgmt("PATCH", "/connections/" + connectionId + "/clients",
                "[{\"client_id\":\"" + webId + "\",\"status\":true}]").status()).isEqualTo(204);
        roleId = ok(atrium.mgmt("POST", "/roles", "{\"name\":\"fuzz-role\",\"description\":\"d\"}")).get("id").asString();
        userId = ok(atrium.mgmt("POST", "/users", "{\"connection\":\"" + CONNECTION + "\",\"email\":\"fuzz-" + n
                + "@example.com\",\"password\":\"" + PASSWORD + "\"}")).get("user_id").asString();
        orgId = ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"fuzz-org\",\"display_name\":\"Fuzz\"}")).get("id").asString();
        freshTransaction();
    }

    /** A sign-in transaction with its device cookie and CSRF token, so hosted-form mutations reach their handlers. */
    void freshTransaction() {
        var a = Hostile.send(atrium, "GET", "/authorize?" + authorizeQuery(), null, null, null, null);
        String loc = Hostile.location(a);
        hostedCookie = Hostile.cookies(a, "");
        int at = loc.indexOf("state=");
        hostedState = at < 0 ? "" : java.net.URLDecoder.decode(loc.substring(at + 6).split("&")[0], StandardCharsets.UTF_8);
        var page = Hostile.send(atrium, "GET", "/u/login?state=" + enc(hostedState), null, null, null, hostedCookie);
        hostedCookie = Hostile.cookies(page, hostedCookie);
        hostedCsrf = Hostile.csrf(page.body());
    }

    String authorizeQuery() {
        return "response_type=code&client_id=" + enc(webId) + "&redirect_uri=" + enc(CALLBACK) + "&scope=openid%20profile"
                + "&state=st&nonce=n&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    }

    List<Seed> seeds() {
        List<Seed> s = new ArrayList<>();
        // Management API: every collection, create and update
        s.add(mgmt("clients.create", "POST", "/clients", () -> obj("{\"name\":\"fz\",\"app_type\":\"regular_web\",\"callbacks\":[\"https://f.example.com/cb\"],"
                + "\"grant_types\":[\"authorization_code\"],\"jwt_configuration\":{\"alg\":\"RS256\",\"lifetime_in_seconds\":3600},"
                + "\"refresh_token\":{\"rotation_type\":\"rotating\",\"expiration_type\":\"expiring\",\"token_lifetime\":86400}}")));
        s.add(mgmt("clients.update", "PATCH", "/clients/" + clientId, () -> obj("{\"name\":\"fz2\",\"jwt_configuration\":{\"alg\":\"RS256\"},"
                + "\"callbacks\":[\"https://g.example.com/cb\"],\"client_metadata\":{\"k\":\"v\"}}")));
        s.add(mgmt("client-grants.create", "POST", "/client-grants", () -> obj("{\"client_id\":\"" + clientId + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:x\"]}")));
        s.add(mgmt("client-grants.update", "PATCH", "/client-grants/" + grantId, () -> obj("{\"scope\":[\"read:x\"]}")));
        s.add(mgmt("resource-servers.create", "POST", "/resource-servers", () -> obj("{\"identifier\":\"https://rs-" + rnd.nextInt(1_000_000)
                + ".example.com/\",\"name\":\"R\",\"scopes\":[{\"value\":\"a:b\",\"description\":\"d\"}],\"token_lifetime\":3600}")));
        s.add(mgmt("resource-servers.update", "PATCH", "/resource-servers/" + resourceServerId,
                () -> obj("{\"name\":\"R2\",\"scopes\":[{\"value\":\"read:x\",\"description\":\"Read\"}],\"allow_offline_access\":true}")));
        s.add(mgmt("roles.create", "POST", "/roles", () -> obj("{\"name\":\"r-" + rnd.nextInt(1_000_000) + "\",\"description\":\"d\"}")));
        s.add(mgmt("roles.update", "PATCH", "/roles/" + roleId, () -> obj("{\"name\":\"fuzz-role\",\"description\":\"e\"}")));
        s.add(mgmt("roles.permissions", "POST", "/roles/" + roleId + "/permissions", () -> obj("{\"permissions\":[{\"resource_server_identifier\":\""
                + api + "\",\"permission_name\":\"read:x\"}]}")));
        s.add(mgmt("connections.create", "POST", "/connections", () -> obj("{\"name\":\"c-" + rnd.nextInt(1_000_000)
                + "\",\"strategy\":\"auth0\",\"options\":{\"passwordPolicy\":\"good\"}}")));
        s.add(mgmt("connections.update", "PATCH", "/connections/" + connectionId, () -> obj("{\"options\":{\"passwordPolicy\":\"good\","
                + "\"brute_force_protection\":true}}")));
        s.add(mgmt("users.create", "POST", "/users", () -> obj("{\"connection\":\"" + CONNECTION + "\",\"email\":\"u" + rnd.nextInt(1_000_000)
                + "@example.com\",\"password\":\"" + PASSWORD + "\",\"user_metadata\":{\"a\":1},\"name\":\"N\"}")));
        s.add(mgmt("users.update", "PATCH", "/users/" + enc(userId), () -> obj("{\"user_metadata\":{\"plan\":\"pro\"},\"app_metadata\":{\"x\":[1]},"
                + "\"name\":\"Ada\",\"blocked\":false}")));
        s.add(mgmt("users.roles", "POST", "/users/" + enc(userId) + "/roles", () -> obj("{\"roles\":[\"" + roleId + "\"]}")));
        s.add(mgmt("organizations.create", "POST", "/organizations", () -> obj("{\"name\":\"o-" + rnd.nextInt(1_000_000)
                + "\",\"display_name\":\"O\",\"branding\":{\"colors\":{\"primary\":\"#112233\"}},\"metadata\":{\"k\":\"v\"}}")));
        s.add(mgmt("organizations.update", "PATCH", "/organizations/" + orgId, () -> obj("{\"display_name\":\"P\",\"metadata\":{\"k\":\"w\"}}")));
        s.add(mgmt("organizations.members", "POST", "/organizations/" + orgId + "/members", () -> obj("{\"members\":[\"" + userId + "\"]}")));
        s.add(mgmt("organizations.connections", "POST", "/organizations/" + orgId + "/enabled_connections",
                () -> obj("{\"connection_id\":\"" + connectionId + "\",\"assign_membership_on_login\":false}")));
        s.add(mgmt("organizations.invitations", "POST", "/organizations/" + orgId + "/invitations", () -> obj("{\"inviter\":{\"name\":\"A\"},"
                + "\"invitee\":{\"email\":\"i@example.com\"},\"client_id\":\"" + webId + "\"}")));
        s.add(mgmt("tenant.settings", "PATCH", "/tenants/settings", () -> obj("{\"friendly_name\":\"Fuzz tenant\",\"session_lifetime\":168}")));
        s.add(mgmt("clients.credentials", "POST", "/clients/" + clientId + "/credentials", () -> obj("{\"credential_type\":\"public_key\","
                + "\"name\":\"k\",\"pem\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}")));
        for (String list : List.of("/clients", "/client-grants", "/resource-servers", "/roles", "/connections", "/users",
                "/organizations", "/grants", "/keys/signing", "/user-blocks", "/users-by-email", "/tenants/settings")) {
            s.add(new Seed("list" + list, Kind.MGMT, "GET", "/api/v2" + list,
                    () -> obj("{\"page\":\"0\",\"per_page\":\"5\",\"include_totals\":\"true\",\"q\":\"email:a\",\"email\":\"a@example.com\","
                            + "\"identifier\":\"a\",\"user_id\":\"" + userId + "\",\"fields\":\"name\"}")));
        }
        // Authentication API
        s.add(new Seed("token.form", Kind.OAUTH_FORM, "POST", "/oauth/token", () -> obj("{\"grant_type\":\"client_credentials\",\"client_id\":\""
                + webId + "\",\"client_secret\":\"" + webSecret + "\",\"audience\":\"" + api + "\"}")));
        s.add(new Seed("token.json", Kind.OAUTH_JSON, "POST", "/oauth/token", () -> obj("{\"grant_type\":\"authorization_code\",\"client_id\":\""
                + webId + "\",\"client_secret\":\"" + webSecret + "\",\"code\":\"abc\",\"redirect_uri\":\"" + CALLBACK
                + "\",\"code_verifier\":\"dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk\"}")));
        s.add(new Seed("token.refresh", Kind.OAUTH_FORM, "POST", "/oauth/token", () -> obj("{\"grant_type\":\"refresh_token\",\"client_id\":\""
                + webId + "\",\"client_secret\":\"" + webSecret + "\",\"refresh_token\":\"xyz\"}")));
        s.add(new Seed("revoke", Kind.OAUTH_FORM, "POST", "/oauth/revoke", () -> obj("{\"client_id\":\"" + webId + "\",\"client_secret\":\""
                + webSecret + "\",\"token\":\"xyz\"}")));
        s.add(new Seed("register", Kind.DCR, "POST", "/oidc/register", () -> obj("{\"client_name\":\"Fuzz DCR\",\"redirect_uris\":[\"https://r.example.com/cb\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\",\"grant_types\":[\"authorization_code\"]}")));
        s.add(new Seed("signup", Kind.OAUTH_JSON, "POST", "/dbconnections/signup", () -> obj("{\"client_id\":\"" + webId + "\",\"email\":\"s"
                + rnd.nextInt(1_000_000) + "@example.com\",\"password\":\"" + PASSWORD + "\",\"connection\":\"" + CONNECTION
                + "\",\"user_metadata\":{\"a\":\"b\"}}")));
        s.add(new Seed("authorize", Kind.AUTHORIZE, "GET", "/authorize", () -> obj("{\"response_type\":\"code\",\"client_id\":\"" + webId
                + "\",\"redirect_uri\":\"" + CALLBACK + "\",\"scope\":\"openid profile\",\"state\":\"st\",\"nonce\":\"n\","
                + "\"code_challenge\":\"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\",\"code_challenge_method\":\"S256\",\"audience\":\"" + api + "\"}")));
        // hosted forms (state and CSRF of a live transaction)
        s.add(new Seed("u.login", Kind.HOSTED, "POST", "/u/login", () -> obj("{\"state\":\"" + hostedState + "\",\"_csrf\":\"" + hostedCsrf
                + "\",\"username\":\"nobody@example.com\",\"password\":\"" + PASSWORD + "\",\"connection\":\"" + CONNECTION + "\"}")));
        s.add(new Seed("u.signup", Kind.HOSTED, "POST", "/u/signup", () -> obj("{\"state\":\"" + hostedState + "\",\"_csrf\":\"" + hostedCsrf
                + "\",\"email\":\"h" + rnd.nextInt(1_000_000) + "@example.com\",\"password\":\"" + PASSWORD + "\",\"connection\":\"" + CONNECTION + "\"}")));
        s.add(new Seed("u.consent", Kind.HOSTED, "POST", "/u/consent", () -> obj("{\"state\":\"" + hostedState + "\",\"_csrf\":\"" + hostedCsrf
                + "\",\"action\":\"accept\"}")));
        s.add(new Seed("u.organization", Kind.HOSTED, "POST", "/u/organization", () -> obj("{\"state\":\"" + hostedState + "\",\"_csrf\":\""
                + hostedCsrf + "\",\"organization\":\"fuzz-org\"}")));
        return s;
    }

    Seed mgmt(String name, String method, String path, Supplier<JsonNode> body) {
        return new Seed(name, Kind.MGMT, method, "/api/v2" + path, body);
    }

    // ---- mutations

    static final String[] CONTENT_TYPES = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", null, "application/json; charset=utf-16", "APPLICATION/JSON", "application/json;;", "*/*",
            "application/json", "application/jsonp", "text/html"};

    Req mutate(Seed s) {
        JsonNode body = s.body().get();
        StringBuilder what = new StringBuilder(s.name());
        int ops = 1 + rnd.nextInt(3);
        // a URI the server cannot even parse has no path to answer for (PreRoutingRejectionTest covers it):
        // query strings stay within the parse limit, and cross the 8 KiB URI limit now and then
        uriLimited = s.method().equals("GET");
        for (int i = 0; i < ops; i++) {
            body = treeMutation(body, what);
        }
        boolean formLike = s.kind() == Kind.OAUTH_FORM || s.kind() == Kind.HOSTED || s.kind() == Kind.AUTHORIZE
                || s.method().equals("GET");
        String type = formLike ? (s.method().equals("GET") ? null : "application/x-www-form-urlencoded") : "application/json";
        byte[] bytes;
        String path = s.path();
        if (formLike) {
            String encoded = form(body, what);
            if (s.method().equals("GET")) {
                path = path + "?" + encoded;
                bytes = null;
            } else {
                bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
            }
        } else {
            bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        }
        // serialisation-level mutations
        int roll = rnd.nextInt(100);
        if (bytes != null && roll < 12) {
            bytes = textual(bytes, what);
        } else if (roll < 24 && !s.method().equals("GET")) {
            type = CONTENT_TYPES[rnd.nextInt(CONTENT_TYPES.length)];
            what.append(" type");
        } else if (roll < 28 && bytes != null && !formLike) {
            bytes = form(body, what).getBytes(StandardCharsets.ISO_8859_1);
            what.append(" json-as-form");
        } else if (roll < 31 && s.kind() == Kind.MGMT && path.matches(".*/[^/]+_[^/]+$|.*/auth0%7C.*$")) {
            path = path.substring(0, path.lastIndexOf('/') + 1) + pick("nope", "%2e%2e", "a%2Fb", "x".repeat(1500), "%F0%9F%98%80",
                    "%C3%28", "..%2F..%2Fclients", "%25");
            what.append(" id");
        }
        boolean auth = s.kind() == Kind.MGMT && rnd.nextInt(40) != 0;
        String cookie = s.kind() == Kind.HOSTED && rnd.nextInt(15) != 0 ? hostedCookie : null;
        return new Req(s.method(), path, type, bytes, auth ? atrium.managementToken() : null, cookie, what.toString());
    }

    JsonNode treeMutation(JsonNode body, StringBuilder what) {
        if (!(body instanceof ObjectNode root) || root.isEmpty()) {
            return body;
        }
        List<String> names = new ArrayList<>(root.propertyNames());
        String name = names.get(rnd.nextInt(names.size()));
        ObjectNode target = root;
        // sometimes go one level down into a nested object
        if (root.get(name) instanceof ObjectNode inner && !inner.isEmpty() && rnd.nextBoolean()) {
            target = inner;
            List<String> innerNames = new ArrayList<>(inner.propertyNames());
            name = innerNames.get(rnd.nextInt(innerNames.size()));
        }
        int op = rnd.nextInt(13);
        what.append(" ").append(op).append(":").append(name);
        switch (op) {
            case 0 -> target.remove(name);
            case 1 -> target.set(name, randomValue(0));
            case 2 -> target.put(name, "x".repeat(uriLimited ? pick(100, 3_000, 9_000) : pick(100, 5_000, 70_000, 300_000)));
            case 3 -> target.put(name, pick("\u0000", "\uFFFF\uFFFE", "\u202Eevil", "😀".repeat(50), "a\r\nSet-Cookie: x=y",
                    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\\u0000", "${jndi:ldap://x}", "../../etc/passwd", " "));
            case 4 -> target.set(name, nested(1 + rnd.nextInt(60)));
            case 5 -> target.put(name, pick(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 4_294_967_296L));
            case 6 -> target.set(name, Json.MAPPER.getNodeFactory().numberNode(new java.math.BigDecimal("1e400")));
            case 7 -> {
                ArrayNode a = Json.array();
                int n = uriLimited ? pick(0, 1, 200) : pick(0, 1, 200, 3_000);
                for (int i = 0; i < n; i++) {
                    a.add(rnd.nextBoolean() ? "v" + i : String.valueOf(i));
                }
                target.set(name, a);
            }
            case 8 -> target.set("unknown_" + rnd.nextInt(100), randomValue(0));
            case 9 -> target.putNull(name);
            case 10 -> target.set(name, Json.object());
            case 11 -> {
                JsonNode v = target.get(name);
                target.removeAll();
                if (v != null) {
                    target.set(name, v);
                }
            }
            default -> target.put(name, String.valueOf(rnd.nextInt()));
        }
        return body;
    }

    JsonNode randomValue(int depth) {
        int k = rnd.nextInt(depth > 2 ? 5 : 7);
        return switch (k) {
            case 0 -> Json.MAPPER.getNodeFactory().stringNode("s" + rnd.nextInt(10));
            case 1 -> Json.MAPPER.getNodeFactory().numberNode(rnd.nextInt());
            case 2 -> Json.MAPPER.getNodeFactory().booleanNode(rnd.nextBoolean());
            case 3 -> Json.MAPPER.getNodeFactory().nullNode();
            case 4 -> Json.MAPPER.getNodeFactory().numberNode(rnd.nextDouble());
            case 5 -> {
                ObjectNode o = Json.object();
                o.set("k" + rnd.nextInt(3), randomValue(depth + 1));
                yield o;
            }
            default -> {
                ArrayNode a = Json.array();
                a.add(randomValue(depth + 1));
                yield a;
            }
        };
    }

    static JsonNode nested(int depth) {
        JsonNode n = Json.MAPPER.getNodeFactory().stringNode("deep");
        for (int i = 0; i < depth; i++) {
            if (i % 2 == 0) {
                ArrayNode a = Json.array();
                a.add(n);
                n = a;
            } else {
                ObjectNode o = Json.object();
                o.set("a", n);
                n = o;
            }
        }
        return n;
    }

    /** The members of {@code body} as form fields; nested values are written as JSON, with form-level mutations. */
    String form(JsonNode body, StringBuilder what) {
        List<String[]> pairs = new ArrayList<>();
        if (body instanceof ObjectNode o) {
            for (String n : o.propertyNames()) {
                JsonNode v = o.get(n);
                pairs.add(new String[] {n, v.isString() ? v.asString() : v.isNull() ? "" : Json.write(v)});
            }
        }
        int roll = rnd.nextInt(100);
        if (!pairs.isEmpty() && roll < 15) {
            String[] p = pairs.get(rnd.nextInt(pairs.size()));
            pairs.add(new String[] {p[0], rnd.nextBoolean() ? p[1] : "other"});
            what.append(" dup:").append(p[0]);
        } else if (roll < 22) {
            for (int i = 0, n = pick(50, 300); i < n; i++) {
                pairs.add(new String[] {"f" + i, "v"});
            }
            what.append(" many");
        }
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(enc(p[0])).append('=').append(enc(p[1]));
        }
        if (rnd.nextInt(100) < 12) {
            out.append(pick("&%ZZ=1", "&a=%E0%A4", "&%=", "&a=%", "&==&&", "&x=%00", "&k=%C0%AF", "&%F0%9F=1"));
            what.append(" bad-escape");
        }
        return out.toString();
    }

    byte[] textual(byte[] bytes, StringBuilder what) {
        int op = rnd.nextInt(6);
        what.append(" text").append(op);
        return switch (op) {
            case 0 -> java.util.Arrays.copyOf(bytes, rnd.nextInt(Math.max(1, bytes.length)));
            case 1 -> concat(bytes, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0});
            case 2 -> new byte[0];
            case 3 -> duplicateFirstKey(bytes);
            case 4 -> pick("[]", "\"str\"", "42", "null", "true", "{", "{\"a\":}", "\uFEFF{}", "{}{}").getBytes(StandardCharsets.UTF_8);
            default -> concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, bytes);
        };
    }

    /** {@code {"a":1,...}} becomes {@code {"a":"dup","a":1,...}}: the same member twice. */
    static byte[] duplicateFirstKey(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.startsWith("{\"")) {
            int end = s.indexOf('"', 2);
            if (end > 0) {
                String key = s.substring(1, end + 1);
                return ("{" + key + ":\"dup\"," + s.substring(1)).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (s.contains("=")) {
            String first = s.split("&", 2)[0];
            return (first + "&" + s).getBytes(StandardCharsets.ISO_8859_1);
        }
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    // ---- what "changed nothing" means: the content of every table holding resources

    static Map<String, String> snapshot(Connection db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select table_name from information_schema.tables where table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String t : tables) {
            if (VOLATILE.contains(t.toLowerCase())) {
                continue;
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select * from \"" + t + "\"")) {
                int cols = rs.getMetaData().getColumnCount();
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= cols; c++) {
                        row.append(rs.getString(c)).append('\u0001');
                    }
                    rows.add(row.toString());
                }
                rows.sort(null);
                rows.forEach(r -> md.update(r.getBytes(StandardCharsets.UTF_8)));
            }
            out.put(t, HexFormat.of().formatHex(md.digest()));
        }
        return out;
    }

    static JsonNode obj(String json) {
        return Json.parseObject(json);
    }

    static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r.body().isEmpty() ? Json.object() : r.json();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + ")";
    }
}
