package dev.atrium.support;

import dev.atrium.Atrium;
import dev.atrium.common.Json;
import dev.atrium.config.AtriumConfig;
import dev.atrium.keys.CryptoProviders;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real Atrium, started in-process on a free port with a fresh in-memory H2 database, once per
 * test class ({@code @RegisterExtension static final TestAtrium atrium = new TestAtrium();}). It has a
 * bootstrap client holding every Management API scope, and a JDK HTTP client to talk to it.
 */
public class TestAtrium implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String BOOTSTRAP_ID = "bootstrapTestClient";
    /**
     * A connection body's field enabling it for the bootstrap client: administrators create users only in a
     * database connection enabled for some application (O67), and a test's connection often has none of its own.
     */
    public static final String ENABLED_FOR_AN_APPLICATION = "\"enabled_clients\":[\"" + BOOTSTRAP_ID + "\"]";
    public static final String BOOTSTRAP_SECRET = "bootstrap-test-secret-0123456789abcdef";
    public static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final UnaryOperator<AtriumConfig> customise;
    private final Clock clock;
    private Atrium atrium;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private dev.atrium.storage.TestUsers users;
    private String managementToken;
    private UnaryOperator<dev.atrium.users.PasswordHasher> hashers = hasher -> hasher;

    public TestAtrium() {
        this(c -> c);
    }

    public TestAtrium(UnaryOperator<AtriumConfig> customise) {
        this(customise, Clock.systemUTC());
    }

    /** A server whose clock the test controls (a {@link TestClock}), for expiry and brute-force delays. */
    public TestAtrium(Clock clock) {
        this(c -> c, clock);
    }

    public TestAtrium(UnaryOperator<AtriumConfig> customise, Clock clock) {
        this.customise = customise;
        this.clock = clock;
    }

    /** The configuration every test server starts from: port 0, a private in-memory database. */
    public static AtriumConfig baseConfig() {
        return AtriumConfig.defaults()
                .withPort(0)
                .withDatabase("jdbc:h2:mem:atrium-" + UUID.randomUUID(), "", "")
                .withEncryptionKey(ENCRYPTION_KEY)
                .withBootstrapClient(BOOTSTRAP_ID, BOOTSTRAP_SECRET)
                .withManagementRateLimit(10_000)
                // the suite signs up many users from one address; SignupFloodTest sets real limits
                .withSignupLimits(new AtriumConfig.SignupLimits(100_000, 100_000));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // as Main does, so tests sign and verify with the provider production uses
        CryptoProviders.install();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (users != null) {
            users.close();
            users = null;
        }
        close();
    }

    /** Wraps the server's password hasher (set before the server starts), to observe the work it does. */
    public TestAtrium withPasswordHasher(UnaryOperator<dev.atrium.users.PasswordHasher> wrap) {
        this.hashers = wrap;
        return this;
    }

    /** Starts the server outside the extension life cycle, for tests that need one of their own (try-with-resources). */
    public TestAtrium start() {
        atrium = Atrium.create(customise.apply(baseConfig()), clock, hashers).start();
        managementToken = null;
        return this;
    }

    @Override
    public void close() {
        if (atrium != null) {
            atrium.close();
            atrium = null;
        }
    }

    /** Users written straight into this server's database, for tests that must not depend on the users API. */
    public dev.atrium.storage.TestUsers users() {
        if (users == null) {
            users = dev.atrium.storage.TestUsers.on(atrium.config().databaseUrl());
        }
        return users;
    }

    public Atrium server() {
        return atrium;
    }

    public String baseUrl() {
        return "http://localhost:" + atrium.port();
    }

    public String issuer() {
        return atrium.issuer();
    }

    public HttpClient http() {
        return http;
    }

    /** A Management API token for the bootstrap client (every scope), fetched once. */
    public String managementToken() {
        if (managementToken == null) {
            managementToken = clientCredentials(BOOTSTRAP_ID, BOOTSTRAP_SECRET, atrium.managementAudience(), null)
                    .json().get("access_token").asString();
        }
        return managementToken;
    }

    /** Forgets the cached Management API token (after a test revoked the key that signed it). */
    public void forgetManagementToken() {
        managementToken = null;
    }

    /** {@code POST /oauth/token} with {@code grant_type=client_credentials} as a form. */
    public Response clientCredentials(String clientId, String secret, String audience, String scope) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials&client_id=" + enc(clientId)
                + "&client_secret=" + enc(secret));
        if (audience != null) {
            form.append("&audience=").append(enc(audience));
        }
        if (scope != null) {
            form.append("&scope=").append(enc(scope));
        }
        return postForm("/oauth/token", form.toString());
    }

    public Response postForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    /** A Management API call with the bootstrap token. {@code body} may be null. */
    public Response mgmt(String method, String path, String body) {
        return mgmt(method, path, body, managementToken());
    }

    public Response mgmt(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An HTTP answer with its body parsed as JSON on demand. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return Json.MAPPER.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }

    public static Path tempKeyFile() {
        return Path.of(System.getProperty("java.io.tmpdir"), "atrium-test-" + UUID.randomUUID() + ".key");
    }
}
