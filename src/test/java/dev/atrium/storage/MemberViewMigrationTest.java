package dev.atrium.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V282 and V285 on a database written by an earlier version (issue 15 goal 6): each user's picture is copied from
 * its document into the new column (nothing when the document has none, or not as a string), then each membership
 * gets a copy of its user's email, name and picture, which a page of members is read from.
 */
class MemberViewMigrationTest {

    @Test
    void picturesAreCopiedFromTheDocuments() {
        String url = "jdbc:h2:mem:member-view-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "")) {
            migrateTo(url, "281");
            insert(db, "auth0|pictured", "{\"user_id\":\"auth0|pictured\",\"name\":\"P\",\"picture\":\"https://img.example/p.png\"}");
            insert(db, "auth0|plain", "{\"user_id\":\"auth0|plain\",\"name\":\"Q\"}");
            insert(db, "auth0|odd", "{\"user_id\":\"auth0|odd\",\"picture\":{\"url\":\"https://img.example/o.png\"}}");

            migrateTo(url, "282");

            assertThat(picture(db, "auth0|pictured")).isEqualTo("https://img.example/p.png");
            assertThat(picture(db, "auth0|plain")).isNull();
            assertThat(picture(db, "auth0|odd")).isNull();
        }
    }

    /**
     * V285 on a database written before it: each membership gets its user's email, name and picture, and on H2 a
     * page of members is read from the memberships' own index (V282's index over the users is dropped).
     */
    @Test
    void membershipsGetTheirUsersFieldsAndTheMembersPageReadsNoUser() {
        String url = "jdbc:h2:mem:member-fields-" + UUID.randomUUID();
        try (Database db = new Database(url, "", "")) {
            migrateTo(url, "284");
            insert(db, "auth0|pictured", "{\"user_id\":\"auth0|pictured\",\"name\":\"P\",\"picture\":\"https://img.example/p.png\"}");
            insert(db, "auth0|plain", "{\"user_id\":\"auth0|plain\"}");
            db.jdbi().useHandle(h -> {
                h.execute("update users set name = 'P', picture = 'https://img.example/p.png' where user_id = 'auth0|pictured'");
                h.execute("insert into organizations (id, name, doc, created_at, updated_at) values ('org_x', 'x', '{}', current_timestamp, current_timestamp)");
                h.execute("insert into organization_members (organization_id, user_id, created_at) values "
                        + "('org_x', 'auth0|pictured', current_timestamp), ('org_x', 'auth0|plain', current_timestamp)");
            });

            db.migrate();

            List<String> copies = db.jdbi().withHandle(h -> h.createQuery("select user_id || ' ' || coalesce(member_email, '-') || ' ' "
                    + "|| coalesce(member_name, '-') || ' ' || coalesce(member_picture, '-') from organization_members order by user_id")
                    .mapTo(String.class).list());
            assertThat(copies).containsExactly(
                    "auth0|pictured pictured@example.com P https://img.example/p.png",
                    "auth0|plain plain@example.com - -");
            String plan = db.jdbi().withHandle(h -> h.createQuery("explain select user_id, member_email, member_name, member_picture "
                    + "from organization_members where organization_id = 'org_x' "
                    + "order by organization_id, user_id limit 50 offset 0").mapTo(String.class).one());
            assertThat(plan).as("H2 reads the page from the memberships' index").contains("organization_members_page");
            long oldIndex = db.jdbi().withHandle(h -> h.createQuery("select count(*) from information_schema.indexes "
                    + "where lower(index_name) = 'users_member_view'").mapTo(Long.class).one());
            assertThat(oldIndex).isZero();
        }
    }

    private static void migrateTo(String url, String version) {
        Flyway.configure().dataSource(Database.normalise(url), "", "").locations("classpath:db/migration")
                .javaMigrations(Database.JAVA_MIGRATIONS.toArray(new JavaMigration[0])).target(version).load().migrate();
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
