package dev.atrium.oauth;

import dev.atrium.clients.Client;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.resourceservers.ApiAccessPolicy;
import dev.atrium.resourceservers.ResourceServer;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcClientGrantStore;
import dev.atrium.storage.JdbcClientStore;
import dev.atrium.storage.JdbcConnectionStore;
import dev.atrium.storage.JdbcResourceServerStore;
import dev.atrium.storage.JdbcRoleStore;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.support.TestOrganizations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.atrium.support.TestRecords.CALLBACK;
import static dev.atrium.support.TestRecords.api;
import static dev.atrium.support.TestRecords.spa;
import static dev.atrium.support.TestRecords.strictThirdParty;
import static dev.atrium.support.TestRecords.webApp;
import static dev.atrium.support.TestRecords.withGrantTypes;
import static dev.atrium.support.TestRecords.withOrganizations;
import static dev.atrium.support.TestRecords.withUserPolicy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthorizeRequestValidator}, one row per check: an application and the {@code /authorize}
 * parameters go in; the validated response type, or the error with its code, its description and
 * whether it is shown as a page (before the redirect URI is trusted) or sent back to the client,
 * comes out. The stores are H2's, without HTTP.
 */
class AuthorizeRequestValidatorTest {
    private static final Client WEB = webApp();
    private static final Client SPA = spa();
    private static final Client IMPLICIT = withGrantTypes(webApp(), "authorization_code", "implicit");
    private static final Client NO_CODE = withGrantTypes(webApp(), "implicit");
    private static final Client STRICT = strictThirdParty();
    private static final Client ORGANIZATIONS = withOrganizations(webApp(), OrganizationUsage.ALLOW, RequireBehavior.NO_PROMPT);
    private static final ResourceServer ORDERS = api("https://orders.example.com/" + UUID.randomUUID(), "read:orders");
    private static final ResourceServer CLOSED = withUserPolicy(api("https://closed.example.com/" + UUID.randomUUID(), "read:x"),
            ApiAccessPolicy.DENY_ALL);
    /** A valid S256 challenge: 43 characters of the allowed alphabet. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static Database db;
    private static AuthorizeRequestValidator validator;

    @BeforeAll
    static void open() {
        db = new Database("jdbc:h2:mem:authorize-validator-" + UUID.randomUUID(), "", "");
        db.migrate();
        Clock clock = Clock.systemUTC();
        var clients = new JdbcClientStore(db.jdbi(), clock);
        var apis = new JdbcResourceServerStore(db.jdbi(), clock);
        for (Client c : List.of(WEB, SPA, IMPLICIT, NO_CODE, STRICT, ORGANIZATIONS)) {
            clients.create(c);
        }
        apis.create(ORDERS);
        apis.create(CLOSED);
        var organizations = new TestOrganizations(db.jdbi(), clock, host -> List.of());
        var loader = new AccessRequestLoader(new JdbcConnectionStore(db.jdbi(), clock),
                new StoreOrganizationDirectory(organizations.organizations, new dev.atrium.storage.JdbcOrganizationStore(db.jdbi(), clock), new dev.atrium.storage.JdbcOrganizationConnectionStore(db.jdbi(), clock), new JdbcRoleStore(db.jdbi(), clock)),
                new JdbcUserStore(db.jdbi(), clock));
        validator = new AuthorizeRequestValidator(clients, apis, new JdbcClientGrantStore(db.jdbi(), clock), loader);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** One row: the application, the parameters besides {@code client_id}, and the rendered outcome. */
    record Case(String name, Client client, Map<String, String> params, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A code-flow request of {@code client} to the registered callback, changed by {@code changes} (name, value; null removes). */
    private static Case row(String name, Client client, String expected, String... changes) {
        Map<String, String> p = new LinkedHashMap<>();
        if (client != null) {
            p.put("client_id", client.clientId());
        }
        p.put("redirect_uri", CALLBACK);
        p.put("response_type", "code");
        p.put("scope", "openid profile");
        p.put("state", "s1");
        if (client != null && client.isPublic()) {
            p.put("code_challenge", CHALLENGE);
            p.put("code_challenge_method", "S256");
        }
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                p.remove(changes[i]);
            } else {
                p.put(changes[i], changes[i + 1]);
            }
        }
        return new Case(name, client, p, expected);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // before the redirect URI is trusted: pages
                row("client_id is required", null, "page invalid_request: Missing required parameter: client_id"),
                row("an unknown client is refused", WEB, "page invalid_request: Unknown client: nobody", "client_id", "nobody"),
                row("redirect_uri is required with openid", WEB, "page invalid_request: Missing required parameter: redirect_uri",
                        "redirect_uri", null),
                row("redirect_uri may be left out without openid when one callback is registered", WEB, "ok code",
                        "redirect_uri", null, "scope", "read:orders"),
                row("a redirect_uri that is not registered is refused", WEB, "page invalid_request: The redirect_uri "
                        + "\"https://evil.example.com/cb\" is not in the list of allowed callback URLs of the application.",
                        "redirect_uri", "https://evil.example.com/cb"),
                // afterwards: redirects
                row("a plain code request passes", WEB, "ok code"),
                row("response_type is required", WEB, "redirect invalid_request: Missing required parameter: response_type",
                        "response_type", null),
                row("token in the front channel is refused", WEB, "redirect unsupported_response_type: Unsupported response type: token",
                        "response_type", "token"),
                row("code needs the authorization_code grant", NO_CODE, "redirect unauthorized_client: "
                        + "Grant type 'authorization_code' not allowed for the client.", "response_type", "code"),
                row("id_token needs the implicit grant", WEB, "redirect unauthorized_client: Grant type 'implicit' not allowed for the client.",
                        "response_type", "id_token", "nonce", "n1"),
                row("id_token needs a nonce", IMPLICIT, "redirect invalid_request: Missing required parameter: nonce",
                        "response_type", "id_token"),
                row("id_token is never sent in the query", IMPLICIT,
                        "redirect invalid_request: response_mode query is not allowed for response_type id_token",
                        "response_type", "id_token", "nonce", "n1", "response_mode", "query"),
                row("code id_token passes in canonical order", IMPLICIT, "ok code id_token",
                        "response_type", "id_token code", "nonce", "n1"),
                row("an unknown response_mode is refused", WEB, "redirect invalid_request: Unsupported response_mode: bogus",
                        "response_mode", "bogus"),
                row("an unknown prompt value is refused", WEB, "redirect invalid_request: Unsupported prompt value: bogus",
                        "prompt", "bogus"),
                row("prompt=none stands alone", WEB, "redirect invalid_request: prompt=none cannot be combined with other values",
                        "prompt", "none login"),
                row("max_age must be a non-negative integer", WEB, "redirect invalid_request: max_age must be a non-negative integer",
                        "max_age", "-1"),
                row("a public client must send a code challenge", SPA, "redirect invalid_request: Missing required parameter: code_challenge",
                        "code_challenge", null, "code_challenge_method", null),
                row("the plain PKCE method is refused", SPA, "redirect invalid_request: code_challenge_method must be S256",
                        "code_challenge_method", "plain"),
                row("a PKCE method without a challenge is refused", WEB, "redirect invalid_request: code_challenge_method requires code_challenge",
                        "code_challenge_method", "S256"),
                row("a malformed code challenge is refused", SPA,
                        "redirect invalid_request: code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]",
                        "code_challenge", "short"),
                row("an unknown audience is refused", WEB, "redirect access_denied: Service not found: https://unknown.example.com",
                        "audience", "https://unknown.example.com"),
                row("an API closed to user flows is refused", WEB, "redirect access_denied: Access to the API \"" + CLOSED.identifier()
                        + "\" is denied for user flows.", "audience", CLOSED.identifier()),
                row("an application for individuals may not name an organization", WEB,
                        "redirect invalid_request: parameter organization is not allowed for this client", "organization", "org_x"),
                row("an application using organizations may name one (the gates judge it later)", ORGANIZATIONS, "ok code",
                        "organization", "org_x"),
                row("a strict third-party application may send only the allowed parameters", STRICT,
                        "redirect invalid_request: parameter screen_hint is not supported for third-party clients", "screen_hint", "signup"),
                row("a strict third-party application must name an API", STRICT,
                        "redirect invalid_request: audience is required for third-party clients"),
                row("a strict third-party application gets the code flow only", STRICT,
                        "redirect unsupported_response_type: response_type id_token is not supported for third-party clients",
                        "response_type", "id_token", "nonce", "n1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesAsTheCheckSays(Case c) {
        assertThat(outcome(c.params())).isEqualTo(c.expected());
    }

    private static String outcome(Map<String, String> p) {
        try {
            AuthorizeRequestValidator.Target target = validator.target(p);
            return "ok " + validator.validate(target, p).request().responseType();
        } catch (AuthorizeError e) {
            return (e.redirect() ? "redirect " : "page ") + e.error().code() + ": " + e.description();
        }
    }
}
