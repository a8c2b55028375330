package dev.atrium.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atrium.bootstrap.Bootstrap;
import dev.atrium.storage.Database;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, points 3 and 5: becoming a dashboard administrator without being made one.
 *
 * <ul>
 *   <li>Through a narrow Management API scope: {@code app_metadata.atrium_admin} written with
 *       {@code update:users_app_metadata}, {@code update:users} or {@code create:users} is inert; the
 *       status is granted only by {@code POST /api/v2/users/{id}/atrium-admin} under its own scope
 *       {@code update:atrium_admins}, or by an administrator in the dashboard, each recording who.</li>
 *   <li>Through {@code ATRIUM_ADMIN_EMAIL}: an account someone else registered first with that email,
 *       unverified, is not promoted at start-up (one warning line, start-up goes on); once verified it
 *       is, and the promotion ends the sessions and refresh tokens it had.</li>
 * </ul>
 */
class AdministratorPromotionTest {
    static final String ADMIN = "admin@example.com";
    static final String ADMIN_PASSWORD = "Adm1n-Passw0rd!";
    static final String PASSWORD = "Us3r-Passw0rd-One!";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(ADMIN, ADMIN_PASSWORD));
    static SecurityFixture fx;

    @BeforeAll
    static void tenant() {
        fx = new SecurityFixture(atrium);
    }

    private static String email() {
        return "u-" + System.nanoTime() + "@example.com";
    }

    private static String adminPath(String userId) {
        return "/users/" + TestAtrium.enc(userId) + "/atrium-admin";
    }

    @Test
    void app_metadata_atrium_admin_written_with_a_narrow_scope_grants_nothing() {
        String email = email();
        String user = fx.createUser(email, PASSWORD);
        String appMetadataOnly = fx.managementClient("update:users_app_metadata");
        TestAtrium.Response patched = atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(user),
                "{\"app_metadata\":{\"atrium_admin\":true}}", appMetadataOnly);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("app_metadata").get("atrium_admin").asBoolean()).isTrue();
        String users = fx.managementClient("create:users", "update:users");
        assertThat(atrium.mgmt("PATCH", "/users/" + TestAtrium.enc(user), "{\"app_metadata\":{\"atrium_admin\":\"true\"}}", users)
                .status()).isEqualTo(200);
        String createdEmail = email();
        assertThat(atrium.mgmt("POST", "/users", "{\"connection\":\"" + SecurityFixture.CONNECTION + "\",\"email\":\"" + createdEmail
                + "\",\"password\":\"" + PASSWORD + "\",\"app_metadata\":{\"atrium_admin\":true}}", users).status()).isEqualTo(201);

        // neither is an administrator, and neither gets into the dashboard
        assertThat(atrium.mgmt("GET", adminPath(user), null).status()).isEqualTo(404);
        assertThat(atrium.mgmt("GET", adminPath(fx.userId(createdEmail)), null).status()).isEqualTo(404);
        for (String e : new String[] {email, createdEmail}) {
            TestBrowser.Page page = SecurityFixture.dashboardSignIn(new TestBrowser(atrium.baseUrl()), e, PASSWORD);
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.doc().selectFirst("h1").text()).isEqualTo("Administrators only");
        }
        // nor can those scopes reach the dedicated operation
        SecurityFixture.assertManagementError(atrium.mgmt("POST", adminPath(user), "{}", users), 403, "insufficient_scope");
        SecurityFixture.assertManagementError(atrium.mgmt("POST", adminPath(user), "{}", appMetadataOnly), 403, "insufficient_scope");
        assertThat(atrium.mgmt("GET", adminPath(user), null).status()).isEqualTo(404);
    }

    @Test
    void the_dedicated_operation_grants_with_its_own_scope_records_who_and_ends_the_users_sessions() {
        String email = email();
        String user = fx.createUser(email, PASSWORD);
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        String refresh = fx.signedInWithRefreshToken(browser, email, PASSWORD).get("refresh_token").asString();
        assertThat(fx.hasSsoSession(browser)).isTrue();

        String admins = fx.managementClient("update:atrium_admins");
        TestAtrium.Response granted = atrium.mgmt("POST", adminPath(user), "{}", admins);
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        assertThat(granted.json().get("granted_by").asString()).startsWith("client:");
        assertThat(atrium.mgmt("POST", adminPath(user), "{}", admins).status()).isEqualTo(200);
        JsonNode record = atrium.mgmt("GET", adminPath(user), null).json();
        assertThat(record.get("granted_by").asString()).isEqualTo(granted.json().get("granted_by").asString());
        // the promotion ended what was signed in before it
        assertThat(fx.hasSsoSession(browser)).isFalse();
        assertThat(fx.refresh(refresh).status()).isEqualTo(403);

        TestBrowser dashboard = new TestBrowser(atrium.baseUrl());
        assertThat(SecurityFixture.dashboardSignIn(dashboard, email, PASSWORD).status()).isEqualTo(200);
        assertThat(atrium.mgmt("DELETE", adminPath(user), null, admins).status()).isEqualTo(204);
        assertThat(dashboard.get("/dashboard").status()).isNotEqualTo(200);
        assertThat(atrium.mgmt("GET", adminPath(user), null).status()).isEqualTo(404);
    }

    @Test
    void an_administrator_grants_and_revokes_the_status_in_the_dashboard() {
        String email = email();
        String user = fx.createUser(email, PASSWORD);
        TestBrowser admin = new TestBrowser(atrium.baseUrl());
        assertThat(SecurityFixture.dashboardSignIn(admin, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
        String page = "/dashboard/users/" + TestAtrium.enc(user);
        TestBrowser.Page confirm = admin.submit(admin.get(page), "form[data-form=administrator]", Map.of());
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(admin.submit(confirm, "form[data-form=confirm]", Map.of()).status()).isEqualTo(303);
        JsonNode record = atrium.mgmt("GET", adminPath(user), null).json();
        assertThat(record.get("granted_by").asString()).isEqualTo("user:" + fx.userId(ADMIN));
        assertThat(SecurityFixture.dashboardSignIn(new TestBrowser(atrium.baseUrl()), email, PASSWORD).status()).isEqualTo(200);

        confirm = admin.submit(admin.get(page), "form[data-form=administrator]", Map.of());
        assertThat(admin.submit(confirm, "form[data-form=confirm]", Map.of()).status()).isEqualTo(303);
        assertThat(atrium.mgmt("GET", adminPath(user), null).status()).isEqualTo(404);
        // an administrator cannot remove their own status
        TestBrowser.Page self = admin.submit(admin.get("/dashboard/users/" + TestAtrium.enc(fx.userId(ADMIN))),
                "form[data-form=administrator]", Map.of());
        assertThat(self.status()).isEqualTo(303);
        assertThat(atrium.mgmt("GET", adminPath(fx.userId(ADMIN)), null).status()).isEqualTo(200);
    }

    @Test
    void start_up_does_not_promote_an_unverified_account_someone_registered_first() {
        String url = "jdbc:h2:mem:atrium-promotion-" + UUID.randomUUID();
        String boss = "boss-" + System.nanoTime() + "@example.com";
        String attackerPassword = "Att4cker-Passw0rd!";
        String operatorPassword = "Operat0r-Passw0rd!";
        Logger log = (Logger) LoggerFactory.getLogger(Bootstrap.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (Database keepAlive = new Database(url, "", "")) {
            SecurityFixture first;
            String sso;
            String refresh;
            String attacker;
            try (TestAtrium s1 = new TestAtrium(c -> c.withDatabase(url, "", "")).start()) {
                first = new SecurityFixture(s1);
                attacker = first.signUp(boss, attackerPassword);
                TestBrowser b = new TestBrowser(s1.baseUrl());
                refresh = first.signedInWithRefreshToken(b, boss, attackerPassword).get("refresh_token").asString();
                sso = SecurityFixture.cookie(b, "atrium_session");
            }
            try (TestAtrium s2 = new TestAtrium(c -> c.withDatabase(url, "", "").withAdmin(boss, operatorPassword)).start()) {
                SecurityFixture fx2 = first.on(s2);
                assertThat(s2.mgmt("GET", adminPath(attacker), null).status()).isEqualTo(404);
                assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                        .filter(m -> m.contains(boss) && m.contains("NOT made an administrator"))).hasSize(1);
                // the account is left alone: the attacker's session, refresh token and password are as they were,
                // and neither password opens the dashboard
                assertThat(fx2.hasSsoSession(fx2.browserWith("atrium_session", sso))).isTrue();
                TestAtrium.Response r = fx2.refresh(refresh);
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                refresh = r.json().get("refresh_token").asString();
                assertThat(SecurityFixture.dashboardSignIn(new TestBrowser(s2.baseUrl()), boss, attackerPassword).status()).isEqualTo(403);
                assertThat(SecurityFixture.dashboardSignIn(new TestBrowser(s2.baseUrl()), boss, operatorPassword).screen())
                        .isEqualTo("login");
                // the owner of the address verifies it
                assertThat(s2.mgmt("PATCH", "/users/" + TestAtrium.enc(attacker), "{\"email_verified\":true}").status()).isEqualTo(200);
            }
            try (TestAtrium s3 = new TestAtrium(c -> c.withDatabase(url, "", "").withAdmin(boss, operatorPassword)).start()) {
                SecurityFixture fx3 = first.on(s3);
                JsonNode record = s3.mgmt("GET", adminPath(attacker), null).json();
                assertThat(record.get("granted_by").asString()).isEqualTo(Bootstrap.GRANTED_BY_CONFIG);
                // the promotion (and the password set from configuration) ended what was signed in before
                assertThat(fx3.hasSsoSession(fx3.browserWith("atrium_session", sso))).isFalse();
                assertThat(fx3.refresh(refresh).status()).isEqualTo(403);
                assertThat(SecurityFixture.dashboardSignIn(new TestBrowser(s3.baseUrl()), boss, attackerPassword).screen())
                        .isEqualTo("login");
                assertThat(SecurityFixture.dashboardSignIn(new TestBrowser(s3.baseUrl()), boss, operatorPassword).status())
                        .isEqualTo(200);
            }
        } finally {
            log.detachAppender(lines);
        }
    }
}
