package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, points 1 and 2, over HTTP: each kind of event appears in {@code /api/v2/logs} with its fields after
 * the action that causes it, no password, secret, code or token is ever logged, and the log API answers
 * Auth0's query subset, both paging styles, sorting, field selection and its scopes.
 */
class TenantLogsTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    /** Every credential a test used: none may appear in any log event. */
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        secrets.add(SignInFixture.PASSWORD);
        secrets.add(f.webSecret);
        secrets.add(TestAtrium.BOOTSTRAP_SECRET);
    }

    /** Waits (the log is written asynchronously) for an event matching {@code q} and {@code test}; returns it. */
    static JsonNode await(String q, Predicate<JsonNode> test) {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonNode list = SignInFixture.ok(atrium.mgmt("GET", "/logs?per_page=100&q=" + enc(q), null));
            for (JsonNode e : list) {
                if (test.test(e)) {
                    return e;
                }
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no event for " + q + " in " + list);
            }
            sleep(100);
        }
    }

    /** Like {@link #await}, on any server: the matching event, or null after ten seconds. */
    static JsonNode awaitIn(TestAtrium server, String q, Predicate<JsonNode> test) {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonNode list = SignInFixture.ok(server.mgmt("GET", "/logs?per_page=100&q=" + enc(q), null));
            for (JsonNode e : list) {
                if (test.test(e)) {
                    return e;
                }
            }
            if (System.currentTimeMillis() > end) {
                return null;
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void clientCredentialsExchangesAreLoggedWithClientAudienceAndScope() {
        String audience = atrium.server().managementAudience();
        assertThat(atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET, audience, "read:users").status())
                .isEqualTo(200);
        JsonNode ok = await("type:seccft AND client_id:" + TestAtrium.BOOTSTRAP_ID, e -> "read:users".equals(e.path("scope").asString()));
        assertThat(ok.get("audience").asString()).isEqualTo(audience);
        assertThat(ok.get("description").asString()).isEqualTo("Client Credentials for Access Token");
        assertThat(ok.get("log_id").asString()).hasSize(56).isEqualTo(ok.get("_id").asString());
        assertThat(ok.get("ip").asString()).isNotBlank();
        assertThat(ok.get("user_agent").asString()).isNotBlank();
        assertThat(ok.get("hostname").asString()).startsWith("localhost");
        assertThat(Instant.parse(ok.get("date").asString())).isBefore(Instant.now().plusSeconds(1));

        String wrong = "wrong-secret-" + System.nanoTime();
        secrets.add(wrong);
        assertThat(atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, wrong, audience, null).status()).isEqualTo(401);
        JsonNode failed = await("type:feccft", e -> TestAtrium.BOOTSTRAP_ID.equals(e.path("client_id").asString()));
        assertThat(failed.get("details").get("error").asString()).isEqualTo("access_denied");
    }

    @Test
    void signInsCodeAndRefreshExchangesAndLogoutAreLoggedForTheUser() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String code = f.code(browser, f.authorizeWeb("openid offline_access read:orders", "&audience=" + enc(f.api)));
        secrets.add(code);
        JsonNode s = await("type:s AND user_id:\"" + f.userId + "\"", e -> true);
        assertThat(s.get("client_id").asString()).isEqualTo(f.webId);
        assertThat(s.get("client_name").asString()).startsWith("Orders Web");
        assertThat(s.get("connection").asString()).isEqualTo("Username-Password-Authentication");
        assertThat(s.get("connection_id").asString()).isEqualTo(f.connectionId);
        assertThat(s.get("user_name").asString()).isEqualTo(f.email);

        JsonNode tokens = SignInFixture.ok(f.exchangeWeb(code));
        secrets.add(tokens.get("access_token").asString());
        secrets.add(tokens.get("refresh_token").asString());
        secrets.add(tokens.get("id_token").asString());
        JsonNode exchange = await("type:seacft AND client_id:" + f.webId, e -> f.userId.equals(e.path("user_id").asString()));
        assertThat(exchange.get("audience").asString()).isEqualTo(f.api);
        assertThat(exchange.get("scope").asString()).contains("read:orders");

        JsonNode refreshed = SignInFixture.ok(f.refreshWeb(tokens.get("refresh_token").asString()));
        secrets.add(refreshed.get("refresh_token").asString());
        secrets.add(refreshed.get("access_token").asString());
        await("type:sertft AND user_id:\"" + f.userId + "\"", e -> f.webId.equals(e.path("client_id").asString()));
        assertThat(f.refreshWeb("not-a-refresh-token").status()).isBetween(400, 403);
        await("type:fertft AND client_id:" + f.webId, e -> true);

        // a replayed code is refused (and revokes what it issued)
        var replay = f.exchangeWeb(code);
        assertThat(replay.status()).isBetween(400, 403);
        await("type:feacft AND client_id:" + f.webId,
                e -> e.path("details").path("error").asString().equals(replay.json().get("error").asString()));

        TestBrowser.Page out = browser.get("/v2/logout?client_id=" + f.webId + "&returnTo=" + enc(SignInFixture.WEB_LOGOUT));
        assertThat(out.status()).isEqualTo(302);
        await("type:slo AND user_id:\"" + f.userId + "\"", e -> f.webId.equals(e.path("client_id").asString()));
    }

    @Test
    void wrongPasswordAndUnknownUserAreToldApart() {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page login = browser.open(f.authorizeWeb("openid", ""));
        String wrong = "Wrong-Password-" + System.nanoTime();
        secrets.add(wrong);
        assertThat(browser.submit(login, "form", Map.of("username", f.email, "password", wrong)).status()).isEqualTo(401);
        JsonNode fp = await("type:fp AND client_id:" + f.webId, e -> f.email.equals(e.path("user_name").asString()));
        assertThat(fp.get("details").get("reason").asString()).isEqualTo("wrong_password");
        assertThat(fp.get("connection").asString()).isEqualTo("Username-Password-Authentication");

        String nobody = "nobody-" + System.nanoTime() + "@example.com";
        assertThat(browser.submit(login, "form", Map.of("username", nobody, "password", wrong)).status()).isEqualTo(401);
        JsonNode fu = await("type:fu", e -> nobody.equals(e.path("user_name").asString()));
        assertThat(fu.get("details").get("reason").asString()).isEqualTo("unknown_user");
        assertThat(fu.get("user_id").isNull()).isTrue();
    }

    @Test
    void signUpsSucceedOnceAndFailTheSecondTime() {
        String email = "signup-" + System.nanoTime() + "@example.com";
        String form = "client_id=" + f.webId + "&connection=Username-Password-Authentication&email=" + enc(email)
                + "&password=" + enc(SignInFixture.PASSWORD);
        assertThat(atrium.postForm("/dbconnections/signup", form).status()).isEqualTo(200);
        JsonNode ss = await("type:ss AND client_id:" + f.webId, e -> email.equals(e.path("user_name").asString()));
        assertThat(ss.get("user_id").asString()).startsWith("auth0|");
        assertThat(atrium.postForm("/dbconnections/signup", form).status()).isEqualTo(400);
        JsonNode fs = await("type:fs AND client_id:" + f.webId, e -> email.equals(e.path("user_name").asString()));
        assertThat(fs.get("details").get("reason").asString()).isEqualTo("user_exists");
    }

    @Test
    void managementOperationsAreLoggedOnceWithOperationTargetAndNoCredentials() {
        String email = "mgmt-" + System.nanoTime() + "@example.com";
        JsonNode user = SignInFixture.ok(atrium.mgmt("POST", "/users", "{\"connection\":\"Username-Password-Authentication\","
                + "\"email\":\"" + email + "\",\"password\":\"" + SignInFixture.PASSWORD + "\"}"));
        String userId = user.get("user_id").asString();
        JsonNode created = await("type:sapi", e -> e.path("details").path("request").path("body").path("email").asString().equals(email));
        assertThat(created.get("details").get("operation").asString()).isEqualTo("POST /api/v2/users");
        assertThat(created.get("details").get("request").get("body").get("password").asString()).isEqualTo("[redacted]");
        assertThat(created.get("details").get("response").get("statusCode").asInt()).isEqualTo(201);
        assertThat(created.get("client_id").asString()).isEqualTo(TestAtrium.BOOTSTRAP_ID);

        String newPassword = "An0ther-Good-Passw0rd!";
        secrets.add(newPassword);
        SignInFixture.ok(atrium.mgmt("PATCH", "/users/" + enc(userId), "{\"password\":\"" + newPassword + "\"}"));
        JsonNode patched = await("type:sapi", e -> e.path("details").path("target").path("id").asString().equals(userId));
        assertThat(patched.get("details").get("operation").asString()).isEqualTo("PATCH /api/v2/users/{id}");
        await("type:scp AND user_id:\"" + userId + "\"", e -> e.path("connection").asString().equals("Username-Password-Authentication"));

        assertThat(atrium.mgmt("DELETE", "/users/" + enc(userId), null, "not-a-token").status()).isEqualTo(401);
        // refused before any route matched: the operation is the path as requested
        JsonNode refused = await("type:fapi", e -> e.path("details").path("request").path("path").asString()
                .equals("/api/v2/users/" + enc(userId)) && e.path("details").path("request").path("method").asString().equals("DELETE"));
        assertThat(refused.get("details").get("response").get("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void membershipChangesAndInvitationsAreLogged() {
        JsonNode org = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"logs-org-" + System.nanoTime() + "\"}"));
        String orgId = org.get("id").asString();
        assertThat(atrium.mgmt("POST", "/organizations/" + orgId + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isEqualTo(204);
        JsonNode added = await("type:organization_member_added AND organization_id:" + orgId, e -> true);
        assertThat(added.get("user_id").asString()).isEqualTo(f.userId);
        assertThat(added.get("organization_name").asString()).isEqualTo(org.get("name").asString());
        assertThat(atrium.mgmt("DELETE", "/organizations/" + orgId + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isEqualTo(204);
        await("type:organization_member_removed AND organization_id:" + orgId, e -> f.userId.equals(e.path("user_id").asString()));
        // the route is logged too, with the organization as target
        JsonNode op = await("type:sapi AND organization_id:" + orgId,
                e -> e.path("details").path("operation").asString().equals("DELETE /api/v2/organizations/{id}/members"));
        assertThat(op.get("details").get("target").get("id").asString()).isEqualTo(orgId);
    }

    @Test
    void dynamicRegistrationsAreLogged() {
        SignInFixture.ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"flags\":{\"enable_dynamic_client_registration\":true}}"));
        var r = atrium.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(atrium.baseUrl() + "/oidc/register"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Registered Tool\",\"redirect_uris\":[\"https://tool.example.com/cb\"]}")).build());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        secrets.add(r.json().path("client_secret").asString());
        JsonNode e = await("type:client_registered", x -> "Registered Tool".equals(x.path("client_name").asString()));
        assertThat(e.get("client_id").asString()).isEqualTo(r.json().get("client_id").asString());
    }

    @Test
    void theLogApiFiltersPagesSortsAndSelectsFields() {
        for (int i = 0; i < 3; i++) {
            assertThat(atrium.clientCredentials(TestAtrium.BOOTSTRAP_ID, TestAtrium.BOOTSTRAP_SECRET,
                    atrium.server().managementAudience(), "read:clients").status()).isEqualTo(200);
        }
        await("type:seccft", e -> "read:clients".equals(e.path("scope").asString()));
        sleep(500);
        JsonNode page = SignInFixture.ok(atrium.mgmt("GET", "/logs?include_totals=true&per_page=2&page=0&q=" + enc("type:seccft"), null));
        assertThat(page.get("logs")).hasSize(2);
        assertThat(page.get("start").asInt()).isEqualTo(0);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("length").asInt()).isEqualTo(2);
        long total = page.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        // newest first by default; date:1 reverses
        String first = page.get("logs").get(0).get("log_id").asString();
        String second = page.get("logs").get(1).get("log_id").asString();
        assertThat(first).isGreaterThan(second);
        JsonNode asc = SignInFixture.ok(atrium.mgmt("GET", "/logs?sort=date:1&per_page=1&q=" + enc("type:seccft"), null));
        assertThat(asc.get(0).get("log_id").asString()).isLessThan(second);
        // OR lists, date ranges
        JsonNode both = SignInFixture.ok(atrium.mgmt("GET", "/logs?per_page=100&q=" + enc("type:(\"seccft\" OR \"sapi\")"), null));
        both.forEach(e -> assertThat(e.get("type").asString()).isIn("seccft", "sapi"));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/logs?q=" + enc("type:seccft AND date:[" + today + " TO *]"), null)).size())
                .isGreaterThanOrEqualTo(3);
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/logs?q=" + enc("type:seccft AND date:[2001-01-01 TO 2001-12-31]"), null)))
                .isEmpty();
        // checkpoint paging: from an id onwards, oldest first, never repeating
        JsonNode oldest = SignInFixture.ok(atrium.mgmt("GET", "/logs?sort=date:1&per_page=1&q=" + enc("type:seccft"), null)).get(0);
        List<String> seen = new ArrayList<>();
        seen.add(oldest.get("log_id").asString());
        String from = oldest.get("log_id").asString();
        while (true) {
            JsonNode batch = SignInFixture.ok(atrium.mgmt("GET", "/logs?take=2&from=" + from + "&q=" + enc("type:seccft"), null));
            if (batch.isEmpty()) {
                break;
            }
            for (JsonNode e : batch) {
                assertThat(e.get("log_id").asString()).isGreaterThan(from);
                seen.add(e.get("log_id").asString());
                from = e.get("log_id").asString();
            }
        }
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat((long) seen.size()).isGreaterThanOrEqualTo(total);
        // fields
        JsonNode slim = SignInFixture.ok(atrium.mgmt("GET", "/logs?per_page=1&fields=type,log_id&include_fields=true", null)).get(0);
        assertThat(slim.propertyNames()).containsExactlyInAnyOrder("type", "log_id");
        // one event by id, and an unknown id
        JsonNode one = SignInFixture.ok(atrium.mgmt("GET", "/logs/" + first, null));
        assertThat(one.get("type").asString()).isEqualTo("seccft");
        assertThat(atrium.mgmt("GET", "/logs/9" + "0".repeat(55), null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", "/logs/nonsense", null).status()).isEqualTo(404);
    }

    @Test
    void aUsersLogsAreOnlyTheirs() {
        new TestBrowser(atrium.baseUrl()).open(f.authorizeWeb("openid", ""));
        f.webCode(f.authorizeWeb("openid", ""));
        await("type:s AND user_id:\"" + f.userId + "\"", e -> true);
        JsonNode mine = SignInFixture.ok(atrium.mgmt("GET", "/users/" + enc(f.userId) + "/logs?per_page=100", null));
        assertThat(mine).isNotEmpty();
        mine.forEach(e -> assertThat(e.get("user_id").asString()).isEqualTo(f.userId));
        JsonNode totals = SignInFixture.ok(atrium.mgmt("GET", "/users/" + enc(f.userId) + "/logs?include_totals=true", null));
        assertThat(totals.get("total").asLong()).isEqualTo(totals.get("logs").size());
    }

    @Test
    void badQueriesAreRefusedInTheManagementShape() {
        for (String q : List.of("password:x", "type:", "date:[yesterday TO *]", "type:\"s", "user_id:a*")) {
            var r = atrium.mgmt("GET", "/logs?q=" + enc(q), null);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
            assertThat(r.json().get("errorCode").asString()).isEqualTo("invalid_query_string");
        }
        assertThat(atrium.mgmt("GET", "/logs?take=500", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/logs?from=1%27%20or%201=1", null).status()).isEqualTo(400);
        assertThat(atrium.mgmt("GET", "/logs?sort=type:1", null).status()).isEqualTo(400);
    }

    @Test
    void readingLogsNeedsALogScopeAndPersonalFieldsNeedReadLogsUsers() {
        JsonNode app = SignInFixture.ok(atrium.mgmt("POST", "/clients", "{\"name\":\"log reader " + System.nanoTime()
                + "\",\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"]}"));
        String id = app.get("client_id").asString();
        String secret = app.get("client_secret").asString();
        secrets.add(secret);
        String audience = atrium.server().managementAudience();
        SignInFixture.ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + audience
                + "\",\"scope\":[\"read:logs\",\"read:logs_users\",\"read:users\"]}"));
        String readLogs = atrium.clientCredentials(id, secret, audience, "read:logs").json().get("access_token").asString();
        String readUsers = atrium.clientCredentials(id, secret, audience, "read:users").json().get("access_token").asString();
        secrets.add(readLogs);
        secrets.add(readUsers);
        assertThat(atrium.mgmt("GET", "/logs", null, readUsers).status()).isEqualTo(403);
        assertThat(atrium.mgmt("GET", "/users/" + enc(f.userId) + "/logs", null, readUsers).status()).isEqualTo(403);
        await("type:seccft", e -> id.equals(e.path("client_id").asString()));
        JsonNode seen = atrium.mgmt("GET", "/logs?per_page=100&q=" + enc("client_id:" + id), null, readLogs).json();
        assertThat(seen).isNotEmpty();
        for (JsonNode e : seen) {
            assertThat(e.get("ip").isNull()).isTrue();
            assertThat(e.get("user_agent").isNull()).isTrue();
            assertThat(e.get("client_id").asString()).isEqualTo(id);
        }
        // read:logs_users alone reads events, with the personal fields, and a user's own log
        String readLogsUsers = atrium.clientCredentials(id, secret, audience, "read:logs_users").json().get("access_token").asString();
        secrets.add(readLogsUsers);
        JsonNode full = atrium.mgmt("GET", "/logs?per_page=100&q=" + enc("client_id:" + id), null, readLogsUsers).json();
        assertThat(full).isNotEmpty();
        assertThat(full.get(0).get("ip").asString()).isNotBlank();
        assertThat(full.get(0).get("user_agent").asString()).isNotBlank();
        assertThat(atrium.mgmt("GET", "/users/" + enc(f.userId) + "/logs", null, readLogsUsers).status()).isEqualTo(200);
    }

    /** Runs last by name order is not guaranteed, so it collects what every test so far has done. */
    @Test
    void zzNoCredentialEverAppearsInTheLog() {
        clientCredentialsExchangesAreLoggedWithClientAudienceAndScope();
        signInsCodeAndRefreshExchangesAndLogoutAreLoggedForTheUser();
        wrongPasswordAndUnknownUserAreToldApart();
        managementOperationsAreLoggedOnceWithOperationTargetAndNoCredentials();
        sleep(500);
        StringBuilder all = new StringBuilder();
        String from = "";
        while (true) {
            JsonNode batch = SignInFixture.ok(atrium.mgmt("GET", "/logs?take=100" + (from.isEmpty() ? "&sort=date:1" : "&from=" + from), null));
            if (from.isEmpty()) {
                batch = SignInFixture.ok(atrium.mgmt("GET", "/logs?sort=date:1&per_page=1", null));
            }
            if (batch.isEmpty()) {
                break;
            }
            for (JsonNode e : batch) {
                all.append(e).append('\n');
                from = e.get("log_id").asString();
            }
        }
        assertThat(all.length()).isGreaterThan(1000);
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                assertThat(all.toString()).as("a credential in the log").doesNotContain(s);
            }
        }
    }
}
