package dev.atrium.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V282 on a database written by an earlier version (issue 15 goal 6): each user's picture is copied from its
 * document into the new column (nothing when the document has none, or not as a string), and on H2 the page of
 * an organization's members is read through the index of the four member columns, not the users' rows.
 */
class MemberViewMigrationTest {

    @Test
    void picturesAreCopiedFromTheDocumentsAndTheMembersPageUsesTheIndex() {
        String url = "jdbc:h2:mem:member-view-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "")) {
            Flyway.configure().dataSource(Database.normalise(url), "", "").locations("classpath:db/migration")
                    .javaMigrations(Database.JAVA_MIGRATIONS.toArray(new JavaMigration[0])).target("281").load().migrate();
            insert(db, "auth0|pictured", "{\"user_id\":\"auth0|pictured\",\"name\":\"P\",\"picture\":\"https://img.example/p.png\"}");
            insert(db, "auth0|plain", "{\"user_id\":\"auth0|plain\",\"name\":\"Q\"}");
            insert(db, "auth0|odd", "{\"user_id\":\"auth0|odd\",\"picture\":{\"url\":\"https://img.example/o.png\"}}");

            db.migrate();

            assertThat(picture(db, "auth0|pictured")).isEqualTo("https://img.example/p.png");
            assertThat(picture(db, "auth0|plain")).isNull();
            assertThat(picture(db, "auth0|odd")).isNull();
            String plan = db.jdbi().withHandle(h -> h.createQuery("explain select u.user_id, u.email, u.name, u.picture "
                    + "from organization_members m join users u on u.user_id = m.user_id where m.organization_id = 'org_x' "
                    + "order by m.organization_id, m.user_id limit 50 offset 0").mapTo(String.class).one());
            assertThat(plan).as("H2 reads the members' columns from the index").contains("users_member_view");
        }
    }

    private static String picture(Database db, String id) {
        return db.jdbi().withHandle(h -> h.createQuery("select picture from users where user_id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    private static void insert(Database db, String id, String doc) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.jdbi().useHandle(h -> h.createUpdate("insert into users (user_id, connection_id, email, username, password_hash, blocked, doc, "
                + "created_at, updated_at) values (:id, 'con_x', :email, null, null, false, :doc, :n, :n)")
                .bind("id", id).bind("email", id.substring(6) + "@example.com").bind("doc", doc).bind("n", now).execute());
    }
}
