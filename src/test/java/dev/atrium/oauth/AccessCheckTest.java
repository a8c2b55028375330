package dev.atrium.oauth;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.atrium.support.TestAtrium.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, point 4, over HTTP: the what-if question ({@code POST /api/v2/atrium/access-check}) agrees with real
 * sign-ins on a table of cases, and every real refusal's log entry carries the reason the access decision gave
 * with the inputs it saw.
 */
class AccessCheckTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium();
    static SignInFixture f;
    static String member;
    static String notMember;
    static String noConnection;
    static String denyingClient;

    @BeforeAll
    static void tenant() {
        f = new SignInFixture(atrium);
        assertThat(atrium.mgmt("PATCH", "/clients/" + f.webId, "{\"organization_usage\":\"allow\"}").status()).isEqualTo(200);
        member = org("member", true);
        notMember = org("stranger", true);
        noConnection = org("closed", false);
        assertThat(atrium.mgmt("POST", "/organizations/" + member + "/members", "{\"members\":[\"" + f.userId + "\"]}").status())
                .isEqualTo(204);
        denyingClient = f.webClient("No orgs " + System.nanoTime(), ",\"organization_usage\":\"deny\"").get("client_id").asString();
    }

    static String org(String name, boolean connection) {
        String id = SignInFixture.ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"" + name + "-" + System.nanoTime() % 100000
                + "\"}")).get("id").asString();
        if (connection) {
            assertThat(atrium.mgmt("POST", "/organizations/" + id + "/enabled_connections", "{\"connection_id\":\"" + f.connectionId
                    + "\",\"assign_membership_on_login\":false}").status()).isEqualTo(201);
        }
        return id;
    }

    /** {@code reachesDecision}: the real flow gets as far as the rules (false: its login page offers no connection). */
    record Case(String name, String client, String organization, String expectedDecision, String expectedReason,
                boolean reachesDecision) {
        Case(String name, String client, String organization, String expectedDecision, String expectedReason) {
            this(name, client, organization, expectedDecision, expectedReason, true);
        }
    }

    static JsonNode whatIf(String client, String organization) {
        var r = atrium.mgmt("POST", "/atrium/access-check", "{\"client_id\":\"" + client + "\",\"user_id\":\"" + f.userId + "\""
                + (organization == null ? "" : ",\"organization\":\"" + organization + "\"") + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** A real sign-in in a fresh browser: "allow" when a code comes back, otherwise the error the application got. */
    static String real(String client, String organization) {
        String url = "/authorize?response_type=code&client_id=" + client + "&redirect_uri=" + enc(SignInFixture.WEB_CALLBACK)
                + "&scope=openid&state=s1" + (organization == null ? "" : "&organization=" + organization);
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page page = browser.open(url);
        if ("login".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("username", f.email, "password", SignInFixture.PASSWORD)));
        }
        if ("consent".equals(page.screen())) {
            page = browser.follow(browser.submit(page, "form", Map.of("action", "accept")));
        }
        if (page.status() == 302 && page.location().contains("code=")) {
            return "allow";
        }
        if (page.status() == 302 && page.location().contains("error=")) {
            return SignInFixture.query(page.location()).get("error");
        }
        return "page " + page.status() + " " + page.screen();
    }

    static JsonNode awaitRefusal(String client, String reason) {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonNode list = SignInFixture.ok(atrium.mgmt("GET", "/logs?per_page=100&q=" + enc("type:f AND client_id:" + client), null));
            for (JsonNode e : list) {
                if (reason.equals(e.path("details").path("reason").asString())) {
                    return e;
                }
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no refusal " + reason + " for " + client + " in " + list);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theWhatIfAnswerAgreesWithRealSignInsAndRefusalsAreExplainedInTheLog() {
        List<Case> cases = List.of(
                new Case("no organization, usage allow", f.webId, null, "allow", null),
                new Case("member of the organization", f.webId, member, "allow", null),
                new Case("not a member, no membership on login", f.webId, notMember, "deny", "not_a_member"),
                new Case("connection not enabled for the organization", f.webId, noConnection, "deny",
                        "connection_not_enabled_for_organization", false),
                new Case("organization asked of an application with usage deny", denyingClient, member, "deny",
                        "organization_not_allowed_for_client"));
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            JsonNode answer = whatIf(c.client(), c.organization());
            String outcome = real(c.client(), c.organization());
            if (!answer.get("decision").asString().equals(c.expectedDecision())) {
                problems.add(c.name() + ": what-if said " + answer);
            }
            if (c.expectedDecision().equals("allow")) {
                assertThat(answer.get("allowed").asBoolean()).as(c.name()).isTrue();
                if (!outcome.equals("allow")) {
                    problems.add(c.name() + ": the real sign-in ended with " + outcome);
                }
                continue;
            }
            assertThat(answer.get("reason").asString()).as(c.name()).isEqualTo(c.expectedReason());
            if (!c.reachesDecision()) {
                // the organization's login page offers no connection: refused before anyone can sign in
                assertThat(outcome).as(c.name()).isEqualTo("page 400 login");
                continue;
            }
            assertThat(outcome).as(c.name()).isEqualTo(answer.get("error").asString());
            JsonNode logged = awaitRefusal(c.client(), c.expectedReason());
            assertThat(logged.get("details").get("error").asString()).as(c.name()).isEqualTo(answer.get("error").asString());
            JsonNode inputs = logged.get("details").get("inputs");
            assertThat(inputs.get("client_id").asString()).isEqualTo(c.client());
            assertThat(inputs.get("organization_id").asString()).isEqualTo(c.organization());
            assertThat(answer.get("inputs").get("organization_id").asString()).isEqualTo(c.organization());
            assertThat(logged.get("organization_id").asString()).isEqualTo(c.organization());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theWhatIfQuestionNeedsReadLogsAndNamesWhatItDoesNotKnow() {
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "{\"client_id\":\"nope\",\"user_id\":\"" + f.userId + "\"}").status())
                .isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "{\"client_id\":\"" + f.webId + "\",\"user_id\":\"auth0|nobody\"}")
                .json().get("message").asString()).contains("user_id");
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "{\"client_id\":\"" + f.webId + "\",\"user_id\":\"" + f.userId
                + "\",\"organization\":\"org_doesnotexist00\"}").status()).isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "{\"client_id\":\"" + f.webId + "\",\"extra\":1}").status())
                .isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "[]").status()).isEqualTo(400);
        assertThat(atrium.mgmt("POST", "/atrium/access-check", "{}", "not-a-token").status()).isEqualTo(401);
        // asking records nothing: no refusal appears for a question that would be refused
        long before = SignInFixture.ok(atrium.mgmt("GET", "/logs?include_totals=true&q=" + enc("type:f AND client_id:" + denyingClient),
                null)).get("total").asLong();
        assertThat(whatIf(denyingClient, notMember).get("decision").asString()).isEqualTo("deny");
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(SignInFixture.ok(atrium.mgmt("GET", "/logs?include_totals=true&q=" + enc("type:f AND client_id:" + denyingClient),
                null)).get("total").asLong()).isEqualTo(before);
    }
}
