package dev.atrium.oauth;

import dev.atrium.common.Ids;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Machine-to-machine token quotas (O121, E18) over HTTP: {@code token_quota.client_credentials} on
 * applications and organizations, as the Management API takes it; enforced quotas answer {@code 429}
 * with Auth0's quota headers and issue nothing, unenforced ones only report; two nodes count together.
 */
class TokenQuotaTest {
    private static final String DATABASE = "jdbc:h2:mem:quota-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final String ISSUER = "http://quota.atrium.test/";
    static final TestClock clock = new TestClock();

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withIssuer(ISSUER), clock);
    @RegisterExtension
    static final TestAtrium second = new TestAtrium(c -> c.withDatabase(DATABASE, "", "").withIssuer(ISSUER), clock);

    static String api;

    @BeforeAll
    static void setUp() {
        api = "https://quota-" + Ids.alnum(8).toLowerCase() + ".example.com/";
        ok(atrium.mgmt("POST", "/resource-servers", "{\"identifier\":\"" + api + "\",\"name\":\"Quota " + api
                + "\",\"scopes\":[{\"value\":\"read:things\",\"description\":\"read\"}]}"));
    }

    private static JsonNode ok(TestAtrium.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    private record App(String id, String secret, String grantId) {
    }

    private static App app(String clientFields, String grantFields) {
        JsonNode c = ok(atrium.mgmt("POST", "/clients", "{\"name\":\"quota-" + Ids.alnum(6) + "\",\"app_type\":\"non_interactive\","
                + "\"grant_types\":[\"client_credentials\"]" + clientFields + "}"));
        String id = c.get("client_id").asString();
        String grant = ok(atrium.mgmt("POST", "/client-grants", "{\"client_id\":\"" + id + "\",\"audience\":\"" + api
                + "\",\"scope\":[\"read:things\"]" + grantFields + "}")).get("id").asString();
        return new App(id, c.get("client_secret").asString(), grant);
    }

    private static TestAtrium.Response token(TestAtrium node, App app, String organization) {
        String form = "grant_type=client_credentials&client_id=" + TestAtrium.enc(app.id()) + "&client_secret="
                + TestAtrium.enc(app.secret()) + "&audience=" + TestAtrium.enc(api)
                + (organization == null ? "" : "&organization=" + TestAtrium.enc(organization));
        return node.postForm("/oauth/token", form);
    }

    private static TestAtrium.Response token(App app) {
        return token(atrium, app, null);
    }

    private static String organization(String fields) {
        return ok(atrium.mgmt("POST", "/organizations", "{\"name\":\"quota-" + Ids.alnum(8).toLowerCase() + "\"" + fields + "}"))
                .get("id").asString();
    }

    /** The remaining count of {@code bucket} in a quota header, e.g. {@code b=per_hour;q=2;r=1;t=3599}. */
    private static long remaining(String header, String bucket) {
        assertThat(header).as("quota header").isNotNull();
        Matcher m = Pattern.compile("b=" + bucket + ";q=(\\d+);r=(\\d+);t=(\\d+)").matcher(header);
        assertThat(m.find()).as(header).isTrue();
        return Long.parseLong(m.group(2));
    }

    private static void assertRefused(TestAtrium.Response r, String description) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.json().get("error").asString()).isEqualTo("too_many_requests");
        assertThat(r.json().get("error_description").asString()).isEqualTo(description);
        assertThat(r.json().has("access_token")).isFalse();
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    @DisplayName("E18 an enforced hourly client quota: tokens until it is used up, then 429 with the headers, again in the next hour")
    void E18_enforcedClientQuota() {
        // the test moves an hour on and expects the same UTC day's counter: run it at least three hours before midnight
        java.time.Instant now = clock.instant();
        Duration toMidnight = Duration.between(now, now.atOffset(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        if (toMidnight.compareTo(Duration.ofHours(3)) < 0) {
            clock.advance(toMidnight.plusHours(1));
        }
        App app = app(",\"token_quota\":{\"client_credentials\":{\"per_hour\":2,\"per_day\":100}}", "");
        TestAtrium.Response first = token(app);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(remaining(first.header("Auth0-Client-Quota-Limit"), "per_hour")).isEqualTo(1);
        assertThat(remaining(first.header("Auth0-Client-Quota-Limit"), "per_day")).isEqualTo(99);
        assertThat(first.header("Auth0-Organization-Quota-Limit")).isNull();
        TestAtrium.Response second = token(app);
        assertThat(second.status()).isEqualTo(200);
        assertThat(remaining(second.header("Auth0-Client-Quota-Limit"), "per_hour")).isZero();

        TestAtrium.Response refused = token(app);
        assertRefused(refused, "Client quota exceeded");
        assertThat(remaining(refused.header("Auth0-Client-Quota-Limit"), "per_hour")).isZero();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isLessThanOrEqualTo(3600);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("2");

        clock.advance(Duration.ofHours(1));
        TestAtrium.Response nextHour = token(app);
        assertThat(nextHour.status()).as(nextHour.toString()).isEqualTo(200);
        assertThat(remaining(nextHour.header("Auth0-Client-Quota-Limit"), "per_hour")).isEqualTo(1);
        // the refused request was not counted: two of the day's tokens, then this one
        assertThat(remaining(nextHour.header("Auth0-Client-Quota-Limit"), "per_day")).isEqualTo(97);
    }

    @Test
    @DisplayName("O121 an unenforced quota issues tokens and only reports in the headers")
    void O121_unenforcedQuotaOnlyReports() {
        App app = app(",\"token_quota\":{\"client_credentials\":{\"per_hour\":1,\"enforce\":false}}", "");
        for (int i = 0; i < 3; i++) {
            TestAtrium.Response r = token(app);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("access_token").asString()).isNotEmpty();
            assertThat(remaining(r.header("Auth0-Client-Quota-Limit"), "per_hour")).isZero();
            assertThat(r.header("Retry-After")).isNull();
        }
    }

    @Test
    @DisplayName("O121 an organization's enforced quota refuses its tokens, not the application's tokens without it, and counts nothing refused")
    void O121_organizationQuota() {
        String org = organization(",\"token_quota\":{\"client_credentials\":{\"per_day\":1}}");
        App app = app(",\"token_quota\":{\"client_credentials\":{\"per_hour\":10}}", ",\"organization_usage\":\"allow\"");
        ok(atrium.mgmt("POST", "/organizations/" + org + "/client-grants", "{\"grant_id\":\"" + app.grantId() + "\"}"));

        TestAtrium.Response first = token(atrium, app, org);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(remaining(first.header("Auth0-Organization-Quota-Limit"), "per_day")).isZero();
        assertThat(remaining(first.header("Auth0-Client-Quota-Limit"), "per_hour")).isEqualTo(9);

        TestAtrium.Response refused = token(atrium, app, org);
        assertRefused(refused, "Organization quota exceeded");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("1");

        TestAtrium.Response withoutOrg = token(app);
        assertThat(withoutOrg.status()).as(withoutOrg.toString()).isEqualTo(200);
        assertThat(withoutOrg.header("Auth0-Organization-Quota-Limit")).isNull();
        // the refused organization token did not use the application's quota: 10 - 2 issued
        assertThat(remaining(withoutOrg.header("Auth0-Client-Quota-Limit"), "per_hour")).isEqualTo(8);
    }

    @Test
    @DisplayName("O121 the tenant's default organization quota applies to an organization without its own")
    void O121_tenantDefaultForOrganizations() {
        String org = organization("");
        App app = app("", ",\"organization_usage\":\"allow\",\"allow_any_organization\":true");
        ok(atrium.mgmt("PATCH", "/tenants/settings",
                "{\"default_token_quota\":{\"organizations\":{\"client_credentials\":{\"per_hour\":1}}}}"));
        try {
            assertThat(token(atrium, app, org).status()).isEqualTo(200);
            assertRefused(token(atrium, app, org), "Organization quota exceeded");
        } finally {
            ok(atrium.mgmt("PATCH", "/tenants/settings", "{\"default_token_quota\":null}"));
        }
    }

    @Test
    @DisplayName("O121 two nodes on one database share the count")
    void O121_twoNodesCountTogether() {
        App app = app(",\"token_quota\":{\"client_credentials\":{\"per_hour\":2}}", "");
        assertThat(token(atrium, app, null).status()).isEqualTo(200);
        TestAtrium.Response onSecond = token(second, app, null);
        assertThat(onSecond.status()).as(onSecond.toString()).isEqualTo(200);
        assertThat(remaining(onSecond.header("Auth0-Client-Quota-Limit"), "per_hour")).isZero();
        assertRefused(token(atrium, app, null), "Client quota exceeded");
        assertRefused(token(second, app, null), "Client quota exceeded");
    }

    @Test
    @DisplayName("O121 the Management API takes token_quota on applications as on organizations and refuses malformed ones")
    void O121_managementApiShapes() {
        App app = app("", "");
        JsonNode patched = ok(atrium.mgmt("PATCH", "/clients/" + app.id(), "{\"token_quota\":{\"client_credentials\":{\"per_day\":5}}}"));
        JsonNode cc = patched.get("token_quota").get("client_credentials");
        assertThat(cc.get("per_day").asInt()).isEqualTo(5);
        assertThat(cc.get("enforce").asBoolean()).isTrue();
        assertThat(ok(atrium.mgmt("GET", "/clients/" + app.id(), null)).get("token_quota").get("client_credentials")
                .get("per_day").asInt()).isEqualTo(5);

        for (String bad : new String[] {"{\"client_credentials\":{}}", "{\"client_credentials\":{\"per_hour\":0}}",
                "{\"client_credentials\":{\"per_hour\":2147483648}}", "{\"client_credentials\":{\"per_hour\":\"5\"}}",
                "{\"client_credentials\":{\"enforce\":\"yes\"}}", "{\"client_credentials\":{\"per_minute\":5}}",
                "{\"client_credentials\":{\"per_day\":5},\"authorization_code\":{}}", "5"}) {
            TestAtrium.Response r = atrium.mgmt("PATCH", "/clients/" + app.id(), "{\"token_quota\":" + bad + "}");
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).contains("token_quota");
        }
        // a refused change left the stored quota as it was
        assertThat(ok(atrium.mgmt("GET", "/clients/" + app.id(), null)).get("token_quota").get("client_credentials")
                .get("per_day").asInt()).isEqualTo(5);

        JsonNode cleared = ok(atrium.mgmt("PATCH", "/clients/" + app.id(), "{\"token_quota\":null}"));
        assertThat(cleared.path("token_quota").isNull() || cleared.path("token_quota").isMissingNode()).isTrue();
        for (int i = 0; i < 7; i++) {
            assertThat(token(app).status()).isEqualTo(200);
        }
    }
}
