package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Inserts rows into {@code users} with plain SQL, for tests of features that need users to exist
 * without going through the users API. Opened on a JDBC URL it shares the in-memory database of a
 * running test server, since H2 keeps named {@code mem:} databases alive for the whole JVM.
 */
public final class TestUsers implements AutoCloseable {
    private final Jdbi jdbi;
    private final Database owned;

    public TestUsers(Jdbi jdbi) {
        this(jdbi, null);
    }

    private TestUsers(Jdbi jdbi, Database owned) {
        this.jdbi = jdbi;
        this.owned = owned;
    }

    /** Opens its own connection pool on {@code databaseUrl}; close it when done. */
    public static TestUsers on(String databaseUrl) {
        Database db = new Database(databaseUrl, "", "");
        return new TestUsers(db.jdbi(), db);
    }

    /** A new database-connection user with a unique id ({@code auth0|} + 24 hex); returns its id. */
    public String create(String email, String name, String picture) {
        String userId = "auth0|" + Ids.hex(12);
        var doc = Json.object().put("user_id", userId).put("email", email).put("name", name).put("picture", picture);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // the columns JdbcUserStore keeps beside the document (name: V10, picture: V282) written as it writes them
        jdbi.useHandle(h -> h.createUpdate("insert into users (user_id, connection_id, email, username, name, picture, password_hash, "
                        + "blocked, doc, created_at, updated_at) values (:id, :con, :email, null, :name, :picture, null, false, :doc, :now, :now)")
                .bind("id", userId).bind("con", "con_" + Ids.alnum(16)).bind("email", email).bind("name", name).bind("picture", picture)
                .bind("doc", Json.write(doc)).bind("now", now).execute());
        return userId;
    }

    /** A new user with a unique email. */
    public String create() {
        String local = "user-" + Ids.alnum(10).toLowerCase();
        return create(local + "@example.com", local, "https://example.com/" + local + ".png");
    }

    /** The stored password hash of a user (issue 16: imported hashes are replaced at sign-in). */
    public java.util.Optional<String> passwordHash(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select password_hash from users where user_id = :id").bind("id", userId)
                .mapTo(String.class).findOne());
    }

    public void delete(String userId) {
        jdbi.useHandle(h -> h.createUpdate("delete from users where user_id = :id").bind("id", userId).execute());
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
