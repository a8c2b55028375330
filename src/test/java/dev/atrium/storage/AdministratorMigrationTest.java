package dev.atrium.storage;

import dev.atrium.common.Json;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V50 and V51 on a database written by an earlier version (issue 9, points 3 and 12): the users whose
 * {@code app_metadata.atrium_admin} is JSON {@code true} become administrators, with the key removed;
 * look-alikes (a string, the key in {@code user_metadata}) grant nothing; sessions of unknown kind end.
 */
class AdministratorMigrationTest {

    @Test
    void earlierAdministratorsMoveToTheirOwnTableAndLookAlikesDoNot() {
        String url = "jdbc:h2:mem:migration-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "")) {
            Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("41").load().migrate();
            insert(db, "auth0|admin", "{\"user_id\":\"auth0|admin\",\"app_metadata\":{\"atrium_admin\":true,\"plan\":\"gold\"}}");
            insert(db, "auth0|string", "{\"user_id\":\"auth0|string\",\"app_metadata\":{\"atrium_admin\":\"true\"}}");
            insert(db, "auth0|lookalike", "{\"user_id\":\"auth0|lookalike\",\"user_metadata\":{\"atrium_admin\":true},"
                    + "\"app_metadata\":{}}");
            insert(db, "auth0|demoted", "{\"user_id\":\"auth0|demoted\",\"app_metadata\":{\"atrium_admin\":false}}");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            db.jdbi().useHandle(h -> h.createUpdate("insert into sessions (id_hash, sid, user_id, connection_id, auth_time, created_at, "
                    + "last_active_at, expires_at, idle_expires_at, revoked) values ('h1', 's1', 'auth0|admin', 'con_x', :n, :n, :n, :e, :e, false)")
                    .bind("n", now).bind("e", now.plusHours(1)).execute());

            db.migrate();

            List<String> admins = db.jdbi().withHandle(h -> h.createQuery("select user_id from administrators").mapTo(String.class).list());
            assertThat(admins).containsExactly("auth0|admin");
            String grantedBy = db.jdbi().withHandle(h -> h.createQuery("select granted_by from administrators").mapTo(String.class).one());
            assertThat(grantedBy).isEqualTo("migration:app_metadata.atrium_admin");
            String stored = db.jdbi().withHandle(h -> h.createQuery("select doc from users where user_id = 'auth0|admin'")
                    .mapTo(String.class).one());
            var doc = Json.MAPPER.readTree(stored);
            assertThat(doc.get("app_metadata").has("atrium_admin")).isFalse();
            assertThat(doc.get("app_metadata").get("plan").asString()).isEqualTo("gold");
            assertThat(new JdbcSessionStore(db.jdbi()).findByHash("h1").orElseThrow().revoked()).isTrue();
        }
    }

    private static void insert(Database db, String id, String doc) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.jdbi().useHandle(h -> h.createUpdate("insert into users (user_id, connection_id, email, username, password_hash, blocked, doc, "
                + "created_at, updated_at) values (:id, 'con_x', :email, null, null, false, :doc, :n, :n)")
                .bind("id", id).bind("email", id.substring(6) + "@example.com").bind("doc", doc).bind("n", now).execute());
    }
}
