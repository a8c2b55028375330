package dev.atrium.bootstrap;

import dev.atrium.Atrium;
import dev.atrium.config.ConfigException;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcUserStore;
import dev.atrium.support.TestAtrium;
import dev.atrium.users.Argon2PasswordHasher;
import dev.atrium.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The administrator of ATRIUM_ADMIN_EMAIL / ATRIUM_ADMIN_PASSWORD, ensured in the default database connection. */
class AdminBootstrapTest {
    static final String EMAIL = "admin@example.com";
    static final String PASSWORD = "Str0ng-Passw0rd!";

    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withAdmin(EMAIL, PASSWORD));

    @Test
    void adminExistsInTheDefaultConnectionAsARecordedAdministrator() {
        var r = atrium.mgmt("GET", "/users-by-email?email=" + EMAIL, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasSize(1);
        JsonNode admin = r.json().get(0);
        assertThat(admin.get("identities").get(0).get("connection").asString()).isEqualTo("Username-Password-Authentication");
        assertThat(admin.get("email_verified").asBoolean()).isTrue();
        // the status is not a profile field (issue 9, point 3) but a grant that records where it came from
        assertThat(admin.get("app_metadata").has("atrium_admin")).isFalse();
        var grant = atrium.mgmt("GET", "/users/" + TestAtrium.enc(admin.get("user_id").asString()) + "/atrium-admin", null);
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        assertThat(grant.json().get("granted_by").asString()).isEqualTo("config:ATRIUM_ADMIN_EMAIL");
        assertThat(grant.json().get("granted_at").asString()).isNotBlank();
    }

    @Test
    void restartsKeepOneAdminAndFollowThePassword() {
        String url = "jdbc:h2:mem:atrium-admin-" + UUID.randomUUID();
        var config = TestAtrium.baseConfig().withDatabase(url, "", "");
        try (Database keepAlive = new Database(url, "", "")) {
            Atrium.create(config.withAdmin(EMAIL, PASSWORD)).close();
            User first = admin(keepAlive);
            Atrium.create(config.withAdmin(EMAIL, PASSWORD)).close();
            assertThat(admin(keepAlive).passwordHash()).isEqualTo(first.passwordHash());

            Atrium.create(config.withAdmin(EMAIL, "N3w-Passw0rd!")).close();
            User changed = admin(keepAlive);
            assertThat(changed.userId()).isEqualTo(first.userId());
            assertThat(new Argon2PasswordHasher().verify("N3w-Passw0rd!", changed.passwordHash().orElseThrow())).isTrue();
            assertThat(changed.doc().has("last_password_reset")).isTrue();

            assertThatThrownBy(() -> Atrium.create(config.withAdmin(EMAIL, "weak")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("ATRIUM_ADMIN_PASSWORD");
        }
    }

    private static User admin(Database database) {
        var all = new JdbcUserStore(database.jdbi(), Clock.systemUTC()).findAllByEmail(EMAIL);
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
